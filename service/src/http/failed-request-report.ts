import type { RequestErrorReport } from '../diagnostics/error-reporter.js';
import type { HoneycombUi } from '../diagnostics/trace-ids.js';
import { matchedRoute, traceContext, traceUrl } from './request-telemetry.js';
import type { AppContext } from './state.js';

/** What the error report says about a failed request, and how to find its trace. */
export function failedRequestReport(
  ctx: AppContext,
  honeycombUi: HoneycombUi | undefined,
): RequestErrorReport {
  const context = traceContext(ctx);
  if (ctx.state.errorReference) context.error_reference = ctx.state.errorReference;
  const link = traceUrl(ctx, honeycombUi);
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
