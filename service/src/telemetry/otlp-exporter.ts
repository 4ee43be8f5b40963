/* eslint-disable @typescript-eslint/no-require-imports -- the gRPC exporter (and grpc-js) is required only when chosen: it adds start-up time and memory */
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../config.js';

const HONEYCOMB_KEY_HEADER = 'x-honeycomb-team';

function grpcExporter(direct: TelemetryConfig['honeycombDirect']): SpanExporter {
  const { OTLPTraceExporter } =
    require('@opentelemetry/exporter-trace-otlp-grpc') as typeof import('@opentelemetry/exporter-trace-otlp-grpc');
  if (!direct) return new OTLPTraceExporter();
  const { Metadata } = require('@grpc/grpc-js') as typeof import('@grpc/grpc-js');
  const metadata = new Metadata();
  metadata.set(HONEYCOMB_KEY_HEADER, direct.apiKey);
  return new OTLPTraceExporter({ url: direct.endpoint, metadata });
}

/**
 * The OTLP exporter for OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL. http/protobuf is the
 * default, as the OTLP spec says: grpc-js is then never loaded, and a replaced Collector
 * loses no spans to a gRPC channel's reconnect backoff (docs/performance.md). Endpoint, headers and TLS come from OTEL_EXPORTER_OTLP_*, unless
 * spans go straight to Honeycomb with its key.
 */
export function otlpExporter(telemetry: TelemetryConfig): SpanExporter {
  const direct = telemetry.honeycombDirect;
  if (telemetry.otlpProtocol === 'grpc') return grpcExporter(direct);
  if (!direct) return new ProtobufTraceExporter();
  return new ProtobufTraceExporter({
    url: new URL('/v1/traces', direct.endpoint).href,
    headers: { [HONEYCOMB_KEY_HEADER]: direct.apiKey },
  });
}
