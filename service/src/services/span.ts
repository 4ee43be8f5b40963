import { type Attributes, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('cruddur-backend/services');

const ignoreAttributes = () => undefined;

/**
 * Runs `work` in a span of its own under the request's, for the use cases whose inner
 * steps are worth seeing in a trace; `record` adds attributes (app.* by convention).
 * Under a request that is not sampled, `work` runs as it is: parent-based sampling (the
 * default, and always with X-Ray rules) would not sample its span either, and any other
 * sampler would make it an orphan whose parent never arrives; creating it only costs time.
 */
export function inSpan<T>(
  name: string,
  work: (record: (attributes: Attributes) => void) => Promise<T>,
): Promise<T> {
  const parent = trace.getActiveSpan();
  if (parent && !parent.isRecording()) return work(ignoreAttributes);
  return tracer.startActiveSpan(name, async (span) => {
    try {
      return await work((attributes) => {
        span.setAttributes(attributes);
      });
    } finally {
      span.end();
    }
  });
}
