import type { ReceivedSpan } from '../support/otlp-receiver';
import { honeycombSpanKind } from '../support/honeycomb-columns';

const SHOWN = ['http.request.method', 'http.route', 'app.network_ms', 'app.server_ms'];

/** An attribute value as text: strings as they are, anything else as JSON. */
export const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

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

/** One trace as a tree, children in start order, with each span's service and kind. */
export function renderJoinedTrace(spans: ReceivedSpan[]): string {
  const ids = new Set(spans.map((span) => span.spanId));
  const children = (parent: string) =>
    spans
      .filter((span) => span.parentSpanId === parent)
      .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano));
  const lines = [`trace ${spans[0]?.traceId ?? ''}`];
  const walk = (span: ReceivedSpan, prefix: string, last: boolean) => {
    lines.push(`${prefix}${last ? '└─ ' : '├─ '}${describe(span)}`);
    const below = children(span.spanId);
    below.forEach((child, index) => {
      walk(child, `${prefix}${last ? '   ' : '│  '}`, index === below.length - 1);
    });
  };
  const roots = spans.filter((span) => !ids.has(span.parentSpanId));
  roots.forEach((root, index) => {
    walk(root, '', index === roots.length - 1);
  });
  return `${lines.join('\n')}\n`;
}
