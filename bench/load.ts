/**
 * Throughput, latency, CPU and memory of the service under autocannon load, per telemetry
 * case, on three routes one after another; then a sustained fixed-rate run that checks
 * every span reaches the Collector.
 */
import autocannon from 'autocannon';
import type { CollectorProcess } from '../test/support/collector-process';
import type { Case, CaseId, Destinations } from './cases';
import { type Measured, pacedLoad } from './paced';
import { percentile, type Started, startServer } from './support';

export interface LoadSettings {
  durationSeconds: number;
  warmupSeconds: number;
  connections: number;
  sustainedSeconds: number;
  sustainedRate: number;
}

export interface RouteResult {
  route: string;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  errors: number;
  /** Service CPU time per request in the measured run. */
  cpuMicrosPerRequest: number;
}

export interface CaseResult {
  id: CaseId;
  name: string;
  routes: RouteResult[];
  peakRssMiB: number;
  cpuSeconds: number;
  spansEnded?: number;
  spansExported?: number;
  spansReceivedByCollector?: number;
  /** The longest time one export() call held the event loop. */
  longestExportCallMs?: number;
  /** Of 500 requests after the run, the share whose traceresponse said sampled. */
  sampledShare?: number;
  exitCode: number | null;
}

export interface SustainedResult {
  id: CaseId;
  name: string;
  rate: number;
  seconds: number;
  requests: number;
  errors: number;
  p50Ms: number;
  p99Ms: number;
  peakRssMiB: number;
  spansEnded?: number;
  spansReceivedByCollector?: number;
  longestExportCallMs?: number;
}

interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

const ROUTES: Route[] = [
  { name: 'GET /api/activities/home', method: 'GET', path: '/api/activities/home' },
  { name: 'GET /api/activities/@:handle', method: 'GET', path: '/api/activities/@andrewbrown' },
  {
    name: 'POST /api/activities',
    method: 'POST',
    path: '/api/activities',
    body: JSON.stringify({ message: 'Measured under load', ttl: '7-days' }),
  },
];

/** Closed-loop load at full speed; latencies are kept because autocannon's histogram has 1 ms steps. */
function load(
  url: string,
  route: Route,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: `${url}${route.path}`,
        method: route.method,
        headers: {
          ...options.headers,
          ...(route.body ? { 'content-type': 'application/json' } : {}),
        },
        body: route.body,
        connections: options.connections,
        duration: options.seconds,
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          errors: result.errors + result.timeouts + result.non2xx,
          latencies,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}

async function measureRoute(
  server: Started,
  route: Route,
  settings: LoadSettings,
  headers: Record<string, string> | undefined,
): Promise<RouteResult> {
  const options = { connections: settings.connections, headers };
  await load(server.url, route, { ...options, seconds: settings.warmupSeconds });
  const cpuBefore = server.usage().cpuMs;
  const result = await load(server.url, route, { ...options, seconds: settings.durationSeconds });
  const cpuMs = server.usage().cpuMs - cpuBefore;
  return {
    route: route.name,
    requestsPerSecond: result.requestsPerSecond,
    p50Ms: percentile(result.latencies, 50),
    p90Ms: percentile(result.latencies, 90),
    p99Ms: percentile(result.latencies, 99),
    errors: result.errors,
    cpuMicrosPerRequest: (cpuMs * 1000) / Math.max(1, result.requests),
  };
}

interface ServiceRun<T> {
  result: T;
  peakRssMiB: number;
  cpuMs: number;
  exitCode: number | null;
  spansEnded?: number;
  spansExported?: number;
  spansReceivedByCollector?: number;
  longestExportCallMs?: number;
}

/**
 * Starts the service for `entry` (batch processor defaults, as a user would deploy), runs
 * `work` against it, stops it, and reads its span account and what the Collector accepted.
 */
