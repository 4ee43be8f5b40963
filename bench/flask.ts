/**
 * The comparison with the stack this project replaces: the Flask backend (bench/flask/app.py,
 * traced as the original Cruddur backend was) and our service, each untraced and traced at
 * 100% to the real Collector, under the same wrk load on GET /api/activities/home.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CollectorProcess } from '../test/support/collector-process';
import type { Destinations } from './cases';
import { startFlask } from './flask-server';
import { flaskPython } from './flask-venv';
import { HOME } from './routes';
import { type SpawnedServer } from './spawned';
import { cpuCount, startServer } from './support';
import { missingWrk, runWrk, type WrkOptions } from './wrk';

export interface FlaskSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
}

export interface StackResult {
  name: string;
  stack: 'Flask' | 'ours';
  traced: boolean;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** wrk's connect, read, write errors and timeouts, added up. */
  socketErrors: number;
  httpErrors: number;
  cpuMicrosPerRequest: number;
  peakRssMiB: number;
  bodyBytes: number;
  /** Answered in warm-up and measurement, plus the one that read the body. */
  requests: number;
  spansReceivedByCollector?: number;
  exitCode: number | null;
}

export interface FlaskComparison {
  date: string;
  python: string;
  load: FlaskSettings & { threads: number };
  results: StackResult[];
}

export type FlaskSection = FlaskComparison | { skipped: string };

/** One of the four servers compared. */
interface Candidate {
  name: string;
  stack: StackResult['stack'];
  traced: boolean;
  start: (collector: CollectorProcess) => Promise<SpawnedServer>;
}

const UNTRACED = { OTEL_SDK_DISABLED: 'true' };
// Both SDKs' default, said explicitly: this comparison is at 100% sampling.
const EVERY_TRACE = { OTEL_TRACES_SAMPLER: 'parentbased_always_on' };

/**
 * In pairs, so that the two stacks compared are measured close together in time. Ours
 * traced is the load benchmark's 100% case (`ours100`), so it follows any change there.
 */
function candidates(python: string, feedFile: string, ours100: NodeJS.ProcessEnv): Candidate[] {
  const flask = (env: NodeJS.ProcessEnv) =>
    startFlask(python, { HOME_FEED_FILE: feedFile, ...env });
  return [
    { name: 'Flask, untraced', stack: 'Flask', traced: false, start: () => flask(UNTRACED) },
    { name: 'ours, untraced', stack: 'ours', traced: false, start: () => startServer(UNTRACED) },
    {
      name: 'Flask, traced → Collector (OTLP/HTTP)',
      stack: 'Flask',
      traced: true,
      start: (c) =>
        flask({
          OTEL_SERVICE_NAME: 'backend-flask',
          OTEL_EXPORTER_OTLP_ENDPOINT: c.httpEndpoint,
          ...EVERY_TRACE,
        }),
    },
    {
      name: 'ours, traced → Collector',
      stack: 'ours',
      traced: true,
      start: () => startServer({ ...ours100, ...EVERY_TRACE }),
    },
  ];
}

/** Our service's home feed, saved for the Flask app to serve. */
async function saveHomeFeed(file: string): Promise<void> {
  const service = await startServer(UNTRACED);
  try {
    writeFileSync(file, await (await fetch(`${service.url}${HOME.path}`)).text());
  } finally {
    await service.stop();
  }
}

/** wrk's figures, the CPU per measured request and peak RSS of `server`. */
async function loadOn(
  server: SpawnedServer,
  name: string,
  settings: FlaskSettings,
  load: Omit<WrkOptions, 'seconds'>,
) {
  const url = `${server.url}${HOME.path}`;
  const bodyBytes = (await (await fetch(url)).arrayBuffer()).byteLength;
  const usage = () => {
    try {
      return server.usage();
    } catch {
      throw new Error(`${name}: the server exited under load\n${server.stderr().slice(-2000)}`);
    }
  };
  const warm = await runWrk(url, { ...load, seconds: settings.warmupSeconds });
  const cpuBefore = usage().cpuMs;
  const result = await runWrk(url, { ...load, seconds: settings.durationSeconds });
  const { cpuMs, peakRssMiB } = usage();
  const { connect, read, write, timeout } = result.socketErrors;
  return {
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: result.p50Ms,
    p90Ms: result.p90Ms,
    p99Ms: result.p99Ms,
    socketErrors: connect + read + write + timeout,
    httpErrors: result.httpErrors,
    cpuMicrosPerRequest: ((cpuMs - cpuBefore) * 1000) / Math.max(1, result.requests),
    peakRssMiB,
    bodyBytes,
    requests: warm.requests + result.requests + 1,
  };
}

async function measure(
  candidate: Candidate,
  collector: CollectorProcess,
  settings: FlaskSettings,
  load: Omit<WrkOptions, 'seconds'>,
): Promise<StackResult> {
  const acceptedBefore = await collector.acceptedSpans();
  const server = await candidate.start(collector);
  let measured: Awaited<ReturnType<typeof loadOn>>;
  try {
    measured = await loadOn(server, candidate.name, settings, load);
  } catch (error) {
    await server.stop();
    throw error;
  }
  // Flask flushes its queued spans as it exits (flask-server.ts), before the count below.
  const exitCode = await server.stop();
  return {
    name: candidate.name,
    stack: candidate.stack,
    traced: candidate.traced,
    ...measured,
    spansReceivedByCollector: candidate.traced
      ? (await collector.acceptedSpans()) - acceptedBefore
      : undefined,
    exitCode,
  };
}

/** Runs the comparison, or says in one line what to install and skips it. */
export async function flaskSection(
  settings: FlaskSettings,
  { collector, cases }: Destinations,
): Promise<FlaskSection> {
  const wrkMissing = missingWrk();
  const venv = wrkMissing ? { missing: wrkMissing } : flaskPython();
  if ('missing' in venv) {
    process.stderr.write(`bench: Flask comparison skipped: ${venv.missing}\n`);
    return { skipped: venv.missing };
  }
  const load = {
    // The load generator gets the CPUs the service does not run on.
    threads: Math.max(1, Math.min(settings.connections, cpuCount - 1)),
    connections: settings.connections,
  };
  const full = cases.find((entry) => entry.id === 'full');
  if (!full) throw new Error("the load benchmark has no 'full' case (100% → Collector)");
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-bench-flask-'));
  try {
    const feedFile = path.join(dir, 'home.json');
    await saveHomeFeed(feedFile);
    const results: StackResult[] = [];
    for (const candidate of candidates(venv.python, feedFile, full.env)) {
      process.stderr.write(`bench: ${candidate.name}\n`);
      results.push(await measure(candidate, collector, settings, load));
    }
    return {
      date: new Date().toISOString().slice(0, 10),
      python: spawnSync(venv.python, ['--version'], { encoding: 'utf8' }).stdout.trim(),
      load: { ...settings, ...load },
      results,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
