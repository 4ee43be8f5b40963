import { context, INVALID_TRACEID, trace } from '@opentelemetry/api';
import { type TraceFields, traceFlagsHex } from '../diagnostics/trace-ids.js';

/**
 * The active span's ids, for the log line being written; undefined outside a span.
 * The logger asks for them itself (infra/logger.ts) rather than through
 * instrumentation-winston, which patched every write to look up the context twice, test
 * the ids with two regular expressions and tag the line with the context: measured
 * interleaved, about 6 µs of an unsampled home-feed request (two lines; docs/performance.md).
 */
export function activeTraceFields(): TraceFields | undefined {
  const span = trace.getSpan(context.active());
  if (!span) return undefined;
  const { traceId, spanId, traceFlags } = span.spanContext();
  // All zeros only if the SDK failed to start: a string comparison, as in http/server-span.ts.
  if (traceId === INVALID_TRACEID) return undefined;
  return { trace_id: traceId, span_id: spanId, trace_flags: traceFlagsHex(traceFlags) };
}