async function withService<T>(
  entry: Case,
  collector: CollectorProcess,
  work: (server: Started) => Promise<T>,
): Promise<ServiceRun<T>> {
  const acceptedBefore = await collector.acceptedSpans();
  const server = await startServer(entry.env);
  const result = await work(server);
  const { peakRssMiB, cpuMs } = server.usage();
  const exitCode = await server.stop();
  const account = server.spanAccount();
  return {
    result,
    peakRssMiB,
    cpuMs,
    exitCode,
    spansEnded: account?.ended,
    spansExported: account?.exported,
    longestExportCallMs: account?.longestExportCallMs,
    spansReceivedByCollector: entry.toCollector
      ? (await collector.acceptedSpans()) - acceptedBefore
      : undefined,
  };
}

async function runCase(
  entry: Case,
  collector: CollectorProcess,
  settings: LoadSettings,
): Promise<CaseResult> {
  const { result, cpuMs, ...run } = await withService(entry, collector, async (server) => {
    const routes: RouteResult[] = [];
    for (const route of ROUTES)
      routes.push(await measureRoute(server, route, settings, entry.headers));
    return { routes, sampledShare: await sampledShare(server.url, entry.headers) };
  });
  return {
    id: entry.id,
    name: entry.name,
    routes: result.routes,
    sampledShare: result.sampledShare,
    cpuSeconds: cpuMs / 1000,
    ...run,
  };
}

/** A fixed request rate on the home feed, as a steady production load would be. */
async function sustained(
  entry: Case,
  collector: CollectorProcess,
  settings: LoadSettings,
): Promise<SustainedResult> {
  const { result, peakRssMiB, spansEnded, spansReceivedByCollector, longestExportCallMs } =
    await withService(entry, collector, async (server) => {
      const url = `${server.url}${(ROUTES[0] as Route).path}`;
      await pacedLoad(url, settings.sustainedRate, settings.warmupSeconds);
      return pacedLoad(url, settings.sustainedRate, settings.sustainedSeconds);
    });
  return {
    id: entry.id,
    name: entry.name,
    rate: settings.sustainedRate,
    seconds: settings.sustainedSeconds,
    requests: result.requests,
    errors: result.errors,
    p50Ms: percentile(result.latencies, 50),
    p99Ms: percentile(result.latencies, 99),
    peakRssMiB,
    spansEnded,
    spansReceivedByCollector,
    longestExportCallMs,
  };
}

/** The share of `count` home-feed requests whose W3C traceresponse says they were sampled. */
async function sampledShare(
  url: string,
  headers: Record<string, string> = {},
  count = 500,
): Promise<number | undefined> {
  let traced = 0;
  let sampled = 0;
  for (let i = 0; i < count; i += 1) {
    const response = await fetch(`${url}/api/activities/home`, { headers });
    await response.arrayBuffer();
    const flags = response.headers.get('traceresponse')?.split('-')[3];
    if (flags !== undefined) traced += 1;
    if (flags === '01') sampled += 1;
  }
  return traced === 0 ? undefined : sampled / traced;
}

/** The cases whose steady-rate latency and span delivery the targets judge. */
const SUSTAINED: CaseId[] = ['off', 'production', 'full'];

export async function loadBench(
  settings: LoadSettings,
  { collector, cases }: Destinations,
): Promise<{ cases: CaseResult[]; sustained: SustainedResult[] }> {
  const results: CaseResult[] = [];
  for (const entry of cases) {
    process.stderr.write(`bench: ${entry.name}\n`);
    results.push(await runCase(entry, collector, settings));
  }
  const steady: SustainedResult[] = [];
  if (settings.sustainedSeconds > 0) {
    for (const entry of cases.filter((c) => SUSTAINED.includes(c.id))) {
      process.stderr.write(`bench: ${entry.name}, ${settings.sustainedRate} req/s\n`);
      steady.push(await sustained(entry, collector, settings));
    }
  }
  return { cases: results, sustained: steady };
}
