/**
 * Throughput, latency, CPU and memory of the service under autocannon load, per telemetry
 * case, on three routes one after another.
 */
import type { CollectorProcess } from '../test/support/collector-process';
import type { Case, CaseId, Destinations } from './cases';
import { load, type Route, ROUTES } from './routes';
import {
  type AccountFigures,
  accountFigures,
  percentile,
  type Started,
  startServer,
} from './support';

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

export interface CaseResult extends AccountFigures {
  id: CaseId;
  name: string;
  routes: RouteResult[];
  peakRssMiB: number;
  cpuSeconds: number;
  spansReceivedByCollector?: number;
  /** Of 500 requests after the run, the share whose traceresponse said sampled. */
  sampledShare?: number;
  exitCode: number | null;
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

interface ServiceRun<T> extends AccountFigures {
  result: T;
  peakRssMiB: number;
  cpuMs: number;
  exitCode: number | null;
  spansReceivedByCollector?: number;
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
  return {
    result,
    peakRssMiB,
    cpuMs,
    exitCode,
    ...accountFigures(server.spanAccount()),
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

/** Every case, one after another, each on the three routes. */
export async function loadBench(
  settings: LoadSettings,
  { collector, cases }: Destinations,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const entry of cases) {
    process.stderr.write(`bench: ${entry.name}\n`);
    results.push(await runCase(entry, collector, settings));
  }
  return results;
}
