import { type Attributes, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('cruddur-backend/services');

/** Adds attributes to the use case's span; they are computed only when the span is recorded. */
export type RecordAttributes = (attributes: () => Attributes) => void;

const ignoreAttributes: RecordAttributes = () => undefined;

/**
 * Runs `work` in a span of its own under the request's, for the use cases whose inner
 * steps are worth seeing in a trace; `record` adds attributes (app.* by convention).
 * Without a recording request span (tracing off, or a request that is not sampled),
 * `work` runs as it is: parent-based sampling (the default, and always with X-Ray rules)
 * would not sample its span either, and any other sampler would make it an orphan whose
 * parent never arrives; creating it only costs time.
 */
export function inSpan<T>(
  name: string,
  work: (record: RecordAttributes) => Promise<T>,
): Promise<T> {
  if (!trace.getActiveSpan()?.isRecording()) return work(ignoreAttributes);
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work((attributes) => {
        span.setAttributes(attributes());
      });
    } finally {
      span.end();
    }
  });
}
