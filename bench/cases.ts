/**
 * The telemetry cases the load benchmark compares, and the real processes they send to: the
 * project's Collector, the X-Ray daemon with a local X-Ray API serving the shipped sampling
 * rule, and a CloudWatch Logs stand-in.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CloudWatchLogsApi } from '../test/support/cloudwatch-api';
import { type CollectorProcess, startCollectorProcess } from '../test/support/collector-process';
import { freePort } from '../test/support/ports';
import { type RunningDaemon, startXRayDaemon } from '../test/support/xray-daemon';
import { type SamplingRule, XRayApi } from '../test/support/xray-api';
import { root } from './support';

export type CaseId =
  'off' | 'unsampled' | 'production' | 'full' | 'collector-down' | 'tree' | 'cloudwatch';

export interface Case {
  id: CaseId;
  name: string;
  env: NodeJS.ProcessEnv;
  /** Sent with every request, e.g. an unsampled caller's traceparent. */
  headers?: Record<string, string>;
  /** Whether its spans go to the Collector, whose accepted count is then reported. */
  toCollector?: boolean;
}

export interface Destinations {
  collector: CollectorProcess;
  cases: Case[];
  stop: () => Promise<void>;
}

/** A caller that decided not to sample: W3C flags 00 (X-Ray's Sampled=0 propagates the same). */
export const UNSAMPLED_PARENT = '00-6a3c0f1e9b2d4c5e8f7a6b5c4d3e2f10-1a2b3c4d5e6f7a8b-00';

function shippedRule(): SamplingRule {
  const file = path.join(root, 'xray/sampling-rule.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { SamplingRule: SamplingRule }).SamplingRule;
}

function caseList(
  collector: CollectorProcess,
  daemon: RunningDaemon,
  logs: CloudWatchLogsApi,
  down: string,
): Case[] {
  const otlp = (endpoint: string) => ({
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  });
  const toCollector = otlp(collector.httpEndpoint);
  return [
    { id: 'off', name: 'tracing off', env: { OTEL_SDK_DISABLED: 'true' } },
    {
      id: 'unsampled',
      name: 'unsampled: the caller sent flags 00',
      env: toCollector,
      headers: { traceparent: UNSAMPLED_PARENT },
    },
    {
      id: 'production',
      name: 'production default: X-Ray rule (reservoir, then 10%)',
      env: {
        ...toCollector,
        XRAY_SAMPLING: 'remote',
        XRAY_SAMPLING_ENDPOINT: `http://${daemon.address}`,
      },
      toCollector: true,
    },
    { id: 'full', name: '100% → Collector', env: toCollector, toCollector: true },
    { id: 'collector-down', name: '100%, Collector down', env: otlp(down) },
    // Nothing configured: the trace tree on stderr, what a new user sees first.
    { id: 'tree', name: '100% → local trace view', env: {} },
    {
      id: 'cloudwatch',
      name: '100% → Collector, logs → CloudWatch',
      toCollector: true,
      env: {
        ...toCollector,
        CLOUDWATCH_LOG_GROUP: 'cruddur-bench',
        CLOUDWATCH_LOG_STREAM: 'bench',
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
        AWS_SECRET_ACCESS_KEY: 'bench-only',
        AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: logs.endpoint,
      },
    },
  ];
}

export async function startDestinations(): Promise<Destinations> {
  const collector = await startCollectorProcess();
  const xray = await XRayApi.start();
  xray.rules = [shippedRule()];
  const daemon = await startXRayDaemon(xray.endpoint);
  const logs = await CloudWatchLogsApi.start();
  const down = `http://127.0.0.1:${await freePort()}`;
  return {
    collector,
    cases: caseList(collector, daemon, logs, down),
    stop: async () => {
      await collector.stop();
      await daemon.stop();
      await xray.stop();
      await logs.server.stop();
    },
  };
}
