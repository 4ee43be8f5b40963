import { context, propagation, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import { setGlobalErrorHandler } from '@opentelemetry/core';
import {
  BatchSpanProcessor,
  ConsoleSpanExporter,
  SimpleSpanProcessor,
  type SpanProcessor,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { Config, TelemetryConfig } from '../config.js';
import { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { onShutdown } from '../process/shutdown-hooks.js';
import { ContinuedRootIdGenerator } from './continued-root.js';
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
 * X-Ray propagation (an ALB's Root-only header included), the selected instrumentations, and spans to the configured
 * exporters. Traces only: the tracer provider is set up directly rather than through
 * sdk-node, which loads the metrics and logs SDKs and every exporter (gRPC included)
 * whether used or not: about 15 MB and 40 ms of start-up (docs/performance.md).
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
  registerInstrumentations({ instrumentations: createInstrumentations(instrumentations.names) });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(createPropagator());
  const provider = new TracerProvider({
    resource,
    idGenerator: new ContinuedRootIdGenerator(),
    sampler: createSampler(telemetry, resource),
    spanProcessors: spanProcessors(telemetry, accounting),
  });
  trace.setGlobalTracerProvider(provider);
  // The SDK's default handler only reaches a diag logger, which is silent unless
  // OTEL_LOG_LEVEL is set: a collector that is down would lose every span without a word.
  const failures = new DependencyFailures();
  setGlobalErrorHandler((error) => {
    failures.report('telemetry export', error);
  });
  // The exporter's own timeout (OTEL_BSP_EXPORT_TIMEOUT) may be longer: the hooks' deadline wins.
  onShutdown('telemetry', () => provider.shutdown());
  if (telemetry.exporters.length > 0) {
    // At exit rather than after the flush: a flush that times out (the Collector is down)
    // is when the account matters most. Writes to stderr are synchronous at this point.
    process.once('exit', () => process.stderr.write(`${accounting.summary()}\n`));
    process.stderr.write(`telemetry: traces to ${describeDestination(telemetry)}\n`);
  }
}
