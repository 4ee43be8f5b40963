/**
 * Request overhead of tracing: sequential keep-alive requests to the home feed with
 * telemetry off, exporting OTLP/gRPC to a local receiver, and exporting to a receiver
 * that is down. Prints throughput, latency percentiles and ratios against no telemetry.
 */
import net from 'node:net';
import path from 'node:path';
import { OtlpReceiver } from '../test/support/otlp-receiver';
import { median, percentile, root, startServer } from './support';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 3000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const preload = ['--require', path.join(root, 'dist/telemetry/index.js')];

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

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
  const downPort = await closedPort();
  const variants: [string, string[], NodeJS.ProcessEnv][] = [
    ['no telemetry', [], {}],
    ['OTLP to a receiver', preload, { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint }],
    [
      'OTLP, receiver down',
      preload,
      { OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${downPort}` },
    ],
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
  const baseRps = median((results.get('no telemetry') ?? []).map((r) => r.rps));
  console.log(
    `${REQUESTS} sequential GET /api/activities/home, median of ${ROUNDS} rounds (node ${process.version})`,
  );
  console.log('variant                   req/s   x base   p50 ms   p99 ms');
  for (const [name, runs] of results) {
    const rps = median(runs.map((r) => r.rps));
    console.log(
      `${name.padEnd(22)} ${rps.toFixed(0).padStart(8)} ${(rps / baseRps).toFixed(2).padStart(8)} ${median(
        runs.map((r) => r.p50),
      )
        .toFixed(2)
        .padStart(8)} ${median(runs.map((r) => r.p99))
        .toFixed(2)
        .padStart(8)}`,
    );
  }
  console.log(`spans received by the OTLP receiver: ${receiver.spans.length}`);
}

void main();
