/**
 * Tracing's own CPU per request with no socket under it (bench/socketless-requests.cjs): the request
 * path's telemetry work in each case, minus the same path untraced, in processes placed
 * like the service. Beside the interleaved comparison's differences, which are measured
 * through real sockets, it shows how much of those is tracing's own work and how much this
 * machine adds to every µs a slower server spends (docs/performance.md, "This machine").
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import type { Case, CaseId } from './cases';
import { fixed, table } from './format';
import { spread } from './rounds';
import { root, serviceCommand } from './support';

export interface SpanPathResult {
  requestsPerRound: number;
  /** CPU µs per request in each round, by case; rounds from several processes, in turn. */
  micros: Partial<Record<CaseId, number[]>>;
}

const MEASURED: CaseId[] = ['off', 'unsampled', 'production', 'full'];

/** The child's figures; spawned, not run synchronously: the stand-ins it talks to run here. */
async function runChild(entry: Case, rounds: number, requests: number): Promise<number[]> {
  const [command, ...args] = serviceCommand([
    process.execPath,
    '--require',
    './dist/telemetry/preload.js',
    path.join(root, 'bench/socketless-requests.cjs'),
    String(rounds),
    String(requests),
  ]);
  const child = spawn(command as string, args, {
    cwd: root,
    env: {
      PATH: process.env.PATH,
      ...entry.env,
      ...(entry.headers?.traceparent ? { BENCH_TRACEPARENT: entry.headers.traceparent } : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const [status] = (await once(child, 'close')) as [number | null];
  // The telemetry's own lines (its destination, then its span account at exit) surround it.
  const figures = stderr.split('\n').find((line) => line.startsWith('['));
  if (status !== 0 || !figures) {
    throw new Error(`bench/socketless-requests.cjs failed (${entry.id}):\n${stderr}`);
  }
  return JSON.parse(figures) as number[];
}

/** `processes` processes per case, taking turns, each measuring `rounds` rounds. */
export async function spanPathBench(
  cases: Case[],
  { processes = 3, rounds = 3, requests = 20_000 } = {},
): Promise<SpanPathResult> {
  const measured = MEASURED.flatMap((id) => cases.filter((entry) => entry.id === id));
  const micros: SpanPathResult['micros'] = {};
  for (let turn = 0; turn < processes; turn += 1) {
    for (const entry of measured) {
      micros[entry.id] = [
        ...(micros[entry.id] ?? []),
        ...(await runChild(entry, rounds, requests)),
      ];
    }
  }
  return { requestsPerRound: requests, micros };
}

export function spanPathTable(result: SpanPathResult, names: Map<CaseId, string>): string {
  const off = spread(result.micros.off ?? []).median;
  const rows = Object.entries(result.micros).map(([id, values]) => {
    const figure = spread(values);
    return [
      names.get(id as CaseId) ?? id,
      `${fixed(figure.median, 1)} (${fixed(figure.min, 1)}–${fixed(figure.max, 1)})`,
      id === 'off' ? '–' : `+${fixed(figure.median - off, 1)}`,
    ];
  });
  return [
    `The request path's telemetry work with no socket under it (bench/socketless-requests.cjs: real Koa contexts through the server span and access log middleware, two log lines each, spans exported as configured), CPU µs per request, median over ${Object.values(result.micros)[0]?.length ?? 0} rounds of ${result.requestsPerRound} requests from several processes (range):`,
    '',
    table(['case', 'CPU µs per request', 'over untraced'], rows),
  ].join('\n');
}
