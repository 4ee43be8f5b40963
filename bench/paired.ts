/**
 * The comparisons the targets judge, interleaved: one server per contender (our service in
 * each telemetry case, and bare Koa on the home feed), all started at once (each alone on
 * CPU 0 when it is its turn, in a memory cgroup of its own), and short runs that take
 * turns, round after round. This machine's speed drifts by tens of percent over minutes,
 * so a case measured minutes after another cannot be told apart from it by 10 µs; within
 * a round it can. Figures are medians over rounds of per-round ratios or differences
 * (bench/rounds.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBareKoa } from './bare-koa';
import type { Case, CaseId } from './cases';
import type { Turn } from './rounds';
import { HOME, load, type Route, ROUTES } from './routes';
import type { SpawnedServer } from './spawned';
import { canPin, cpuBusyMs, SERVICE_CPU, startServer } from './support';

export interface PairedSettings {
  rounds: number;
  seconds: number;
  connections: number;
}

export type ContenderId = CaseId | 'bare-koa';

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
  server: Running;
  headers?: Record<string, string>;
  /** Whether it answers `route` (bare Koa answers only the home feed). */
  answers: (route: Route) => boolean;
}

export const BARE_KOA = 'bare Koa + @koa/router, the same body from a string';

async function turn(entry: Entry, route: Route, settings: PairedSettings): Promise<Turn> {
  const before = { service: entry.server.usage().cpuMs, cpu: cpuBusyMs(SERVICE_CPU) };
  const started = performance.now();
  const run = await load(entry.server.url, route, { ...settings, headers: entry.headers });
  const service = entry.server.usage().cpuMs - before.service;
  const others = cpuBusyMs(SERVICE_CPU) - before.cpu - service;
  return {
    requestsPerSecond: run.requestsPerSecond,
    cpuMicros: (service * 1000) / Math.max(1, run.requests),
    othersOnCpu: canPin ? Math.max(0, others) / (performance.now() - started) : undefined,
  };
}

/** Every entry that answers `route`: two warm-up turns each, then the rounds, rotating. */
async function measureRoute(all: Entry[], route: Route, settings: PairedSettings) {
  const entries = all.filter((entry) => entry.answers(route));
  const turns: Turn[][] = entries.map(() => []);
  // Not counted: on the first route they also warm the JIT up.
  for (let warm = 0; warm < 2; warm += 1)
    for (const entry of entries) await turn(entry, route, settings);
  for (let round = 0; round < settings.rounds; round += 1) {
    for (let k = 0; k < entries.length; k += 1) {
      const i = (k + round) % entries.length;
      turns[i]?.push(await turn(entries[i] as Entry, route, settings));
    }
  }
  return {
    route: route.name,
    contenders: entries.map(({ id, name }, i) => ({ id, name, turns: turns[i] ?? [] })),
  };
}

/** `cases[0]` must be tracing off; bare Koa serves its home feed. */
export async function pairedBench(cases: Case[], settings: PairedSettings): Promise<PairedRoute[]> {
  const entries: Entry[] = [];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-bench-bare-koa-'));
  try {
    for (const entry of cases) {
      const server = await startServer(entry.env);
      entries.push({
        id: entry.id,
        name: entry.name,
        headers: entry.headers,
        server,
        answers: () => true,
      });
    }
    const off = entries[0]?.server;
    if (!off) throw new Error('no cases to compare');
    const body = await (await fetch(`${off.url}${HOME.path}`)).text();
    entries.push({
      id: 'bare-koa',
      name: BARE_KOA,
      server: await startBareKoa(body, path.join(dir, 'home.json')),
      answers: (route) => route === HOME,
    });
    const results: PairedRoute[] = [];
    for (const route of ROUTES) {
      process.stderr.write(`bench: interleaved, ${route.name}\n`);
      results.push(await measureRoute(entries, route, settings));
    }
    return results;
  } finally {
    for (const entry of entries) await entry.server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
