import type { Activity, Reply } from './activity.js';
import type { MessageRecord } from './message.js';
import type { User } from './user.js';

/**
 * Where Cruddur keeps its data. Asynchronous so that a database can take the place of
 * memory. What it returns is read-only: callers never change it in place.
 */
export interface Repository {
  findUser(handle: string): Promise<User | undefined>;
  listActivities(): Promise<readonly Activity[]>;
  findActivity(uuid: string): Promise<Activity | undefined>;
  addActivity(activity: Activity): Promise<void>;
  /** Appends the reply to its activity and counts it; undefined when the activity is gone. */
  addReply(reply: Reply): Promise<Activity | undefined>;
  listNotifications(handle: string): Promise<readonly Activity[]>;
  listMessages(): Promise<readonly MessageRecord[]>;
  addMessage(record: MessageRecord): Promise<void>;
}
