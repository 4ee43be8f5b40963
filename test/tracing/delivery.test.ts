import { OtlpReceiver } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { startService } from '../support/service';
import { until } from '../support/wait';

async function timedGet(url: string): Promise<{ status: number; ms: number }> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { status: res.status, ms: performance.now() - started };
}

describe('span delivery', () => {
  it('keeps serving at normal latency while the collector is unreachable', async () => {
    const port = await freePort();
    const service = await startService({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
      OTEL_BSP_SCHEDULE_DELAY: '50',
      OTEL_BSP_EXPORT_TIMEOUT: '2000',
    });
    try {
      const results = [];
      for (let i = 0; i < 60; i += 1)
        results.push(await timedGet(`${service.url}/api/activities/home`));
      expect(results.every((r) => r.status === 200)).toBe(true);
      // A request that waited on the export would take the export timeout (2 s) or more.
      expect(Math.max(...results.map((r) => r.ms))).toBeLessThan(1000);
      expect(service.process.exitCode).toBeNull();
      // Each batch is retried until the export timeout (2 s) before it counts as failed.
      await until(
        () => (service.warnings('telemetry export').length > 0 ? true : undefined),
        'the failed export to be reported',
        10_000,
      );
      // Dozens of failed exports, one line: the first failure, then at most one a minute.
      const failures = service.warnings('telemetry export');
      expect(failures).toHaveLength(1);
      // The exporter retries a refused connection until its timeout, and reports that.
      expect(failures[0]?.error).toContain('Timeout');
    } finally {
      await service.stop();
    }
  });

  it('delivers every span of a burst when SIGTERM arrives before the batch is due', async () => {
    const receiver = await OtlpReceiver.start();
    const service = await startService({
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: receiver.httpEndpoint,
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      // Larger than the burst's 80 spans, so that no batch is full before SIGTERM.
      OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '512',
    });
    try {
      const burst = 40;
      const responses = await Promise.all(
        Array.from({ length: burst }, () => fetch(`${service.url}/api/activities/home`)),
      );
      expect(responses.every((r) => r.ok)).toBe(true);
      expect(receiver.spans).toHaveLength(0);
      expect(await service.stop('SIGTERM')).toBe(0);
      const servers = receiver.spans.filter((s) => s.name === 'GET /api/activities/home');
      expect(servers).toHaveLength(burst);
      expect(receiver.spans.filter((s) => s.name === 'home-activities')).toHaveLength(burst);
    } finally {
      await receiver.stop();
    }
  });

  it.each(['http/protobuf', 'grpc'] as const)(
    'sends straight to Honeycomb over %s with the x-honeycomb-team header, and never prints the key',
    async (protocol) => {
      const receiver = await OtlpReceiver.start();
      const apiKey = 'hcaik_test_secret_0123456789abcdef';
      const service = await startService({
        OTEL_TRACES_EXPORTER: '',
        OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
        HONEYCOMB_API_KEY: apiKey,
        HONEYCOMB_API_ENDPOINT: protocol === 'grpc' ? receiver.grpcEndpoint : receiver.httpEndpoint,
        HONEYCOMB_TEAM: 'cruddur-team',
        HONEYCOMB_ENVIRONMENT: 'dev',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      });
      try {
        await fetch(`${service.url}/api/activities/home`);
        await receiver.waitFor((spans) => spans.some((s) => s.name === 'GET /api/activities/home'));
        expect(receiver.exports[0]).toMatchObject({
          protocol,
          metadata: { 'x-honeycomb-team': apiKey },
        });
        const server = receiver.spans.find((s) => s.name === 'GET /api/activities/home');
        expect(
          JSON.stringify(receiver.spans, (_k, v: unknown) =>
            typeof v === 'bigint' ? String(v) : v,
          ),
        ).not.toContain(apiKey);
        const accessLine = service
          .stdout()
          .split('\n')
          .find(
            (line) => line.includes('"message":"request"') && line.includes('/api/activities/home'),
          );
        expect(accessLine).toContain(
          `https://ui.honeycomb.io/cruddur-team/environments/dev/datasets/cruddur-backend/trace?trace_id=${server?.traceId}`,
        );
      } finally {
        await service.stop();
        await receiver.stop();
      }
      expect(service.stdout() + service.stderr()).not.toContain(apiKey);
    },
  );
});

describe('the local trace view (no configuration)', () => {
  it('prints each finished request as a tree on stderr', async () => {
    const service = await startService({ OTEL_TRACES_EXPORTER: '' });
    try {
      await fetch(`${service.url}/api/activities/@worf`);
      const deadline = Date.now() + 5000;
      while (!service.stderr().includes('user-activities') && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const stderr = service.stderr();
      expect(stderr).toContain('telemetry: traces to trace tree on stderr');
      expect(stderr).toMatch(/── trace [0-9a-f]{32} \(cruddur-backend\) ──/);
      expect(stderr).toMatch(
        /^GET \/api\/activities\/@:handle {2}[\d.]+ ms {2}server .*http\.route=\/api\/activities\/@:handle/m,
      );
      expect(stderr).toMatch(
        /^└─ user-activities {2}[\d.]+ ms {2}app\.user_handle=worf {2}app\.result_length=1$/m,
      );
    } finally {
      expect(await service.stop()).toBe(0);
    }
    expect(service.stderr()).toContain(
      'telemetry: 2 spans ended; tree: 2 exported, 0 failed, 0 dropped',
    );
  });

  it('gives the SDK console exporter when OTEL_TRACES_EXPORTER=console', async () => {
    const service = await startService({ OTEL_TRACES_EXPORTER: 'console' });
    try {
      await fetch(`${service.url}/api/activities/home`);
      const deadline = Date.now() + 5000;
      while (!service.stdout().includes("name: 'home-activities'") && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(service.stdout()).toContain("name: 'home-activities'");
      expect(service.stdout()).toMatch(/traceId: '[0-9a-f]{32}'/);
    } finally {
      await service.stop();
    }
  });
});
