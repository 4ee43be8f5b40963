import { randomUUID } from 'node:crypto';
import { createActivity, createReply } from '../../service/src/domain/activity';
import { seedData } from '../../service/src/domain/seed';
import { MemoryRepository } from '../../service/src/infra/memory-repository';

const now = new Date('2026-11-24T12:00:00Z');
const author = { handle: 'andrewbrown', display_name: 'Andrew Brown' };

function post(repository: MemoryRepository, message: string) {
  const activity = createActivity({ message, ttl: '7-days' }, author, randomUUID(), now);
  return repository.addActivity(activity).then(() => activity);
}

describe('the in-memory repository', () => {
  it('keeps the newest activities once it is full, and nothing else changes', async () => {
    const repository = new MemoryRepository(seedData(now, author), 5);
    const added = [];
    for (let i = 0; i < 8; i += 1) added.push(await post(repository, `post ${i}`));
    const stored = await repository.listActivities();
    expect(stored.map((activity) => activity.message)).toEqual(
      added.slice(-5).map((activity) => activity.message),
    );
    expect(await repository.findUser('worf')).toMatchObject({ handle: 'worf' });
  });

  it('keeps the newest replies of an activity, counting all of them', async () => {
    const repository = new MemoryRepository(seedData(now, author), 3);
    const activity = await post(repository, 'replied to');
    for (let i = 0; i < 5; i += 1) {
      await repository.addReply(
        createReply({ message: `reply ${i}` }, author, activity, randomUUID(), now),
      );
    }
    const stored = await repository.findActivity(activity.uuid);
    expect(stored?.replies.map((reply) => reply.message)).toEqual([
      'reply 2',
      'reply 3',
      'reply 4',
    ]);
    expect(stored?.replies_count).toBe(5);
  });
});

describe('what the in-memory repository hands out', () => {
  it('is frozen, so no caller can change what is stored', async () => {
    const repository = new MemoryRepository(seedData(now, author));
    const [first] = await repository.listActivities();
    expect(() => {
      (first as { message: string }).message = 'changed';
    }).toThrow(/read only/);
    expect(() => {
      (first?.replies as unknown[]).push({});
    }).toThrow(/not extensible/);
    expect(Object.isFrozen(await repository.listMessages())).toBe(true);
    expect(Object.isFrozen(await repository.findUser('worf'))).toBe(true);
  });

  it('stays as it was when the repository is written to afterwards', async () => {
    const repository = new MemoryRepository(seedData(now, author));
    const activities = await repository.listActivities();
    const target = activities[0];
    if (!target) throw new Error('the seed has activities');
    const messages = await repository.listMessages();
    await post(repository, 'later');
    await repository.addReply(createReply({ message: 'later' }, author, target, randomUUID(), now));
    const [record] = messages;
    if (!record) throw new Error('the seed has messages');
    await repository.addMessage({ ...record, uuid: randomUUID() });

    expect(activities).toHaveLength(3);
    expect(target.replies).toHaveLength(1);
    expect(messages).toHaveLength(3);
    expect(await repository.listActivities()).toHaveLength(4);
    expect((await repository.findActivity(target.uuid))?.replies).toHaveLength(2);
    expect(await repository.listMessages()).toHaveLength(4);
  });

  it('is a copy of what the caller stored: changing the original changes nothing', async () => {
    const repository = new MemoryRepository(seedData(now, author));
    const activity: { uuid: string; message: string } = await post(repository, 'mine');
    activity.message = 'changed afterwards';
    expect((await repository.findActivity(activity.uuid))?.message).toBe('mine');
  });
});
