import type { TelemetryConfig } from '../config.js';
import type { RequestErrorReport } from '../infra/error-reporter.js';
import { honeycombTraceUrl, xrayTraceId } from '../trace-ids.js';
import { matchedRoute } from './request-telemetry.js';
import type { AppContext } from './state.js';

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

/** What the error report says about a failed request, and how to find its trace. */
export function requestErrorReport(
  ctx: AppContext,
  honeycombUi: TelemetryConfig['honeycombUi'],
): RequestErrorReport {
  const context = traceContext(ctx);
  if (ctx.state.errorReference) context.error_reference = ctx.state.errorReference;
  const traced = ctx.state.trace;
  const link = traced && honeycombTraceUrl(honeycombUi, traced.traceId, traced.startedAt);
  if (link) context.honeycomb_trace_url = link;
  return {
    method: ctx.method,
    url: ctx.href,
    route: matchedRoute(ctx),
    headers: { ...ctx.headers },
    ip: ctx.ip,
    user: { id: ctx.state.user.handle, username: ctx.state.user.handle },
    context,
  };
}
