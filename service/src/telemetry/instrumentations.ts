/* eslint-disable @typescript-eslint/no-require-imports -- each instrumentation is required only when enabled, to keep start-up fast */
import type { Instrumentation } from '@opentelemetry/instrumentation';
import type { TelemetryConfig } from '../config.js';

type Factory = () => Instrumentation;

/**
 * The instrumentations this service can use, by the names OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * takes. fs, dns and net are available but off by default: they add a span per syscall.
 * Log lines get their trace ids from the logger itself (telemetry/log-correlation.ts).
 */
const AVAILABLE: Record<string, Factory> = {
  http: () => {
    const { HttpInstrumentation } =
      require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
    // Outgoing requests and their propagation only: the server span is http/server-span.ts's.
    return new HttpInstrumentation({ disableIncomingRequestInstrumentation: true });
  },
  undici: () => {
    const { UndiciInstrumentation } =
      require('@opentelemetry/instrumentation-undici') as typeof import('@opentelemetry/instrumentation-undici');
    return new UndiciInstrumentation();
  },
  koa: () => {
    const { KoaInstrumentation, KoaLayerType } =
      require('@opentelemetry/instrumentation-koa') as typeof import('@opentelemetry/instrumentation-koa');
    // Router layers only: a span per plain middleware (helmet, cors, ...) is noise.
    return new KoaInstrumentation({ ignoreLayersType: [KoaLayerType.MIDDLEWARE] });
  },
  'aws-sdk': () => {
    const { AwsInstrumentation } =
      require('@opentelemetry/instrumentation-aws-sdk') as typeof import('@opentelemetry/instrumentation-aws-sdk');
    return new AwsInstrumentation({ suppressInternalInstrumentation: true });
  },
  dns: () => {
    const { DnsInstrumentation } =
      require('@opentelemetry/instrumentation-dns') as typeof import('@opentelemetry/instrumentation-dns');
    return new DnsInstrumentation();
  },
  net: () => {
    const { NetInstrumentation } =
      require('@opentelemetry/instrumentation-net') as typeof import('@opentelemetry/instrumentation-net');
    return new NetInstrumentation();
  },
  fs: () => {
    const { FsInstrumentation } =
      require('@opentelemetry/instrumentation-fs') as typeof import('@opentelemetry/instrumentation-fs');
    return new FsInstrumentation({ requireParentSpan: true });
  },
};

/**
 * koa is available but off: the server span already carries the route (http/server-span.ts),
 * and its router-layer span would add a third of the spans (and Honeycomb events) per request.
 */
export const DEFAULT_INSTRUMENTATIONS = ['http', 'undici', 'aws-sdk'];

/** The names to enable, after OTEL_NODE_ENABLED/DISABLED_INSTRUMENTATIONS; unknown names are reported. */
export function selectInstrumentations(settings: TelemetryConfig['instrumentations']): {
  names: string[];
  unknown: string[];
} {
  const requested = settings.enabled ?? DEFAULT_INSTRUMENTATIONS;
  const names = requested.filter((name) => name in AVAILABLE && !settings.disabled.includes(name));
  const unknown = [...requested, ...settings.disabled].filter((name) => !(name in AVAILABLE));
  return { names, unknown };
}

export function createInstrumentations(names: string[]): Instrumentation[] {
  return names.flatMap((name) => {
    const factory = AVAILABLE[name];
    return factory ? [factory()] : [];
  });
}
