import { TraceFlags } from '@opentelemetry/api';
import { type ExportResult, ExportResultCode } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter, SpanProcessor } from '@opentelemetry/sdk-trace';

interface ExporterCounts {
  exported: number;
  failed: number;
  calls: number;
  /** Calls whose synchronous part (encoding, handing to the socket) took over 1 ms. */
  slowCalls: number;
  longestCallMs: number;
}

/**
 * Counts the sampled spans that ended and what each exporter did with them, so that the
 * shutdown line says whether anything was lost: a span the batch processor dropped on a
 * full queue, or never handed over before shutdown, shows up as ended but not exported.
 * It also keeps the longest time one export() call held the event loop: the batch
 * processor calls it inside the span.end() of whichever request filled the batch.
 */
export class SpanAccounting {
  private ended = 0;
  private readonly exporters = new Map<string, ExporterCounts>();

  /** Goes first among the processors, next to the scrubber. */
  readonly processor: SpanProcessor = {
    onStart: () => undefined,
    onEnd: (span: ReadableSpan) => {
      if (span.spanContext().traceFlags & TraceFlags.SAMPLED) this.ended += 1;
    },
    forceFlush: () => Promise.resolve(),
    shutdown: () => Promise.resolve(),
  };

  /** The exporter, counting the spans it exported and those whose export failed. */
  count(name: string, exporter: SpanExporter): SpanExporter {
    const counts: ExporterCounts = {
      exported: 0,
      failed: 0,
      calls: 0,
      slowCalls: 0,
      longestCallMs: 0,
    };
    this.exporters.set(name, counts);
    return {
      export: (spans: ReadableSpan[], done: (result: ExportResult) => void) => {
        const started = performance.now();
        exporter.export(spans, (result) => {
          if (result.code === ExportResultCode.SUCCESS) counts.exported += spans.length;
          else counts.failed += spans.length;
          done(result);
        });
        const took = performance.now() - started;
        counts.calls += 1;
        if (took > 1) counts.slowCalls += 1;
        counts.longestCallMs = Math.max(counts.longestCallMs, took);
      },
      shutdown: () => exporter.shutdown(),
      forceFlush: () => exporter.forceFlush?.() ?? Promise.resolve(),
    };
  }

  /** e.g. `telemetry: 120 spans ended; otlp: 118 exported, 2 failed, 0 dropped, 2 export calls (0 over 1 ms, longest 0.41 ms)` */
  summary(): string {
    const perExporter = [...this.exporters].map(
      ([name, { exported, failed, calls, slowCalls, longestCallMs }]) =>
        `${name}: ${exported} exported, ${failed} failed, ${this.ended - exported - failed} dropped, ` +
        `${calls} export calls (${slowCalls} over 1 ms, longest ${longestCallMs.toFixed(2)} ms)`,
    );
    return `telemetry: ${this.ended} spans ended; ${perExporter.join('; ')}`;
  }
}
