import { SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';
import { honeycombTraceUrl, type HoneycombUi, xrayTraceId } from '../diagnostics/trace-ids.js';
import type { AppContext, AppState } from './state.js';

/** The route template @koa/router matched, e.g. /api/activities/@:handle. */
export function matchedRoute(ctx: object): string | undefined {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : undefined;
}

/** The request's trace ids, in OTel and X-Ray form, for a report to lead back to its trace. */
export function traceContext(ctx: AppContext): Record<string, string> {
  const traced = ctx.state.trace;
  return traced
    ? {
        trace_id: traced.traceId,
        span_id: traced.spanId,
        xray_trace_id: xrayTraceId(traced.traceId),
      }
    : {};
}

/** The request's trace in Honeycomb's UI, when the request is traced and links are configured. */
export function traceUrl(
  ctx: AppContext,
  honeycombUi: HoneycombUi | undefined,
): string | undefined {
  const traced = ctx.state.trace;
  return traced && honeycombTraceUrl(honeycombUi, traced.traceId, traced.startedAt);
}

/**
 * Puts the current user and the route template on the request's server span, so that
 * "latency by user" is one query and span names never carry raw paths, and records an
 * unexpected error on it. Runs first, when the active span is still the HTTP server span.
 * The response's W3C `traceresponse` header hands the trace id (and whether it was
 * sampled) to the client, so a bug report can point at its trace.
 */
export function requestTelemetry(): Middleware<AppState> {
  return async (ctx, next) => {
    const span = trace.getActiveSpan();
    if (span) {
      const { traceId, spanId, traceFlags } = span.spanContext();
      ctx.state.trace = { traceId, spanId, startedAt: new Date() };
      ctx.set(
        'traceresponse',
        `00-${traceId}-${spanId}-${traceFlags.toString(16).padStart(2, '0')}`,
      );
    }
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
        if (ctx.state.error) {
          span.recordException(ctx.state.error);
          span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.state.error.message });
          if (ctx.state.errorReference)
            span.setAttribute('app.error_reference', ctx.state.errorReference);
        }
      }
    }
  };
}
