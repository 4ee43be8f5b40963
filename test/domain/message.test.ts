import {
  conversation,
  createMessageRecord,
  messageGroups,
  newMessageSchema,
} from '../../service/src/domain/message';
import { seedData } from '../../service/src/domain/seed';
import { validate } from '../../service/src/domain/validation';

const now = new Date('2026-11-24T12:00:00Z');
const andrew = { handle: 'andrewbrown', display_name: 'Andrew Brown' };
const worf = { handle: 'worf', display_name: 'Worf' };

describe('message validation', () => {
  it.each([
    [{}, ['message_blank', 'user_receiver_handle_blank']],
    [{ user_receiver_handle: ' ', message: 'hi' }, ['user_receiver_handle_blank']],
    [{ user_receiver_handle: 'worf', message: 'z'.repeat(1025) }, ['message_exceed_max_chars']],
  ])('%j is refused with %j', (input, codes) => {
    expect(validate(newMessageSchema, input)).toEqual({ ok: false, errors: codes });
  });

  it('normalises the receiver handle', () => {
    expect(validate(newMessageSchema, { user_receiver_handle: '@Worf', message: 'hi' })).toEqual({
      ok: true,
      value: { user_receiver_handle: 'worf', message: 'hi' },
    });
  });
});

describe('conversations', () => {
  const { messages } = seedData(now, andrew);

  it('lists the inbox by most recent message, naming the other person', () => {
    const groups = messageGroups(messages, 'andrewbrown');
    expect(groups.map((g) => [g.handle, g.display_name, g.message])).toEqual([
      ['worf', 'Worf', 'This platform is great!'],
      ['garek', 'Garek', 'Would you like a fitting?'],
    ]);
    expect(messageGroups(messages, 'garek').map((g) => g.handle)).toEqual(['andrewbrown']);
  });

  it('shows both directions of a conversation, oldest first', () => {
    const reply = createMessageRecord(
      { message: 'Honor!', sender: worf, receiver: andrew },
      { uuid: 'r1', message_group_uuid: '417c360e-c4e6-4fce-873b-d2d71469b4ac' },
      new Date(now.getTime() + 1000),
    );
    const thread = conversation([...messages, reply], 'andrewbrown', 'worf');
    expect(thread.map((m) => [m.handle, m.message])).toEqual([
      ['andrewbrown', 'Cloud is fun!'],
      ['andrewbrown', 'This platform is great!'],
      ['worf', 'Honor!'],
    ]);
  });
});
