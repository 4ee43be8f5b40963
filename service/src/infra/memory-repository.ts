import type { Activity, Reply } from '../domain/activity.js';
import type { MessageRecord } from '../domain/message.js';
import type { Repository } from '../domain/repository.js';
import type { SeedData } from '../domain/seed.js';
import type { User } from '../domain/user.js';

/** Beyond this many activities, messages, or replies to one activity, the oldest go. */
export const DEFAULT_MAX_RECORDS = 1000;

/** Drops the oldest entries of an insertion-ordered collection beyond `max`. */
function trimMap<V>(map: Map<string, V>, max: number): void {
  for (const key of map.keys()) {
    if (map.size <= max) return;
    map.delete(key);
  }
}

function trimArray(array: unknown[], max: number): void {
  if (array.length > max) array.splice(0, array.length - max);
}

/**
 * Keeps everything in process memory. Callers get copies, so nothing they do to a
 * returned object changes what is stored. It is bounded, so that sustained writes (a load
 * test, a misbehaving client) cannot grow the process until it is killed.
 */
export class MemoryRepository implements Repository {
  private readonly users: Map<string, User>;
  private readonly activities: Map<string, Activity>;
  private readonly notifications: Map<string, Activity[]>;
  private readonly messages: MessageRecord[];

  constructor(
    seed: SeedData,
    private readonly maxRecords = DEFAULT_MAX_RECORDS,
  ) {
    this.users = new Map(seed.users.map((user) => [user.handle, user]));
    this.activities = new Map(
      seed.activities.map((activity) => [activity.uuid, structuredClone(activity)]),
    );
    this.notifications = structuredClone(seed.notifications);
    this.messages = structuredClone(seed.messages);
  }

  findUser(handle: string): Promise<User | undefined> {
    return Promise.resolve(structuredClone(this.users.get(handle)));
  }

  listActivities(): Promise<Activity[]> {
    return Promise.resolve(structuredClone([...this.activities.values()]));
  }

  findActivity(uuid: string): Promise<Activity | undefined> {
    return Promise.resolve(structuredClone(this.activities.get(uuid.toLowerCase())));
  }

  addActivity(activity: Activity): Promise<void> {
    this.activities.set(activity.uuid, structuredClone(activity));
    trimMap(this.activities, this.maxRecords);
    return Promise.resolve();
  }

  addReply(reply: Reply): Promise<Activity | undefined> {
    const activity = this.activities.get(reply.reply_to_activity_uuid);
    if (activity) {
      activity.replies.push(structuredClone(reply));
      activity.replies_count += 1;
      trimArray(activity.replies, this.maxRecords);
    }
    return Promise.resolve(structuredClone(activity));
  }

  listNotifications(handle: string): Promise<Activity[]> {
    return Promise.resolve(structuredClone(this.notifications.get(handle) ?? []));
  }

  listMessages(): Promise<MessageRecord[]> {
    return Promise.resolve(structuredClone(this.messages));
  }

  addMessage(record: MessageRecord): Promise<void> {
    this.messages.push(structuredClone(record));
    trimArray(this.messages, this.maxRecords);
    return Promise.resolve();
  }
}
