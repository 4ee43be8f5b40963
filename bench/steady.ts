/**
 * A steady request rate on the home feed, as production traffic would be, for tracing off,
 * the production sampling default and 100%: one server per case, alive throughout, fed in
 * 10 s turns round after round (bench/paired.ts says why), from an open-loop client
 * (bench/paced.ts). Every span the traced servers ended must reach the Collector.
 */
import type { CollectorProcess } from '../test/support/collector-process';
import type { Case } from './cases';
import { type Measured, pacedLoad } from './paced';
import { HOME } from './routes';
import {
  type AccountFigures,
  accountFigures,
  percentile,
  type Started,
  startServer,
} from './support';

export interface SteadySettings {
  warmupSeconds: number;
  sustainedSeconds: number;
  sustainedRate: number;
}

export interface SustainedResult extends AccountFigures {
  id: Case['id'];
  name: string;
  rate: number;
  seconds: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  /** Each turn's p99, in round order: the nth turns of every case ran in the same round. */
  turnP99Ms: number[];
  peakRssMiB: number;
}

export interface SteadyResults {
  cases: SustainedResult[];
  /** What the Collector accepted while they ran: every span the traced cases ended. */
  receivedByCollector: number;
}

const TURN_SECONDS = 10;

function merge(runs: Measured[]): { requests: number; errors: number; latencies: number[] } {
  return {
    requests: runs.reduce((sum, run) => sum + run.requests, 0),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
    latencies: runs.flatMap((run) => run.latencies),
  };
}

export async function steadyBench(
  cases: Case[],
  collector: CollectorProcess,
  settings: SteadySettings,
): Promise<SteadyResults> {
  const acceptedBefore = await collector.acceptedSpans();
  const servers: Started[] = [];
  for (const entry of cases) servers.push(await startServer(entry.env));
  const url = (server: Started) => `${server.url}${HOME.path}`;
  const runs: Measured[][] = cases.map(() => []);
  let peaks: number[] = [];
  const turnSeconds = Math.min(TURN_SECONDS, settings.sustainedSeconds);
  const rounds = Math.max(1, Math.round(settings.sustainedSeconds / turnSeconds));
  try {
    for (const server of servers)
      await pacedLoad(url(server), settings.sustainedRate, settings.warmupSeconds);
    for (let round = 0; round < rounds; round += 1) {
      for (let k = 0; k < servers.length; k += 1) {
        const i = (k + round) % servers.length;
        process.stderr.write(
          `bench: ${cases[i]?.name}, ${settings.sustainedRate} req/s, turn ${round + 1}/${rounds}\n`,
        );
        runs[i]?.push(
          await pacedLoad(url(servers[i] as Started), settings.sustainedRate, turnSeconds),
        );
      }
    }
  } finally {
    peaks = servers.map((server) => server.usage().peakRssMiB);
    for (const server of servers) await server.stop();
  }
  const results = cases.map((entry, i): SustainedResult => {
    const server = servers[i] as Started;
    const all = merge(runs[i] ?? []);
    return {
      id: entry.id,
      name: entry.name,
      rate: settings.sustainedRate,
      seconds: rounds * turnSeconds,
      requests: all.requests,
      errors: all.errors,
      p50Ms: percentile(all.latencies, 50),
      p99Ms: percentile(all.latencies, 99),
      turnP99Ms: (runs[i] ?? []).map((run) => percentile(run.latencies, 99)),
      peakRssMiB: peaks[i] ?? 0,
      ...accountFigures(server.spanAccount()),
    };
  });
  return {
    cases: results,
    receivedByCollector: (await collector.acceptedSpans()) - acceptedBefore,
  };
}
