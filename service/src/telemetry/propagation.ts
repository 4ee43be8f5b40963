import type { TextMapPropagator } from '@opentelemetry/api';
import {
  CompositePropagator,
  W3CBaggagePropagator,
  W3CTraceContextPropagator,
} from '@opentelemetry/core';
import { XRayRootPropagator } from './xray-root.js';

/**
 * W3C trace context and baggage plus the X-Ray header, so callers using either continue
 * their trace here and outgoing calls carry both. X-Ray's is extracted first, so that a
 * valid W3C `traceparent`, extracted after it, wins when a request carries both (an ALB
 * adds its header to a browser's traced request). Set in code, not from OTEL_PROPAGATORS:
 * the core propagators do not include X-Ray's.
 */
export function createPropagator(): TextMapPropagator {
  return new CompositePropagator({
    propagators: [
      new XRayRootPropagator(),
      new W3CTraceContextPropagator(),
      new W3CBaggagePropagator(),
    ],
  });
}
