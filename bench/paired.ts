/**
 * The comparisons the targets judge, interleaved: one server per case, all started at once
 * (each alone on CPU 0 when it is its turn, in a memory cgroup of its own), and short runs
 * that take turns, round after round. This machine's speed drifts by tens of percent over
 * minutes, so a case measured minutes after "tracing off" cannot be told apart from it by
 * 10 µs; within a round it can. Each figure is the median over rounds of the case's
 * ratio (or difference) to tracing off in the same round.
 */
import type { Case, CaseId } from './cases';
import { load, ROUTES } from './routes';
import { percentile, type Started, startServer } from './support';

export interface PairedSettings {
  rounds: number;
  seconds: number;
  connections: number;
}

export interface PairedCase {
  id: CaseId;
  name: string;
  /** Median over rounds of req/s ÷ tracing off's req/s in the same round. */
  ratio: number;
  /** Median over rounds of CPU µs per request minus tracing off's in the same round. */
  extraCpuMicros: number;
  /** Smallest and largest per-round ratio: how much the rounds agreed. */
  ratioRange: [number, number];
}

export interface PairedRoute {
  route: string;
  cases: PairedCase[];
}

interface Turn {
  requestsPerSecond: number;
  cpuMicros: number;
}

async function turn(
  server: Started,
  route: (typeof ROUTES)[number],
  entry: Case,
  settings: PairedSettings,
): Promise<Turn> {
  const before = server.usage().cpuMs;
  const run = await load(server.url, route, { ...settings, headers: entry.headers });
  return {
    requestsPerSecond: run.requestsPerSecond,
    cpuMicros: ((server.usage().cpuMs - before) * 1000) / Math.max(1, run.requests),
  };
}

function summarise(entry: Case, turns: Turn[], off: Turn[]): PairedCase {
  const ratios = turns.map((t, i) => t.requestsPerSecond / (off[i]?.requestsPerSecond ?? Infinity));
  const extra = turns.map((t, i) => t.cpuMicros - (off[i]?.cpuMicros ?? 0));
  return {
    id: entry.id,
    name: entry.name,
    ratio: percentile(ratios, 50),
    extraCpuMicros: percentile(extra, 50),
    ratioRange: [Math.min(...ratios), Math.max(...ratios)],
  };
}

/** `cases[0]` must be tracing off. The order rotates each round, so no case always goes first. */
export async function pairedBench(cases: Case[], settings: PairedSettings): Promise<PairedRoute[]> {
  const servers: Started[] = [];
  try {
    for (const entry of cases) servers.push(await startServer(entry.env));
    const results: PairedRoute[] = [];
    for (const route of ROUTES) {
      process.stderr.write(`bench: interleaved, ${route.name}\n`);
      const turns: Turn[][] = cases.map(() => []);
      // Two warm-up turns each, not counted: on the first route they also warm the JIT up.
      for (let warm = 0; warm < 2; warm += 1) {
        for (const [i, entry] of cases.entries()) {
          await turn(servers[i] as Started, route, entry, settings);
        }
      }
      for (let round = 0; round < settings.rounds; round += 1) {
        for (let k = 0; k < cases.length; k += 1) {
          const i = (k + round) % cases.length;
          turns[i]?.push(await turn(servers[i] as Started, route, cases[i] as Case, settings));
        }
      }
      const off = turns[0] ?? [];
      results.push({
        route: route.name,
        cases: cases.slice(1).map((entry, i) => summarise(entry, turns[i + 1] ?? [], off)),
      });
    }
    return results;
  } finally {
    for (const server of servers) await server.stop();
  }
}
