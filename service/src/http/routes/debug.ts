import Router from '@koa/router';
import type { AppState } from '../state.js';

/**
 * Routes that fail on purpose, mounted only with DEBUG_ROUTES=true: a way to watch a real
 * failure travel to Rollbar, the logs and the trace.
 */
export function debugRouter(): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/debug' });
  router.get('/error', () => {
    // The fake secret shows scrubbing at work: no log, span or report carries its value.
    throw new Error('Deliberate failure from /api/debug/error (password=not-a-real-secret)');
  });
  // Outside any request: the process reports it, then exits as after any uncaught exception.
  router.post('/uncaught', (ctx) => {
    setImmediate(() => {
      throw new Error(
        'Deliberate uncaught exception from /api/debug/uncaught (token=not-a-real-secret)',
      );
    });
    ctx.status = 202;
    ctx.body = { status: 'exiting' };
  });
  return router;
}
