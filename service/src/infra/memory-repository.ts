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
 * A deep copy, frozen: what the caller keeps stays its own, and what is stored never changes.
 * Records are plain data (objects, arrays, primitives), copied here by spreading:
 * structuredClone, which also copies what records never hold, cost several times as much.
 */
function frozenCopy<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (!Array.isArray(value) && Object.getPrototypeOf(value) !== Object.prototype)
    throw new TypeError('the repository stores plain data only');
  const copy = (Array.isArray(value) ? [...value] : { ...value }) as Record<string, unknown>;
  for (const key of Object.keys(copy)) copy[key] = frozenCopy(copy[key]);
  return Object.freeze(copy) as T;
}

/**
 * Keeps everything in process memory. It copies on write and hands out what it stores, frozen,
 * so a read costs no copy and nothing a caller does changes what is stored. It is bounded,
 * so that sustained writes (a load test, a misbehaving client) cannot grow the process
 * until it is killed.
 */
export class MemoryRepository implements Repository {
  private readonly users: Map<string, User>;
  private readonly activities: Map<string, Activity>;
  /** The activities as one frozen list, made on the first read after a write. */
  private activityList: readonly Activity[] | undefined;
  private readonly notifications: Map<string, readonly Activity[]>;
  /** Replaced, not changed, on every write: a list handed out stays as it was. */
  private messages: readonly MessageRecord[];

  constructor(
    seed: SeedData,
    private readonly maxRecords = DEFAULT_MAX_RECORDS,
  ) {
    this.users = new Map(seed.users.map((user) => [user.handle, frozenCopy(user)]));
    this.activities = new Map(
      seed.activities.map((activity) => [activity.uuid, frozenCopy(activity)]),
    );
    this.notifications = new Map(
      [...seed.notifications].map(([handle, list]) => [handle, frozenCopy(list)]),
    );
    this.messages = frozenCopy(seed.messages);
  }

  findUser(handle: string): Promise<User | undefined> {
    return Promise.resolve(this.users.get(handle));
  }

  listActivities(): Promise<readonly Activity[]> {
    this.activityList ??= Object.freeze([...this.activities.values()]);
    return Promise.resolve(this.activityList);
  }

  findActivity(uuid: string): Promise<Activity | undefined> {
    return Promise.resolve(this.activities.get(uuid.toLowerCase()));
  }

  addActivity(activity: Activity): Promise<void> {
    this.activities.set(activity.uuid, frozenCopy(activity));
    trimMap(this.activities, this.maxRecords);
    this.activityList = undefined;
    return Promise.resolve();
  }

  addReply(reply: Reply): Promise<Activity | undefined> {
    const activity = this.activities.get(reply.reply_to_activity_uuid);
    if (!activity) return Promise.resolve(undefined);
    const replies = [...activity.replies, frozenCopy(reply)];
    trimArray(replies, this.maxRecords);
    // Everything else in it is stored already, so frozen: only the two new levels need it.
    const updated = Object.freeze({
      ...activity,
      replies: Object.freeze(replies),
      replies_count: activity.replies_count + 1,
    });
    this.activities.set(activity.uuid, updated);
    this.activityList = undefined;
    return Promise.resolve(updated);
  }

  listNotifications(handle: string): Promise<readonly Activity[]> {
    return Promise.resolve(this.notifications.get(handle) ?? []);
  }

  listMessages(): Promise<readonly MessageRecord[]> {
    return Promise.resolve(this.messages);
  }

  addMessage(record: MessageRecord): Promise<void> {
    const messages = [...this.messages, frozenCopy(record)];
    trimArray(messages, this.maxRecords);
    this.messages = Object.freeze(messages);
    return Promise.resolve();
  }
}
