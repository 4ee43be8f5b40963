/**
 * Where each traced request's extra CPU goes, on the real service: the home feed under load
 * with tracing off and with the cases named below, each profiled over the measured window
 * (bench/profile.ts). The profiler's own cost inflates every figure alike; the report sets
 * the parts beside the measured difference in CPU per request.
 */
import autocannon from 'autocannon';
import { devtools } from '../test/support/inspector';
import type { Case, CaseId } from './cases';
import { GC, otherOwners, profiled, tracingParts } from './profile';
import { startServer } from './support';

export interface Breakdown {
  id: CaseId;
  name: string;
  /** Service CPU per request while profiled (getrusage of the process). */
  cpuMicrosPerRequest: number;
  /** Tracing's parts in µs per request, from the profile. */
  parts: Record<string, number>;
  gcMicrosPerRequest: number;
  /** The rest of the profile by owner, µs per request (absent in results from before issue 22). */
  others?: Record<string, number>;
}

const PROFILED: CaseId[] = ['off', 'unsampled', 'production', 'full'];

async function profileCase(entry: Case, seconds: number, connections: number): Promise<Breakdown> {
  const server = await startServer({ ...entry.env, NODE_OPTIONS: '--inspect=127.0.0.1:0' });
  const session = await devtools(server.stderr());
  try {
    const options = {
      url: `${server.url}/api/activities/home`,
      connections,
      headers: entry.headers,
    };
    await autocannon({ ...options, duration: 3 });
    const cpuBefore = server.usage().cpuMs;
    const { result, byOwner } = await profiled(session, async () => {
      const run = await autocannon({ ...options, duration: seconds });
      return { requests: run.requests.total };
    });
    const cpuMs = server.usage().cpuMs - cpuBefore;
    return {
      id: entry.id,
      name: entry.name,
      cpuMicrosPerRequest: (cpuMs * 1000) / result.requests,
      parts: tracingParts(byOwner),
      gcMicrosPerRequest: byOwner.get(GC) ?? 0,
      others: otherOwners(byOwner),
    };
  } finally {
    session.close();
    await server.stop();
  }
}

export async function breakdownBench(
  cases: Case[],
  settings: { durationSeconds: number; connections: number },
): Promise<Breakdown[]> {
  const results: Breakdown[] = [];
  for (const entry of cases.filter((c) => PROFILED.includes(c.id))) {
    process.stderr.write(`bench: profile, ${entry.name}\n`);
    results.push(await profileCase(entry, settings.durationSeconds, settings.connections));
  }
  return results;
}
