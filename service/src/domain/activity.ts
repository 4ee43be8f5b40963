import { z } from 'zod';
import { messageText } from './text.js';
import { hoursFrom, isoTimestamp } from './time.js';
import type { User } from './user.js';

/**
 * Activities and replies are values, never changed in place: the repository hands out the
 * objects it stores (frozen), and a change is a new object.
 */
export interface Reply {
  readonly uuid: string;
  readonly reply_to_activity_uuid: string;
  readonly handle: string;
  readonly display_name: string;
  readonly message: string;
  readonly likes_count: number;
  readonly replies_count: number;
  readonly reposts_count: number;
  readonly created_at: string;
}

export interface Activity {
  readonly uuid: string;
  readonly handle: string;
  readonly display_name: string;
  readonly message: string;
  readonly created_at: string;
  readonly expires_at: string;
  readonly likes_count: number;
  readonly replies_count: number;
  readonly reposts_count: number;
  readonly replies: readonly Reply[];
}

export const ACTIVITY_MAX_CHARS = 280;
export const REPLY_MAX_CHARS = 1024;

export const TTL_HOURS = {
  '30-days': 720,
  '7-days': 168,
  '3-days': 72,
  '1-day': 24,
  '12-hours': 12,
  '3-hours': 3,
  '1-hour': 1,
} as const;
export type Ttl = keyof typeof TTL_HOURS;

const ttlValues = Object.keys(TTL_HOURS) as [Ttl, ...Ttl[]];

export const newActivitySchema = z.object({
  ttl: z.enum(ttlValues, { error: 'ttl_blank' }),
  message: messageText(ACTIVITY_MAX_CHARS),
});
export type NewActivity = z.infer<typeof newActivitySchema>;

export const newReplySchema = z.object({ message: messageText(REPLY_MAX_CHARS) });
export type NewReply = z.infer<typeof newReplySchema>;

export function createActivity(
  input: NewActivity,
  author: User,
  uuid: string,
  now: Date,
): Activity {
  return {
    uuid,
    handle: author.handle,
    display_name: author.display_name,
    message: input.message,
    created_at: isoTimestamp(now),
    expires_at: isoTimestamp(hoursFrom(now, TTL_HOURS[input.ttl])),
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
    replies: [],
  };
}

export function createReply(
  input: NewReply,
  author: User,
  to: Activity,
  uuid: string,
  now: Date,
): Reply {
  return {
    uuid,
    reply_to_activity_uuid: to.uuid,
    handle: author.handle,
    display_name: author.display_name,
    message: input.message,
    likes_count: 0,
    replies_count: 0,
    reposts_count: 0,
    created_at: isoTimestamp(now),
  };
}

/** Timestamps are isoTimestamp's strings, which compare as their times do. */
export function isLive(activity: Activity, now: Date): boolean {
  return activity.expires_at > isoTimestamp(now);
}

/** Live activities, newest first. */
export function feed(activities: readonly Activity[], now: Date): Activity[] {
  const nowText = isoTimestamp(now);
  return activities
    .filter((activity) => activity.expires_at > nowText)
    .sort((a, b) => (a.created_at < b.created_at ? 1 : a.created_at > b.created_at ? -1 : 0));
}

/** When a feed first changes without a write: the earliest time one of its activities expires. */
export function feedExpiry(live: readonly Activity[]): string | undefined {
  let earliest: string | undefined;
  for (const { expires_at: expiresAt } of live)
    if (earliest === undefined || expiresAt < earliest) earliest = expiresAt;
  return earliest;
}

export function matchesSearch(activity: Activity, term: string): boolean {
  const needle = term.toLowerCase();
  return (
    activity.message.toLowerCase().includes(needle) ||
    activity.handle.includes(needle) ||
    activity.display_name.toLowerCase().includes(needle)
  );
}

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
