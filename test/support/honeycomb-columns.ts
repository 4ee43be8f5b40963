import type { QuerySpec } from '../../honeycomb/src/definitions';
import type { ReceivedSpan } from './otlp-receiver';

const SPAN_KINDS = ['unspecified', 'internal', 'server', 'client', 'producer', 'consumer'];
const STATUS_ERROR = 2;

/**
 * The columns Honeycomb gives the event it makes of an OTLP span: every span and resource
 * attribute under its own name, plus the fields Honeycomb derives (name, service.name,
 * trace.trace_id, trace.span_id, trace.parent_id on child spans, duration_ms, span.kind,
 * status_code, error on spans whose status is ERROR, library.name).
 */
export function honeycombColumns(span: ReceivedSpan): Set<string> {
  const derived = ['name', 'service.name', 'trace.trace_id', 'trace.span_id', 'duration_ms'];
  derived.push('span.kind', 'status_code', 'library.name');
  if (span.parentSpanId !== '') derived.push('trace.parent_id');
  if (span.status.code === STATUS_ERROR) derived.push('error');
  return new Set([...Object.keys(span.resource), ...Object.keys(span.attributes), ...derived]);
}

/** The span.kind value Honeycomb shows for a span. */
export function honeycombSpanKind(span: ReceivedSpan): string {
  return SPAN_KINDS[span.kind] ?? 'unspecified';
}

/**
 * Every column a Query Specification reads: those its calculations, filters, breakdowns and
 * orders name (except its own calculated fields), and those its calculated fields' expressions
 * refer to as $name or $"name".
 */
export function referencedColumns(spec: QuerySpec): Set<string> {
  const calculated = new Set((spec.calculated_fields ?? []).map((field) => field.name));
  const named = [
    ...spec.calculations.map((c) => c.column),
    ...(spec.filters ?? []).map((f) => f.column),
    ...(spec.breakdowns ?? []),
    ...(spec.orders ?? []).map((o) => o.column),
  ];
  const inExpressions = (spec.calculated_fields ?? []).flatMap((field) =>
    [...field.expression.matchAll(/\$(?:"([^"]+)"|([A-Za-z_][\w.]*))/g)].map(
      (match) => match[1] ?? match[2],
    ),
  );
  return new Set(
    [...named, ...inExpressions].filter(
      (column): column is string => column !== undefined && !calculated.has(column),
    ),
  );
}
