import { randomBytes } from 'node:crypto';
import { type CollectorProcess, startCollectorProcess } from '../support/collector-process';
import { OtlpReceiver } from '../support/otlp-receiver';
import { describeWith, missingTools } from '../support/prerequisites';
import { type RunningService, startService } from '../support/service';
import { pause, until } from '../support/wait';

jest.setTimeout(90_000);

type Phase = 'before' | 'down' | 'restarted' | 'settled';

interface Outcome {
  traceId: string;
  phase: Phase;
  status?: number;
  error?: string;
}

const WORKERS = 4;
const SPAN_KIND_SERVER = 2;

describeWith(
  missingTools('helm', 'otelcol-cruddur'),
  'the Collector killed mid-load and restarted',
  () => {
    let honeycomb: OtlpReceiver;
    let collector: CollectorProcess;
    let service: RunningService;
    const outcomes: Outcome[] = [];

    const delivered = () =>
      new Set(honeycomb.spans.filter((s) => s.kind === SPAN_KIND_SERVER).map((s) => s.traceId));
    const tracesOf = (phase: Phase) =>
      outcomes.filter((o) => o.phase === phase).map((o) => o.traceId);

    beforeAll(async () => {
      honeycomb = await OtlpReceiver.start();
      collector = await startCollectorProcess({
        honeycombEndpoint: `127.0.0.1:${honeycomb.port}`,
      });
      service = await startService({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '2000',
      });

      let phase: Phase = 'before';
      let running = true;
      const worker = async () => {
        while (running) {
          const traceId = randomBytes(16).toString('hex');
          const tagged = phase;
          try {
            const response = await fetch(`${service.url}/api/activities/home`, {
              headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
            });
            await response.arrayBuffer();
            outcomes.push({ traceId, phase: tagged, status: response.status });
          } catch (error) {
            outcomes.push({ traceId, phase: tagged, error: String(error) });
          }
          await pause(10);
        }
      };
      const load = Promise.all(Array.from({ length: WORKERS }, worker));
      try {
        await pause(1_500);
        await collector.kill();
        phase = 'down';
        await pause(2_000);
        await collector.restart();
        phase = 'restarted';
        // The exporter's gRPC channel reconnects with backoff; wait until it has.
        await until(
          () => (tracesOf('restarted').some((id) => delivered().has(id)) ? true : undefined),
          'a span from after the restart',
          30_000,
        );
        phase = 'settled';
        await pause(2_000);
      } finally {
        running = false;
        await load;
      }
    });

    afterAll(async () => {
      await service.stop();
      await collector.stop();
      await honeycomb.stop();
    });

    it('fails no request while the Collector is down or coming back', () => {
      expect(tracesOf('down').length).toBeGreaterThan(20);
      expect(outcomes.filter((o) => o.status !== 200)).toEqual([]);
      expect(service.process.exitCode).toBeNull();
    });

    // What the Collector held in its batch when it was killed is gone (its queue is in
    // memory), and so are the batches the service exported while it was down.
    it('delivers every span once the exporter has reconnected', async () => {
      const settled = tracesOf('settled');
      expect(settled.length).toBeGreaterThan(20);
      await until(
        () => (settled.every((id) => delivered().has(id)) ? true : undefined),
        'every span of the requests after reconnection',
        15_000,
      );
    });

    it('says on stderr that exports failed, once, not per batch', () => {
      const warnings = service.warnings('telemetry export');
      expect(warnings.length).toBe(1);
    });
  },
);
