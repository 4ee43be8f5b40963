import Router from '@koa/router';
import type { ErrorReporter } from '../../infra/error-reporter.js';
import { xrayTraceId } from '../../trace-ids.js';
import type { AppState } from '../state.js';

/** The error-tracking smoke route: a "Hello World!" warning in Rollbar, as in the seed. */
export function rollbarRouter(errors: ErrorReporter): Router<AppState> {
  const router = new Router<AppState>();
  router.get('/rollbar/test', (ctx) => {
    const traced = ctx.state.trace;
    errors.warning(
      'Hello World!',
      traced
        ? {
            trace_id: traced.traceId,
            span_id: traced.spanId,
            xray_trace_id: xrayTraceId(traced.traceId),
          }
        : {},
    );
    ctx.body = 'Hello World!';
  });
  return router;
}
