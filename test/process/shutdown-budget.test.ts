import net from 'node:net';
import { FLUSH_MS, shutdownPlan } from '../../service/src/process/signals';
import { onShutdown, runShutdownHooks } from '../../service/src/process/shutdown-hooks';
import { CloudWatchLogsApi } from '../support/cloudwatch-api';
import { partialPost } from '../support/partial-post';
import { startRollbarApi } from '../support/rollbar-api';
import { startService } from '../support/service';

const never = () => new Promise<never>(() => undefined);
const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the shutdown budget', () => {
  it('splits one grace period into a drain and a flush share that add up to it', () => {
    expect(shutdownPlan(15_000)).toEqual({ drainMs: 10_000, flushMs: FLUSH_MS });
    expect(shutdownPlan(4_000)).toEqual({ drainMs: 2_000, flushMs: 2_000 });
    expect(shutdownPlan(0)).toEqual({ drainMs: 0, flushMs: 0 });
  });

  it('runs the hooks at once and returns by the deadline, naming the late and the failed', async () => {
    const finished: string[] = [];
    onShutdown('spans', () => after(300).then(() => finished.push('spans')));
    onShutdown('logs', () => after(300).then(() => finished.push('logs')));
    onShutdown('stalled', never);
    onShutdown('broken', () => Promise.reject(new Error('refused')));
    const started = Date.now();
    const failed = await runShutdownHooks(800);
    const took = Date.now() - started;
    expect(finished.sort()).toEqual(['logs', 'spans']);
    expect(failed.sort()).toEqual(['broken', 'stalled (timed out)']);
    // In parallel: 800 ms for all four, not 300 + 300 + 800.
    expect(took).toBeGreaterThanOrEqual(790);
    expect(took).toBeLessThan(1_200);
  });
});

describe('the shutdown worst case', () => {
  it('exits 0 within SHUTDOWN_GRACE_SECONDS with a request stuck and every destination hanging', async () => {
    // Accepts connections and never answers: OTLP/gRPC, Rollbar and CloudWatch all hang.
    const blackhole = net.createServer(() => undefined);
    await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
    const otlpPort = (blackhole.address() as net.AddressInfo).port;
    const rollbar = await startRollbarApi();
    rollbar.server.behaviour = { mode: 'hang' };
    const cloudWatch = await CloudWatchLogsApi.start();
    cloudWatch.server.behaviour = { mode: 'hang' };
    const graceSeconds = 4;
    const service = await startService({
      SHUTDOWN_GRACE_SECONDS: String(graceSeconds),
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      ROLLBAR_ACCESS_TOKEN: 'fake-token',
      ROLLBAR_ENDPOINT: rollbar.endpoint,
      DEBUG_ROUTES: 'true',
      CLOUDWATCH_LOG_GROUP: 'cruddur',
      CLOUDWATCH_UPLOAD_INTERVAL_MS: '60000',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'fake-secret',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudWatch.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      // Something for every hook to send: spans, log lines, a Rollbar item.
      expect((await fetch(`${service.url}/api/debug/error`)).status).toBe(500);
      const stuck = partialPost(service.url, '{"message":"never finished","ttl":"1-hour"}');
      stuck.response.catch(() => undefined);
      await after(200);
      const stoppedAt = Date.now();
      expect(await service.stop()).toBe(0);
      const took = Date.now() - stoppedAt;
      expect(took).toBeGreaterThan(graceSeconds * 1000 - 500);
      // The process's own exit after the deadline; the chart leaves a margin for it.
      expect(took).toBeLessThan(graceSeconds * 1000 + 1_000);
      expect(service.stdout()).toContain('"drain":"forced"');
      expect(service.stdout()).toMatch(/"failed_hooks":\[[^\]]*timed out/);
      stuck.abort();
    } finally {
      await service.stop('SIGKILL');
      blackhole.close();
      await rollbar.server.stop();
      await cloudWatch.server.stop();
    }
  });
});
