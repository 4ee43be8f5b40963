import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import { NodeSDK } from '@opentelemetry/sdk-node';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import type { Config, TelemetryConfig } from '../config.js';
import { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { onShutdown } from '../process/shutdown-hooks.js';
import { ExceptionScrubber } from './exception-scrubber.js';
import { SpanAccounting } from './span-accounting.js';
import { createInstrumentations, selectInstrumentations } from './instrumentations.js';
import { otlpExporter } from './otlp-exporter.js';
import { createPropagator } from './propagation.js';
import { createResource } from './resource.js';
import { createSampler } from './sampler.js';
import { TraceTreeExporter } from './trace-tree.js';

function spanProcessors(telemetry: TelemetryConfig, accounting: SpanAccounting): SpanProcessor[] {
  const exporting = telemetry.exporters.map((name) => {
    switch (name) {
      case 'otlp':
        return new BatchSpanProcessor({
          exporter: accounting.count(name, otlpExporter(telemetry)),
          ...telemetry.batch,
        });
      case 'console':
        return new SimpleSpanProcessor({
          exporter: accounting.count(name, new ConsoleSpanExporter()),
        });
      case 'tree':
        return new SimpleSpanProcessor({
          exporter: accounting.count(name, new TraceTreeExporter()),
        });
    }
  });
  // First, so that every exporter sees the scrubbed events.
  return [new ExceptionScrubber(), accounting.processor, ...exporting];
}

function describeDestination(telemetry: TelemetryConfig): string {
  return telemetry.exporters
    .map((name) => {
      if (name !== 'otlp') return name === 'tree' ? 'trace tree on stderr' : 'console';
      return telemetry.honeycombDirect
        ? `OTLP (${telemetry.otlpProtocol}) to ${telemetry.honeycombDirect.endpoint}`
        : `OTLP (${telemetry.otlpProtocol}, OTEL_EXPORTER_OTLP_*)`;
    })
    .join(', ');
}

/**
 * Starts OpenTelemetry before the application loads: X-Ray-compatible trace ids, W3C +
 * X-Ray propagation, the selected instrumentations, and spans to the configured
 * exporters. Metrics and OTel logs are off: this service only exports traces.
 */
export function startTelemetry(config: Config): void {
  const telemetry = config.telemetry;
  if (!telemetry.enabled) return;
  const resource = createResource(config);
  const instrumentations = selectInstrumentations(telemetry.instrumentations);
  if (instrumentations.unknown.length > 0) {
    process.stderr.write(
      `telemetry: ignoring unknown instrumentations: ${instrumentations.unknown.join(', ')}\n`,
    );
  }
  const accounting = new SpanAccounting();
  const sdk = new NodeSDK({
    resource,
    autoDetectResources: false,
    idGenerator: new AWSXRayIdGenerator(),
    textMapPropagator: createPropagator(),
    sampler: createSampler(telemetry, resource),
    spanProcessors: spanProcessors(telemetry, accounting),
    instrumentations: createInstrumentations(instrumentations.names),
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  // The SDK's default handler only reaches a diag logger, which is silent unless
  // OTEL_LOG_LEVEL is set: a collector that is down would lose every span without a word.
  const failures = new DependencyFailures();
  setGlobalErrorHandler((error) => {
    failures.report('telemetry export', error);
  });
  // The exporter's own timeout (OTEL_BSP_EXPORT_TIMEOUT) may be longer: the hooks' deadline wins.
  onShutdown('telemetry', () => sdk.shutdown());
  if (telemetry.exporters.length > 0) {
    // At exit rather than after the flush: a flush that times out (the Collector is down)
    // is when the account matters most. Writes to stderr are synchronous at this point.
    process.once('exit', () => process.stderr.write(`${accounting.summary()}\n`));
    process.stderr.write(`telemetry: traces to ${describeDestination(telemetry)}\n`);
  }
}
