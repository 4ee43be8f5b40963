import { context, propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { DocumentLoadInstrumentation } from '@opentelemetry/instrumentation-document-load';
import { FetchInstrumentation } from '@opentelemetry/instrumentation-fetch';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, StackContextManager, TracerProvider } from '@opentelemetry/sdk-trace';
import { networkTimingHooks } from './network-timing';

export interface TracingOptions {
  /** The API's origin, e.g. https://api.cruddur.com: only requests to it carry traceparent. */
  apiUrl: string;
  /** The Collector's OTLP/HTTP traces URL, e.g. https://otel.cruddur.com/v1/traces. */
  tracesUrl: string;
  serviceName?: string;
  environment?: string;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Browser tracing for a Cruddur frontend, in one call before the app starts: spans for the
 * page load and for every fetch, with X-Ray-compatible trace ids, W3C trace context sent
 * to the API's origin only (never to third parties), and the network time of each API call
 * (see network-timing.ts). Spans go in batches to the Collector over OTLP/HTTP; when the
 * Collector cannot be reached the batch is dropped and the page carries on.
 */
export function startTracing(options: TracingOptions): TracerProvider {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName ?? 'cruddur-frontend',
      'deployment.environment.name': options.environment ?? 'development',
    }),
    idGenerator: new AWSXRayIdGenerator(),
    // A page view is short: send every second rather than the default five.
    spanProcessors: [
      new BatchSpanProcessor({
        exporter: new OTLPTraceExporter({ url: options.tracesUrl }),
        scheduledDelayMillis: 1000,
      }),
    ],
  });
  context.setGlobalContextManager(new StackContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  const apiOrigin = new URL(options.apiUrl).origin;
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new DocumentLoadInstrumentation(),
      // Deprecated in favour of @opentelemetry/browser-instrumentation, which is not yet
      // published in a version for this SDK; its spans also differ from the Node SDK's.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      new FetchInstrumentation({
        propagateTraceHeaderCorsUrls: [new RegExp(`^${escapeRegExp(apiOrigin)}/`)],
        ...networkTimingHooks(),
      }),
    ],
  });
  return provider;
}
