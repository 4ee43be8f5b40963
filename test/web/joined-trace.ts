import type { ReceivedSpan } from '../support/otlp-receiver';
import { honeycombSpanKind } from '../support/honeycomb-columns';

const SHOWN = ['http.request.method', 'http.route', 'app.network_ms', 'app.server_ms'];

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function describe(span: ReceivedSpan): string {
  const ms = Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
  const attributes = SHOWN.filter((key) => span.attributes[key] !== undefined).map(
    (key) => `${key}=${text(span.attributes[key])}`,
  );
  return [
    `${span.name}  [${text(span.resource['service.name'])}, ${honeycombSpanKind(span)}]`,
    `${ms.toFixed(1)} ms`,
    ...attributes,
  ].join('  ');
}

/** One trace as an indented tree with each span's service and kind: the docs' picture. */
export function renderJoinedTrace(spans: ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parent: string) =>
    spans
      .filter((span) => span.parentSpanId === parent)
      .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
  const lines: string[] = [`trace ${spans[0]?.traceId ?? ''}`];
  const walk = (span: ReceivedSpan, depth: number) => {
    lines.push(`${'   '.repeat(depth)}└─ ${describe(span)}`);
    for (const child of children(span.spanId)) walk(child, depth + 1);
  };
  for (const root of spans.filter((span) => !ids.has(span.parentSpanId))) walk(root, 0);
  return `${lines.join('\n')}\n`;
}
