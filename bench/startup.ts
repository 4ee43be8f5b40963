/**
 * Start-up time and memory of the service under three preloads, interleaved so that
 * machine noise hits all of them alike. Prints medians and ratios against no telemetry.
 */
import path from 'node:path';
import { median, root, startServer } from './support';

const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const variants: [string, string[]][] = [
  ['no telemetry', []],
  ['selected instrumentations', ['--require', path.join(root, 'bench/preload-selected.cjs')]],
  ['auto-instrumentations-node', ['--require', path.join(root, 'bench/preload-meta.cjs')]],
  ['service telemetry preload', ['--require', path.join(root, 'dist/telemetry/index.js')]],
];

async function main(): Promise<void> {
  const results = new Map(
    variants.map(([name]) => [name, { startup: [] as number[], rss: [] as number[] }]),
  );
  for (let run = 0; run < RUNS; run += 1) {
    for (const [name, args] of variants) {
      const server = await startServer(args, { OTEL_TRACES_EXPORTER: 'none' });
      // Let start-up allocations settle before reading RSS.
      await fetch(`http://127.0.0.1:${server.port}/api/activities/home`);
      results.get(name)?.startup.push(server.startupMs);
      results.get(name)?.rss.push(server.rssMiB());
      await server.stop();
    }
  }
  const base = results.get('no telemetry');
  const baseStartup = median(base?.startup ?? []);
  const baseRss = median(base?.rss ?? []);
  console.log(
    `start-up to "listening" and RSS after one request, median of ${RUNS} runs (node ${process.version})`,
  );
  console.log('variant                       start-up ms   x base   RSS MiB   x base');
  for (const [name, { startup, rss }] of results) {
    const s = median(startup);
    const r = median(rss);
    console.log(
      `${name.padEnd(29)} ${s.toFixed(0).padStart(11)} ${(s / baseStartup).toFixed(2).padStart(8)} ${r.toFixed(1).padStart(9)} ${(r / baseRss).toFixed(2).padStart(8)}`,
    );
  }
}

void main();
