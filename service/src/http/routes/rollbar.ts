import Router from '@koa/router';
import type { ErrorReporter } from '../../infra/error-reporter.js';
import { traceContext } from '../error-report.js';
import type { AppState } from '../state.js';

/** The error-tracking smoke route: a "Hello World!" warning in Rollbar, as in the seed. */
export function rollbarRouter(errors: ErrorReporter): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/rollbar/test', (ctx) => {
    errors.warning('Hello World!', traceContext(ctx));
    ctx.body = 'Hello World!';
  });
  return router;
}
