/**
 * Request overhead of tracing and log shipping: sequential keep-alive requests to the home
 * feed with telemetry off, exporting OTLP/gRPC to a local receiver or to one that is down,
 * and with CloudWatch Logs shipping (two log lines per request) to a local CloudWatch Logs
 * stand-in or to a closed port. Prints throughput, latency percentiles and ratios against
 * no telemetry.
 */
import path from 'node:path';
import { CloudWatchLogsApi } from '../test/support/cloudwatch-api';
import { OtlpReceiver } from '../test/support/otlp-receiver';
import { freePort } from '../test/support/ports';
import { median, percentile, root, startServer } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const preload = ['--require', path.join(root, 'dist/telemetry/index.js')];

async function measure(port: number): Promise<{ rps: number; p50: number; p99: number }> {
  const url = `http://127.0.0.1:${port}/api/activities/home`;
  for (let i = 0; i < 200; i += 1) await (await fetch(url)).arrayBuffer(); // warm-up
  const latencies: number[] = [];
  const started = performance.now();
  for (let i = 0; i < REQUESTS; i += 1) {
    const t = performance.now();
    await (await fetch(url)).arrayBuffer();
    latencies.push(performance.now() - t);
  }
  return {
    rps: REQUESTS / ((performance.now() - started) / 1000),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

async function main(): Promise<void> {
  const receiver = await OtlpReceiver.start();
  const cloudWatch = await CloudWatchLogsApi.start();
  const down = `http://127.0.0.1:${await freePort()}`;
  const otlp = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint };
  const logsTo = (endpoint: string) => ({
    ...otlp,
    CLOUDWATCH_LOG_GROUP: 'cruddur-bench',
    CLOUDWATCH_LOG_STREAM: 'bench',
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: 'example',
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
  });
  const variants: [string, string[], NodeJS.ProcessEnv][] = [
    ['no telemetry', [], {}],
    ['OTLP to a receiver', preload, otlp],
    ['OTLP, receiver down', preload, { OTEL_EXPORTER_OTLP_ENDPOINT: down }],
    ['OTLP + CloudWatch Logs', preload, logsTo(cloudWatch.endpoint)],
    ['OTLP + CloudWatch down', preload, logsTo(down)],
  ];
  const results = new Map(
    variants.map(([name]) => [name, [] as { rps: number; p50: number; p99: number }[]]),
  );
  for (let round = 0; round < ROUNDS; round += 1) {
    for (const [name, args, env] of variants) {
      const server = await startServer(args, { OTEL_BSP_SCHEDULE_DELAY: '200', ...env });
      results.get(name)?.push(await measure(server.port));
      await server.stop();
    }
  }
  await receiver.stop();
  await cloudWatch.server.stop();
  const baseRps = median((results.get('no telemetry') ?? []).map((r) => r.rps));
  console.log(
    `${REQUESTS} sequential GET /api/activities/home, median of ${ROUNDS} rounds (node ${process.version})`,
  );
  console.log('variant                     req/s   x base   p50 ms   p99 ms');
  for (const [name, runs] of results) {
    const rps = median(runs.map((r) => r.rps));
    console.log(
      `${name.padEnd(24)} ${rps.toFixed(0).padStart(8)} ${(rps / baseRps).toFixed(2).padStart(8)} ${median(
        runs.map((r) => r.p50),
      )
        .toFixed(2)
        .padStart(8)} ${median(runs.map((r) => r.p99))
        .toFixed(2)
        .padStart(8)}`,
    );
  }
  console.log(`spans received by the OTLP receiver: ${receiver.spans.length}`);
  console.log(
    `log events received by the CloudWatch stand-in: ${cloudWatch.events('cruddur-bench', 'bench').length}`,
  );
}

void main();
