import { trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';
import type { AppState } from './state.js';

/** The route template @koa/router matched, e.g. /api/activities/@:handle. */
export function matchedRoute(ctx: object): string | undefined {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : undefined;
}

/**
 * Puts the current user and the route template on the request's server span, so that
 * "latency by user" is one query and span names never carry raw paths. Runs first, when
 * the active span is still the HTTP server span.
 */
export function requestTelemetry(): Middleware<AppState> {
  return async (ctx, next) => {
    const span = trace.getActiveSpan();
    try {
      await next();
    } finally {
      if (span) {
        const route = matchedRoute(ctx);
        if (route !== undefined) {
          span.setAttribute('http.route', route);
          span.updateName(`${ctx.method} ${route}`);
        }
        span.setAttributes({
          'enduser.id': ctx.state.user.handle,
          'app.user_id': ctx.state.user.handle,
        });
      }
    }
  };
}
