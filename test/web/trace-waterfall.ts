import type { ReceivedSpan } from '../support/otlp-receiver';
import { honeycombSpanKind } from '../support/honeycomb-columns';
import { text } from './joined-trace';

const COLOURS: Record<string, string> = {
  'cruddur-frontend': '#9500ff',
  'cruddur-backend': '#0298ec',
};
const escape = (text: string) =>
  text.replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] ?? c,
  );

/**
 * One trace as an HTML waterfall (a bar per span on a shared time axis, indented by depth,
 * coloured by service), for a browser to screenshot: the docs' picture of the joined trace.
 */
export function traceWaterfallHtml(spans: ReceivedSpan[]): string {
  const start = spans.reduce(
    (min, s) => (s.startTimeUnixNano < min ? s.startTimeUnixNano : min),
    spans[0]?.startTimeUnixNano ?? 0n,
  );
  const end = spans.reduce(
    (max, s) => (s.endTimeUnixNano > max ? s.endTimeUnixNano : max),
    start + 1n,
  );
  const percent = (t: bigint) => (Number(t - start) / Number(end - start)) * 100;
  const byId = new Map(spans.map((span) => [span.spanId, span]));
  const depth = (span: ReceivedSpan): number => {
    const parent = byId.get(span.parentSpanId);
    return parent ? depth(parent) + 1 : 0;
  };
  const rows = [...spans]
    .sort((a, b) => Number(a.startTimeUnixNano - b.startTimeUnixNano))
    .map((span) => {
      const service = text(span.resource['service.name']);
      const ms = Number(span.endTimeUnixNano - span.startTimeUnixNano) / 1e6;
      const network = span.attributes['app.network_ms'];
      const label = [span.name, honeycombSpanKind(span), `${ms.toFixed(1)} ms`]
        .concat(network === undefined ? [] : [`app.network_ms=${text(network)}`])
        .join(' · ');
      const left = percent(span.startTimeUnixNano);
      const width = Math.max(percent(span.endTimeUnixNano) - left, 0.3);
      const bar = `left:${left}%;width:${width}%;background:${COLOURS[service] ?? '#888'}`;
      return [
        `<div class="row"><div class="name" style="padding-left:${depth(span) * 16}px">`,
        `${escape(service)}</div><div class="axis"><div class="bar" style="${bar}"></div>`,
        `<span class="label" style="left:${left}%">${escape(label)}</span></div></div>`,
      ].join('');
    });
  return `<!doctype html><meta charset="utf-8"><style>
body{font:13px system-ui,sans-serif;margin:16px;background:#fff;color:#222}
h1{font-size:15px}.row{display:flex;align-items:center;height:34px;border-bottom:1px solid #eee}
.name{width:190px;flex:none}.axis{position:relative;flex:1;height:100%}
.bar{position:absolute;top:5px;height:10px;border-radius:3px}.label{position:absolute;top:17px;white-space:nowrap}
</style><h1>trace ${escape(spans[0]?.traceId ?? '')}</h1>${rows.join('')}`;
}
