/**
 * The comparisons the targets judge, interleaved: servers for each contender (our service in
 * each telemetry case; bare Koa on the home feed, also with a known amount of CPU added per
 * request as a calibration), all started at once (each alone on CPU 0 when it is its turn,
 * in a memory cgroup of its own), and short runs that take turns, round after round. This
 * machine's speed drifts by tens of percent over minutes, so a case measured minutes after
 * another cannot be told apart from it by 10 µs; within a round it can. And each process has a speed of its own: three identical untraced
 * servers, interleaved, differed by up to 15 µs of CPU per request, the same way in every
 * round. So each contender runs on several processes (BENCH_PAIRED_PROCESSES), and a round
 * takes their mean. Figures are medians over rounds of per-round ratios or differences
 * (bench/rounds.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CALIBRATION_MICROS, startBareKoa } from './bare-koa';
import type { Case, CaseId } from './cases';
import type { Turn } from './rounds';
import { HOME, load, type Route, ROUTES } from './routes';
import type { SpawnedServer } from './spawned';
import { canPin, cpuBusyMs, SERVICE_CPU, startServer } from './support';

export interface PairedSettings {
  rounds: number;
  seconds: number;
  connections: number;
  /** Servers per contender; absent in results from before it was added (one). */
  processes?: number;
}

export type ContenderId = CaseId | 'bare-koa' | 'bare-koa-work';

export interface Contender {
  id: ContenderId;
  name: string;
  /** Its turns in round order: the nth of every contender on a route ran in the same round. */
  turns: Turn[];
}

export interface PairedRoute {
  route: string;
  contenders: Contender[];
}

type Running = Pick<SpawnedServer, 'url' | 'usage' | 'stop'>;

interface Entry {
  id: ContenderId;
  name: string;
  /** Identical servers: each process's own speed differs (below), so a round takes their mean. */
  servers: Running[];
  headers?: Record<string, string>;
  /** Whether it answers `route` (bare Koa answers only the home feed). */
  answers: (route: Route) => boolean;
}

export const BARE_KOA = 'bare Koa + @koa/router, the same body from a string';
const BARE_KOA_WORK = `bare Koa, ${CALIBRATION_MICROS} µs more CPU per request (calibration)`;

async function turn(
  entry: Entry,
  server: Running,
  route: Route,
  settings: PairedSettings,
): Promise<Turn> {
  const before = { service: server.usage().cpuMs, cpu: cpuBusyMs(SERVICE_CPU) };
  const started = performance.now();
  const run = await load(server.url, route, { ...settings, headers: entry.headers });
  const service = server.usage().cpuMs - before.service;
  const others = cpuBusyMs(SERVICE_CPU) - before.cpu - service;
  return {
    requestsPerSecond: run.requestsPerSecond,
    cpuMicros: (service * 1000) / Math.max(1, run.requests),
    othersOnCpu: canPin() ? Math.max(0, others) / (performance.now() - started) : undefined,
  };
}

/** The mean of one round's turns of a contender's servers. */
function meanTurn(turns: Turn[]): Turn {
  const mean = (figure: (turn: Turn) => number) =>
    turns.reduce((sum, turn) => sum + figure(turn), 0) / turns.length;
  const others = turns.map((turn) => turn.othersOnCpu);
  return {
    requestsPerSecond: mean((turn) => turn.requestsPerSecond),
    cpuMicros: mean((turn) => turn.cpuMicros),
    othersOnCpu: others.includes(undefined) ? undefined : mean((turn) => turn.othersOnCpu ?? 0),
  };
}

/** One turn on each of the entry's servers, one after another. */
async function entryTurns(entry: Entry, route: Route, settings: PairedSettings): Promise<Turn> {
  const turns: Turn[] = [];
  for (const server of entry.servers) turns.push(await turn(entry, server, route, settings));
  return meanTurn(turns);
}

/** Every entry that answers `route`: two warm-up turns each, then the rounds, rotating. */
async function measureRoute(all: Entry[], route: Route, settings: PairedSettings) {
  const entries = all.filter((entry) => entry.answers(route));
  const turns: Turn[][] = entries.map(() => []);
  // Not counted: on the first route they also warm the JIT up.
  for (let warm = 0; warm < 2; warm += 1)
    for (const entry of entries) await entryTurns(entry, route, settings);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let k = 0; k < entries.length; k += 1) {
      const i = (k + round) % entries.length;
      turns[i]?.push(await entryTurns(entries[i] as Entry, route, settings));
    }
  }
  return {
    route: route.name,
    contenders: entries.map(({ id, name }, i) => ({ id, name, turns: turns[i] ?? [] })),
  };
}

/** `count` servers, started one after another; each is stopped even if a later one fails. */
async function startMany(count: number, start: () => Promise<Running>, into: Running[]) {
  for (let n = 0; n < count; n += 1) into.push(await start());
}

/** `cases[0]` must be tracing off; bare Koa serves its home feed. */
export async function pairedBench(cases: Case[], settings: PairedSettings): Promise<PairedRoute[]> {
  const entries: Entry[] = [];
  const processes = settings.processes ?? 1;
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-bench-bare-koa-'));
  try {
    for (const entry of cases) {
      const servers: Running[] = [];
      entries.push({
        id: entry.id,
        name: entry.name,
        headers: entry.headers,
        servers,
        answers: () => true,
      });
      await startMany(processes, () => startServer(entry.env), servers);
    }
    const off = entries[0]?.servers[0];
    if (!off) throw new Error('no cases to compare');
    const body = await (await fetch(`${off.url}${HOME.path}`)).text();
    const file = path.join(dir, 'home.json');
    for (const [id, name, work] of [
      ['bare-koa', BARE_KOA, 0],
      ['bare-koa-work', BARE_KOA_WORK, CALIBRATION_MICROS],
    ] as const) {
      const servers: Running[] = [];
      entries.push({ id, name, servers, answers: (route) => route === HOME });
      await startMany(processes, () => startBareKoa(body, file, work), servers);
    }
    const results: PairedRoute[] = [];
    for (const route of ROUTES) {
      process.stderr.write(`bench: interleaved, ${route.name}\n`);
      results.push(await measureRoute(entries, route, settings));
    }
    return results;
  } finally {
    for (const entry of entries) for (const server of entry.servers) await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
