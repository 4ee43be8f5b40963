/**
 * Start-up time (spawn to the first 200 from /api/ready) and memory of the service with
 * tracing off and on, and of the two ways of loading instrumentations, interleaved so that
 * machine noise hits all of them alike.
 */
import path from 'node:path';
import { percentile, root, startServer } from './support';

export interface StartupResult {
  name: string;
  /** The median, and the fastest and slowest run. */
  readyMs: number;
  readyRangeMs: [number, number];
  rssMiB: number;
}

/** `undefined` flags: production's (the service preload). */
const variants: [string, string[] | undefined, NodeJS.ProcessEnv][] = [
  ['no preload', [], {}],
  ['tracing off (OTEL_SDK_DISABLED=true)', undefined, { OTEL_SDK_DISABLED: 'true' }],
  ['tracing on (the service preload)', undefined, {}],
  [
    'bare SDK + selected instrumentations',
    ['--require', path.join(root, 'bench/preload-selected.cjs')],
    {},
  ],
  [
    'bare SDK + auto-instrumentations-node',
    ['--require', path.join(root, 'bench/preload-meta.cjs')],
    {},
  ],
];

export async function startupBench(runs: number): Promise<StartupResult[]> {
  const samples = new Map(
    variants.map(([name]) => [name, { ready: [] as number[], rss: [] as number[] }]),
  );
  for (let run = 0; run < runs; run += 1) {
    for (const [name, args, env] of variants) {
      // No exporter: this measures loading and patching, not sending.
      const server = await startServer({ OTEL_TRACES_EXPORTER: 'none', ...env }, args);
      // One request, so that lazily loaded code is in before memory is read.
      await (await fetch(`${server.url}/api/activities/home`)).arrayBuffer();
      const sample = samples.get(name);
      sample?.ready.push(server.readyMs);
      sample?.rss.push(server.usage().rssMiB);
      await server.stop();
    }
  }
  return [...samples].map(([name, { ready, rss }]) => ({
    name,
    readyMs: percentile(ready, 50),
    readyRangeMs: [Math.min(...ready), Math.max(...ready)],
    rssMiB: percentile(rss, 50),
  }));
}
