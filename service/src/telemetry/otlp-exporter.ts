import { Metadata } from '@grpc/grpc-js';
import { OTLPTraceExporter as GrpcTraceExporter } from '@opentelemetry/exporter-trace-otlp-grpc';
import { OTLPTraceExporter as ProtobufTraceExporter } from '@opentelemetry/exporter-trace-otlp-proto';
import type { SpanExporter } from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../config.js';

const HONEYCOMB_KEY_HEADER = 'x-honeycomb-team';

/**
 * The OTLP exporter for OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL. http/protobuf is the
 * default (as the OTLP spec says), because it costs less per span than gRPC here: see
 * docs/performance.md. Endpoint, headers and TLS come from OTEL_EXPORTER_OTLP_*, unless
 * spans go straight to Honeycomb with its key.
 */
export function otlpExporter(telemetry: TelemetryConfig): SpanExporter {
  const direct = telemetry.honeycombDirect;
  if (telemetry.otlpProtocol === 'grpc') {
    if (!direct) return new GrpcTraceExporter();
    const metadata = new Metadata();
    metadata.set(HONEYCOMB_KEY_HEADER, direct.apiKey);
    return new GrpcTraceExporter({ url: direct.endpoint, metadata });
  }
  if (!direct) return new ProtobufTraceExporter();
  return new ProtobufTraceExporter({
    url: new URL('/v1/traces', direct.endpoint).href,
    headers: { [HONEYCOMB_KEY_HEADER]: direct.apiKey },
  });
}
