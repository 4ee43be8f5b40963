import { type CollectorProcess, startCollectorProcess } from '../support/collector-process';
import { OtlpReceiver } from '../support/otlp-receiver';
import { describeWith, missingTools } from '../support/prerequisites';
import { type RunningService, startService } from '../support/service';
import { TracedLoad } from '../support/traced-load';
import { pause, until } from '../support/wait';

jest.setTimeout(90_000);

type Phase = 'before' | 'down' | 'restarted' | 'settled';

const SPAN_KIND_SERVER = 2;

describeWith(
  missingTools('helm', 'otelcol-cruddur'),
  'the Collector killed mid-load and restarted',
  () => {
    let honeycomb: OtlpReceiver;
    let collector: CollectorProcess;
    let service: RunningService;
    let load: TracedLoad<Phase>;

    const delivered = () =>
      new Set(honeycomb.spans.filter((s) => s.kind === SPAN_KIND_SERVER).map((s) => s.traceId));
    const tracesOf = (phase: Phase) => load.traces(phase);

    beforeAll(async () => {
      honeycomb = await OtlpReceiver.start();
      collector = await startCollectorProcess({
        honeycombEndpoint: `127.0.0.1:${honeycomb.grpcPort}`,
      });
      service = await startService({
        OTEL_TRACES_EXPORTER: 'otlp',
        OTEL_EXPORTER_OTLP_ENDPOINT: collector.httpEndpoint,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        OTEL_BSP_EXPORT_TIMEOUT: '2000',
      });

      load = new TracedLoad<Phase>(`${service.url}/api/activities/home`, 'before');
      try {
        await pause(1_500);
        await collector.kill();
        load.phase = 'down';
        await pause(2_000);
        await collector.restart();
        load.phase = 'restarted';
        // Batches that failed while it was down are retried a few times; wait for new ones.
        await until(
          () => (tracesOf('restarted').some((id) => delivered().has(id)) ? true : undefined),
          'a span from after the restart',
          30_000,
        );
        load.phase = 'settled';
        await pause(2_000);
      } finally {
        await load.stop();
      }
    });

    afterAll(async () => {
      await service.stop();
      await collector.stop();
      await honeycomb.stop();
    });

    it('fails no request while the Collector is down or coming back', () => {
      expect(tracesOf('down').length).toBeGreaterThan(20);
      expect(load.failures()).toEqual([]);
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
