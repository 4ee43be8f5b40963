import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

const SHOWN_ATTRIBUTES = [
  'http.route',
  'http.response.status_code',
  'enduser.id',
  'url.query',
  'error.type',
];
const MAX_PENDING_TRACES = 1000;

function isLocalRoot(span: ReadableSpan): boolean {
  return span.parentSpanContext === undefined || span.parentSpanContext.isRemote === true;
}

function milliseconds(span: ReadableSpan): string {
  const [seconds, nanos] = span.duration;
  return `${(seconds * 1e3 + nanos / 1e6).toFixed(1)} ms`;
}

function describe(span: ReadableSpan): string {
  const parts = [span.name, milliseconds(span)];
  if (span.kind !== SpanKind.INTERNAL) parts.push(SpanKind[span.kind].toLowerCase());
  if (span.status.code === SpanStatusCode.ERROR)
    parts.push(`ERROR${span.status.message ? `: ${span.status.message}` : ''}`);
  for (const [key, value] of Object.entries(span.attributes)) {
    if (SHOWN_ATTRIBUTES.includes(key) || key.startsWith('app.'))
      parts.push(`${key}=${String(value)}`);
  }
  return parts.join('  ');
}

/** Draws one trace as an indented tree, children in start order. */
export function renderTraceTree(spans: ReadableSpan[]): string {
  const byParent = new Map<string, ReadableSpan[]>();
  const ids = new Set(spans.map((span) => span.spanContext().spanId));
  const roots: ReadableSpan[] = [];
  for (const span of spans) {
    const parentId = span.parentSpanContext?.spanId;
    if (parentId === undefined || !ids.has(parentId)) {
      roots.push(span);
      continue;
    }
    byParent.set(parentId, [...(byParent.get(parentId) ?? []), span]);
  }
  const started = (a: ReadableSpan, b: ReadableSpan) =>
    a.startTime[0] - b.startTime[0] || a.startTime[1] - b.startTime[1];

  const lines: string[] = [];
  const walk = (span: ReadableSpan, prefix: string, last: boolean, top: boolean) => {
    lines.push(top ? describe(span) : `${prefix}${last ? '└─ ' : '├─ '}${describe(span)}`);
    const children = (byParent.get(span.spanContext().spanId) ?? []).sort(started);
    const childPrefix = top ? '' : `${prefix}${last ? '   ' : '│  '}`;
    children.forEach((child, index) => {
      walk(child, childPrefix, index === children.length - 1, false);
    });
  };
  for (const root of roots.sort(started)) walk(root, '', true, true);

  const first = spans[0];
  const serviceName = first?.resource.attributes['service.name'];
  const service = typeof serviceName === 'string' ? serviceName : 'unknown';
  const traceId = first?.spanContext().traceId ?? '';
  return `── trace ${traceId} (${service}) ──\n${lines.join('\n')}\n`;
}

/**
 * The default, account-free trace view: collects a trace's spans and prints the tree to
 * stderr when its local root span ends.
 */
export class TraceTreeExporter implements SpanExporter {
  private readonly pending = new Map<string, ReadableSpan[]>();

  constructor(
    private readonly write: (text: string) => void = (text) => process.stderr.write(text),
  ) {}

  export(spans: ReadableSpan[], resultCallback: (result: ExportResult) => void): void {
    for (const span of spans) {
      const traceId = span.spanContext().traceId;
      const collected = [...(this.pending.get(traceId) ?? []), span];
      this.pending.delete(traceId);
      if (isLocalRoot(span)) this.write(renderTraceTree(collected));
      else this.pending.set(traceId, collected);
    }
    // Spans whose root never ends here (it lives in another process) must not pile up.
    for (const traceId of this.pending.keys()) {
      if (this.pending.size <= MAX_PENDING_TRACES) break;
      this.pending.delete(traceId);
    }
    resultCallback({ code: ExportResultCode.SUCCESS });
  }

  shutdown(): Promise<void> {
    this.pending.clear();
    return Promise.resolve();
  }
}
