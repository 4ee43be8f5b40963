/** What a link into Honeycomb's UI needs (see config.ts for where each part comes from). */
export interface HoneycombUi {
  baseUrl: string;
  team: string;
  environment: string;
  dataset: string;
}

/** The fields that tie a log line to its span, as OpenTelemetry's log correlation names them. */
export interface TraceFields {
  trace_id: string;
  span_id: string;
  trace_flags: string;
}

/** Trace flags as W3C trace context writes them: two hex digits ('01' when sampled). */
export function traceFlagsHex(flags: number): string {
  // The two values the SDK sets, without a number-to-string conversion on every log line.
  if (flags === 0) return '00';
  if (flags === 1) return '01';
  return flags.toString(16).padStart(2, '0');
}

/** The X-Ray form of an OpenTelemetry trace id (X-Ray ids start with epoch seconds). */
export function xrayTraceId(traceId: string): string {
  return `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`;
}

/** A link that opens the trace in Honeycomb's UI, or undefined when team/environment are not configured. */
export function honeycombTraceUrl(
  ui: HoneycombUi | undefined,
  traceId: string,
  startedAt: Date,
): string | undefined {
  if (!ui) return undefined;
  const start = Math.floor(startedAt.getTime() / 1000) - 60;
  const url = new URL(
    `/${encodeURIComponent(ui.team)}/environments/${encodeURIComponent(ui.environment)}/datasets/${encodeURIComponent(ui.dataset)}/trace`,
    ui.baseUrl,
  );
  url.searchParams.set('trace_id', traceId);
  url.searchParams.set('trace_start_ts', String(start));
  url.searchParams.set('trace_end_ts', String(start + 600));
  return url.toString();
}
