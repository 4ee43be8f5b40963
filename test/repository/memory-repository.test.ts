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
