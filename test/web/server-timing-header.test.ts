import { serverTimingDuration } from '../../web/src/server-timing';

describe('reading a Server-Timing header in the browser client', () => {
  it.each([
    ['app;dur=12.5', 12.5],
    ['db;dur=3, app;desc="API";dur=7', 7],
    ['app ; DUR = 0.25', 0.25],
    ['cache;desc=hit, app;dur=0', 0],
  ])('%s → %d ms', (header, expected) => {
    expect(serverTimingDuration(header, 'app')).toBe(expected);
  });

  it.each([null, '', 'db;dur=3', 'app', 'app;dur=', 'app;dur=fast', 'application;dur=4'])(
    'gives no duration for %p',
    (header) => {
      expect(serverTimingDuration(header, 'app')).toBeUndefined();
    },
  );
});
