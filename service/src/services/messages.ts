import {
  conversation,
  createMessageRecord,
  existingGroupUuid,
  type Message,
  type MessageGroup,
  messageGroups,
  newMessageSchema,
  toMessage,
} from '../domain/message.js';
import type { User } from '../domain/user.js';
import { validate } from '../domain/validation.js';
import type { ServiceContext } from './context.js';
import { invalid, notFound, ok, type Outcome } from './outcome.js';

export class MessageService {
  constructor(private readonly ctx: ServiceContext) {}

  async groups(user: User): Promise<MessageGroup[]> {
    return messageGroups(await this.ctx.repository.listMessages(), user.handle);
  }

  async conversationWith(user: User, rawHandle: string): Promise<Outcome<Message[]>> {
    const handle = rawHandle.trim().toLowerCase();
    if (handle === '') return invalid(['blank_user_handle']);
    if (!(await this.ctx.repository.findUser(handle))) return notFound('user_not_found');
    return ok(conversation(await this.ctx.repository.listMessages(), user.handle, handle));
  }

  async send(input: unknown, sender: User): Promise<Outcome<Message>> {
    const parsed = validate(newMessageSchema, input);
    if (!parsed.ok) return invalid(parsed.errors);
    const receiver = await this.ctx.repository.findUser(parsed.value.user_receiver_handle);
    if (!receiver) return notFound('user_not_found');
    const records = await this.ctx.repository.listMessages();
    const record = createMessageRecord(
      { message: parsed.value.message, sender, receiver },
      {
        uuid: this.ctx.newId(),
        message_group_uuid:
          existingGroupUuid(records, sender.handle, receiver.handle) ?? this.ctx.newId(),
      },
      this.ctx.now(),
    );
    await this.ctx.repository.addMessage(record);
    return ok(toMessage(record));
  }
}
