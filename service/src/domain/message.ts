import { z } from 'zod';
import { handleText, messageText } from './text.js';
import { isoTimestamp } from './time.js';
import type { User } from './user.js';

export const MESSAGE_MAX_CHARS = 1024;

/** A direct message as stored: one sender, one receiver, in one group (conversation). */
export interface MessageRecord {
  readonly uuid: string;
  readonly message_group_uuid: string;
  readonly sender: User;
  readonly receiver: User;
  readonly message: string;
  readonly created_at: string;
}

/** A message as the API shows it: who wrote it and what. */
export interface Message {
  uuid: string;
  display_name: string;
  handle: string;
  message: string;
  created_at: string;
}

/**
 * One conversation in the inbox: shown like a message, with the group's uuid, the other
 * person as who, and the latest message as what.
 */
export type MessageGroup = Message;

// Fields in the documented order, which is the order of the validation codes.
export const newMessageSchema = z.object({
  message: messageText(MESSAGE_MAX_CHARS),
  user_receiver_handle: handleText('user_receiver_handle_blank'),
});
export type NewMessage = z.infer<typeof newMessageSchema>;

function isBetween(record: MessageRecord, a: string, b: string): boolean {
  return (
    (record.sender.handle === a && record.receiver.handle === b) ||
    (record.sender.handle === b && record.receiver.handle === a)
  );
}

export function toMessage(record: MessageRecord): Message {
  return {
    uuid: record.uuid,
    display_name: record.sender.display_name,
    handle: record.sender.handle,
    message: record.message,
    created_at: record.created_at,
  };
}

/** The messages between two people, oldest first. */
export function conversation(records: readonly MessageRecord[], a: string, b: string): Message[] {
  return records
    .filter((record) => isBetween(record, a, b))
    .sort((x, y) => Date.parse(x.created_at) - Date.parse(y.created_at))
    .map(toMessage);
}

/** The conversation uuid two people already share, if any. */
export function existingGroupUuid(
  records: readonly MessageRecord[],
  a: string,
  b: string,
): string | undefined {
  return records.find((record) => isBetween(record, a, b))?.message_group_uuid;
}

/** Every conversation `handle` takes part in, most recently active first. */
export function messageGroups(records: readonly MessageRecord[], handle: string): MessageGroup[] {
  const latest = new Map<string, MessageRecord>();
  for (const record of records) {
    if (record.sender.handle !== handle && record.receiver.handle !== handle) continue;
    const current = latest.get(record.message_group_uuid);
    if (!current || Date.parse(record.created_at) >= Date.parse(current.created_at)) {
      latest.set(record.message_group_uuid, record);
    }
  }
  return [...latest.values()]
    .sort((x, y) => Date.parse(y.created_at) - Date.parse(x.created_at))
    .map((record) => {
      const other = record.sender.handle === handle ? record.receiver : record.sender;
      return {
        ...toMessage(record),
        uuid: record.message_group_uuid,
        display_name: other.display_name,
        handle: other.handle,
      };
    });
}

export function createMessageRecord(
  input: { message: string; sender: User; receiver: User },
  ids: { uuid: string; message_group_uuid: string },
  now: Date,
): MessageRecord {
  return { ...ids, ...input, created_at: isoTimestamp(now) };
}
