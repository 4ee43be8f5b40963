import fc from 'fast-check';
import {
  createActivity,
  feed,
  newActivitySchema,
  newReplySchema,
} from '../../service/src/domain/activity';
import { seedData } from '../../service/src/domain/seed';
import { isoTimestamp, oncePerMillisecond } from '../../service/src/domain/time';
import { validate } from '../../service/src/domain/validation';

const now = new Date('2026-11-24T12:00:00Z');
const author = { handle: 'andrewbrown', display_name: 'Andrew Brown' };

describe('activity validation', () => {
  it.each([
    [{}, ['ttl_blank', 'message_blank']],
    [{ ttl: '2-days', message: 'hi' }, ['ttl_blank']],
    [{ ttl: '1-day', message: '   ' }, ['message_blank']],
    [{ ttl: '1-day', message: 42 }, ['message_blank']],
    [{ ttl: '1-day', message: 'x'.repeat(281) }, ['message_exceed_max_chars']],
    [{ ttl: null, message: 'x'.repeat(300) }, ['ttl_blank', 'message_exceed_max_chars']],
    ['not an object', ['ttl_blank', 'message_blank']],
    [
      [1, 2],
      ['ttl_blank', 'message_blank'],
    ],
  ])('%j is refused with %j', (input, codes) => {
    expect(validate(newActivitySchema, input)).toEqual({ ok: false, errors: codes });
  });

  it('trims the message', () => {
    expect(validate(newActivitySchema, { ttl: '1-day', message: '  hi  ' })).toEqual({
      ok: true,
      value: { ttl: '1-day', message: 'hi' },
    });
  });

  it('counts characters, not UTF-16 units: 280 emoji fit', () => {
    expect(validate(newActivitySchema, { ttl: '1-hour', message: '🚀'.repeat(280) }).ok).toBe(true);
    expect(validate(newActivitySchema, { ttl: '1-hour', message: '🚀'.repeat(281) })).toEqual({
      ok: false,
      errors: ['message_exceed_max_chars'],
    });
  });

  it('allows replies up to 1024 characters', () => {
    expect(validate(newReplySchema, { message: 'y'.repeat(1024) }).ok).toBe(true);
    expect(validate(newReplySchema, { message: 'y'.repeat(1025) })).toEqual({
      ok: false,
      errors: ['message_exceed_max_chars'],
    });
  });
});

describe('createActivity', () => {
  it.each([
    ['30-days', 720],
    ['7-days', 168],
    ['3-days', 72],
    ['1-day', 24],
    ['12-hours', 12],
    ['3-hours', 3],
    ['1-hour', 1],
  ] as const)('expires %s after creation', (ttl, hours) => {
    const activity = createActivity({ ttl, message: 'hello' }, author, 'id', now);
    expect(Date.parse(activity.expires_at) - Date.parse(activity.created_at)).toBe(
      hours * 3_600_000,
    );
    expect(activity.created_at).toBe('2026-11-24T12:00:00.000+00:00');
  });
});

describe('feed', () => {
  it('drops expired activities and orders the rest newest first', () => {
    const { activities } = seedData(now, author);
    const later = new Date(now.getTime() + 13 * 3_600_000); // garek's post lives 12 hours
    expect(feed(activities, now).map((a) => a.handle)).toEqual(['garek', 'andrewbrown', 'worf']);
    expect(feed(activities, later).map((a) => a.handle)).toEqual(['andrewbrown', 'worf']);
  });
});

describe('timestamps', () => {
  it('compare as strings as their times do (the feed relies on it)', () => {
    const instant = fc.date({
      min: new Date('1970-01-01T00:00:00Z'),
      max: new Date('9999-12-31T23:59:59Z'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(instant, instant, (a, b) => {
        const [x, y] = [isoTimestamp(a), isoTimestamp(b)];
        expect(Math.sign(a.getTime() - b.getTime())).toBe(x < y ? -1 : x > y ? 1 : 0);
      }),
    );
  });

  it('are formatted once per millisecond, and again for the next one', () => {
    const format = jest.fn((date: Date) => date.toISOString());
    const formatted = oncePerMillisecond(format);
    const at = new Date('2026-11-24T12:00:00.001Z');
    expect(formatted(at)).toBe('2026-11-24T12:00:00.001Z');
    expect(formatted(new Date(at.getTime()))).toBe('2026-11-24T12:00:00.001Z');
    expect(formatted(new Date(at.getTime() + 1))).toBe('2026-11-24T12:00:00.002Z');
    expect(format).toHaveBeenCalledTimes(2);
  });
});
