import { honeycombTraceUrl, type HoneycombUi, xrayTraceId } from '../diagnostics/trace-ids.js';
import type { AppContext } from './state.js';

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
