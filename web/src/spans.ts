import { type Context, context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';

const tracer = trace.getTracer('cruddur-frontend');

/**
 * Runs one user action in a span of its own. `work` receives that span's context: fetches
 * it starts before its first `await` are children automatically; anything after an
 * `await` (the browser has no async context) passes the context on explicitly.
 */
export async function inSpan<T>(name: string, work: (parent: Context) => Promise<T>): Promise<T> {
  const span = tracer.startSpan(name);
  const parent = trace.setSpan(context.active(), span);
  try {
    return await context.with(parent, () => work(parent));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
    throw error;
  } finally {
    span.end();
  }
}

/** A synchronous step (e.g. rendering) as a child span of `parent`. */
export function step<T>(name: string, parent: Context, work: (span: Span) => T): T {
  return tracer.startActiveSpan(name, {}, parent, (span) => {
    try {
      return work(span);
    } finally {
      span.end();
    }
  });
}
