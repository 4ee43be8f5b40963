import fc from 'fast-check';
import { type Activity, createActivity, feed } from '../../service/src/domain/activity';
import { hoursFrom } from '../../service/src/domain/time';
import { FeedCache } from '../../service/src/services/feed-cache';

const start = new Date('2026-11-24T12:00:00Z');
const author = { handle: 'andrewbrown', display_name: 'Andrew Brown' };
const TTLS = ['3-hours', '1-hour', '12-hours', '1-day'] as const;

function activity(index: number, ttl: (typeof TTLS)[number], createdAt: Date): Activity {
  return createActivity({ message: `post ${index}`, ttl }, author, `uuid-${index}`, createdAt);
}

describe('FeedCache', () => {
  it('hands out the same frozen feed until the list is replaced', () => {
    const cache = new FeedCache();
    const list = [activity(1, '1-hour', start), activity(2, '1-day', hoursFrom(start, 0.5))];
    const first = cache.of(list, start);
    expect(Object.isFrozen(first)).toBe(true);
    expect(cache.of(list, hoursFrom(start, 0.9))).toBe(first);
    const replaced = [...list];
    expect(cache.of(replaced, hoursFrom(start, 0.9))).not.toBe(first);
  });

  it('always equals the feed made afresh, as time passes and the list is replaced', () => {
    const step = fc.oneof(
      fc.record({ advanceMinutes: fc.integer({ min: 0, max: 400 }) }),
      fc.record({ add: fc.constantFrom(...TTLS) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const cache = new FeedCache();
        let now = start;
        let list: readonly Activity[] = [];
        steps.forEach((entry, index) => {
          if ('add' in entry) list = [...list, activity(index, entry.add, now)];
          else now = new Date(now.getTime() + entry.advanceMinutes * 60_000);
          expect(cache.of(list, now)).toEqual(feed(list, now));
        });
      }),
    );
  });

  it('drops an activity at the millisecond it expires', () => {
    const cache = new FeedCache();
    const list = [activity(1, '1-hour', start), activity(2, '1-day', start)];
    const expiry = hoursFrom(start, 1);
    expect(cache.of(list, new Date(expiry.getTime() - 1))).toHaveLength(2);
    expect(cache.of(list, expiry).map((a) => a.uuid)).toEqual(['uuid-2']);
  });
});
