import Router from '@koa/router';
import type { ErrorReporter } from '../../diagnostics/error-reporter.js';
import { traceContext } from '../request-telemetry.js';
import type { AppState } from '../state.js';

/**
 * The error-tracking smoke route: a "Hello World!" warning in Rollbar, at the seed's path.
 * Mounted only with the debug routes: an unauthenticated GET that creates a Rollbar item.
 */
export function rollbarRouter(errorReporter: ErrorReporter): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/rollbar/test', (ctx) => {
    errorReporter.warning('Hello World!', traceContext(ctx));
    ctx.body = 'Hello World!';
  });
  return router;
}
