import type { Span } from '@opentelemetry/api';
import { serverTimingDuration } from './server-timing';

/** The Server-Timing metric the Cruddur API reports its own time in. */
const SERVER_METRIC = 'app';

/**
 * Hooks for the fetch instrumentation that put on each fetch span how long the server
 * worked (`app.server_ms`, from its Server-Timing header) and the rest of the request's
 * time (`app.network_ms` = the browser's time from sending to the last byte of the body
 * minus the server's time: network, connection set-up, queueing on both sides). Both
 * times come from clocks that only move forward (performance.now() here, hrtime on the
 * server), so the difference is not skewed by wall-clock corrections.
 */
export function networkTimingHooks() {
  const started = new WeakMap<Span, number>();
  return {
    requestHook: (span: Span) => {
      started.set(span, performance.now());
    },
    applyCustomAttributesOnSpan: (span: Span, _request: unknown, result: unknown) => {
      const startedAt = started.get(span);
      if (!(result instanceof Response) || startedAt === undefined) return;
      const serverMs = serverTimingDuration(result.headers.get('server-timing'), SERVER_METRIC);
      if (serverMs === undefined) return;
      const browserMs = performance.now() - startedAt;
      span.setAttributes({
        'app.server_ms': serverMs,
        'app.network_ms': Math.round((browserMs - serverMs) * 100) / 100,
      });
    },
  };
}
