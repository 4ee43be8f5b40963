import { type Attributes, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('cruddur-backend/services');

/**
 * Runs `work` in a span of its own under the request's, for the use cases whose inner
 * steps are worth seeing in a trace; `record` adds attributes (app.* by convention).
 */
export function inSpan<T>(
  name: string,
  work: (record: (attributes: Attributes) => void) => Promise<T>,
): Promise<T> {
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
