import { type Activity, feed, feedExpiry } from '../domain/activity.js';
import { isoTimestamp } from '../domain/time.js';

/**
 * The feed of the repository's current list, made once and kept until the list is replaced
 * (the repository hands out a new list after each write) or one of its activities expires.
 * Every read route starts from it, so a read no longer filters and sorts every activity.
 * It is frozen, so its JSON is made once too (http/json-response.ts).
 */
export class FeedCache {
  private source: readonly Activity[] | undefined;
  private live: readonly Activity[] = [];
  /** The feed is valid while now is before this; undefined while nothing can expire. */
  private expiresAt: string | undefined;

  of(source: readonly Activity[], now: Date): readonly Activity[] {
    const nowText = isoTimestamp(now);
    if (source !== this.source || (this.expiresAt !== undefined && nowText >= this.expiresAt)) {
      this.live = Object.freeze(feed(source, now));
      this.expiresAt = feedExpiry(this.live);
      this.source = source;
    }
    return this.live;
  }
}
