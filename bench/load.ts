/**
 * Throughput, latency, CPU and memory of the service under autocannon load, per telemetry
 * case, on three routes one after another; then a sustained fixed-rate run that checks
 * every span reaches the Collector.
 */
import autocannon from 'autocannon';
import { CloudWatchLogsApi } from '../test/support/cloudwatch-api';
import { type CollectorProcess, startCollectorProcess } from '../test/support/collector-process';
import { freePort } from '../test/support/ports';
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
  name: string;
  routes: RouteResult[];
  peakRssMiB: number;
  cpuSeconds: number;
  spansEnded?: number;
  spansExported?: number;
  spansReceivedByCollector?: number;
  exitCode: number | null;
}

export interface SustainedResult {
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

interface Case {
  name: string;
  env: (collector: CollectorProcess) => NodeJS.ProcessEnv;
  /** Whether its spans go to the Collector, whose accepted count is then reported. */
  toCollector?: boolean;
}

/** Closed-loop load at full speed; latencies are kept because autocannon's histogram has 1 ms steps. */
function load(
  url: string,
  route: Route,
  options: { seconds: number; connections: number },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: `${url}${route.path}`,
        method: route.method,
        headers: route.body ? { 'content-type': 'application/json' } : {},
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
): Promise<RouteResult> {
  await load(server.url, route, {
    seconds: settings.warmupSeconds,
    connections: settings.connections,
  });
  const cpuBefore = server.usage().cpuMs;
  const result = await load(server.url, route, {
    seconds: settings.durationSeconds,
    connections: settings.connections,
  });
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
  const server = await startServer(entry.env(collector));
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
    for (const route of ROUTES) routes.push(await measureRoute(server, route, settings));
    return routes;
  });
  return { name: entry.name, routes: result, cpuSeconds: cpuMs / 1000, ...run };
}

/** A fixed request rate on the home feed, as a steady production load would be. */
async function sustained(
  entry: Case,
  collector: CollectorProcess,
  settings: LoadSettings,
): Promise<SustainedResult> {
  const { result, peakRssMiB, spansEnded, spansReceivedByCollector } = await withService(
    entry,
    collector,
    async (server) => {
      const url = `${server.url}${(ROUTES[0] as Route).path}`;
      await pacedLoad(url, settings.sustainedRate, settings.warmupSeconds);
      return pacedLoad(url, settings.sustainedRate, settings.sustainedSeconds);
    },
  );
  return {
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
  };
}

export async function loadBench(
  settings: LoadSettings,
): Promise<{ cases: CaseResult[]; sustained: SustainedResult[] }> {
  const collector = await startCollectorProcess();
  const cloudWatch = await CloudWatchLogsApi.start();
  const down = `http://127.0.0.1:${await freePort()}`;
  const otlpTo = (endpoint: string) => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  });
  const cases: Case[] = [
    { name: 'tracing off', env: () => ({ OTEL_SDK_DISABLED: 'true' }) },
    {
      name: 'tracing → Collector',
      env: (c) => otlpTo(c.httpEndpoint),
      toCollector: true,
    },
    { name: 'tracing, Collector down', env: () => otlpTo(down) },
    // Nothing configured: the trace tree on stderr, what a new user sees first.
    { name: 'tracing → local trace view', env: () => ({}) },
    {
      name: 'tracing → Collector, logs → CloudWatch',
      toCollector: true,
      env: (c) => ({
        ...otlpTo(c.httpEndpoint),
        CLOUDWATCH_LOG_GROUP: 'cruddur-bench',
        CLOUDWATCH_LOG_STREAM: 'bench',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'bench-only',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudWatch.endpoint,
      }),
    },
  ];
  try {
    const results: CaseResult[] = [];
    for (const entry of cases) {
      process.stderr.write(`bench: ${entry.name}\n`);
      results.push(await runCase(entry, collector, settings));
    }
    const steady: SustainedResult[] = [];
    if (settings.sustainedSeconds > 0) {
      for (const entry of cases.slice(0, 2)) {
        process.stderr.write(`bench: ${entry.name}, ${settings.sustainedRate} req/s\n`);
        steady.push(await sustained(entry, collector, settings));
      }
    }
    return { cases: results, sustained: steady };
  } finally {
    await collector.stop();
    await cloudWatch.server.stop();
  }
}
