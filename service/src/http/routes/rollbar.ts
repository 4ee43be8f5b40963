import Router from '@koa/router';
import type { AppState } from '../state.js';

/** The error-tracking smoke route. */
export function rollbarRouter(): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/rollbar/test', (ctx) => {
    ctx.body = 'Hello World!';
  });
  return router;
}
