import type { Middleware } from 'koa';
import type { TelemetryConfig } from '../config.js';
import type { Logger } from '../infra/logger.js';
import { honeycombTraceUrl } from '../trace-ids.js';
import { matchedRoute } from './request-telemetry.js';
import type { AppState } from './state.js';

/** One info line per request, with a link to its trace in Honeycomb when configured. */
export function accessLog(
  logger: Logger,
  honeycombUi: TelemetryConfig['honeycombUi'],
): Middleware<AppState> {
  return async (ctx, next) => {
    const startedAt = performance.now();
    try {
      await next();
    } finally {
      const traced = ctx.state.trace;
      logger.info('request', {
        method: ctx.method,
        route: matchedRoute(ctx) ?? null,
        status: ctx.status,
        duration_ms: Math.round((performance.now() - startedAt) * 10) / 10,
        user: ctx.state.user.handle,
        ...(ctx.state.errorReference ? { error_reference: ctx.state.errorReference } : {}),
        ...(traced
          ? { trace_url: honeycombTraceUrl(honeycombUi, traced.traceId, traced.startedAt) }
          : {}),
      });
    }
  };
}
