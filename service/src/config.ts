import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import { isSecretName } from './diagnostics/scrub.js';
import type { HoneycombUi } from './diagnostics/trace-ids.js';
import type { User } from './domain/user.js';

// Kubernetes and shells often pass an unset optional value as an empty string.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const url = z.url({ protocol: /^https?$/ });

/** A comma-separated list, as the OTEL_* variables use. */
const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

const count = z.coerce.number().int().min(0);

/** The OTLP transports this service ships (http/json is not one of them). */
const otlpProtocol = z.enum(['grpc', 'http/protobuf']);

/** The retention periods CloudWatch Logs accepts (PutRetentionPolicy); the chart's schema checks it has the same. */
export const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288,
  3653,
];

const envSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(4567),
  HOST: optional(z.string()),
  // The pre-stop hook's port (process/drain-hook.ts); no Service exposes it. Unset: no hook.
  DRAIN_PORT: optional(z.coerce.number().int().min(1).max(65535)),
  FRONTEND_URL: optional(url).default('http://localhost:3000'),
  BACKEND_URL: optional(url).default('http://localhost:4567'),
  DEPLOYMENT_ENVIRONMENT: optional(z.string()).default('development'),
  DEMO_USER_HANDLE: optional(z.string().regex(/^[a-z0-9_]{1,32}$/)).default('andrewbrown'),
  DEMO_USER_DISPLAY_NAME: optional(z.string().max(64)).default('Andrew Brown'),
  BODY_LIMIT: optional(
    z.string().regex(/^\d+\s*(b|kb|mb)$/i, 'expected a size such as 64kb'),
  ).default('64kb'),
  SHUTDOWN_GRACE_SECONDS: optional(z.coerce.number().min(0).max(300)).default(15),
  // Above an AWS ALB's default idle timeout (60 s): the balancer must be the one to close an
  // idle connection, or it reuses one the service is closing (a 502). At most 290 s: the
  // headers timeout goes above it, and Node requires that under its 300 s request timeout.
  KEEP_ALIVE_TIMEOUT_SECONDS: optional(z.coerce.number().min(1).max(290)).default(65),
  LOG_LEVEL: optional(
    z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly']),
  ).default('info'),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'])).default('json'),
  OTEL_SERVICE_NAME: optional(z.string()).default('cruddur-backend'),
  CODE_VERSION: optional(z.string()),
  OTEL_SDK_DISABLED: optional(z.enum(['true', 'false'])),
  OTEL_TRACES_EXPORTER: optional(list.pipe(z.array(z.enum(['otlp', 'console', 'tree', 'none'])))),
  OTEL_EXPORTER_OTLP_ENDPOINT: optional(z.string()),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: optional(z.string()),
  OTEL_EXPORTER_OTLP_PROTOCOL: optional(otlpProtocol),
  OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: optional(otlpProtocol),
  OTEL_NODE_ENABLED_INSTRUMENTATIONS: optional(list),
  OTEL_NODE_DISABLED_INSTRUMENTATIONS: optional(list),
  OTEL_TRACES_SAMPLER: optional(
    z.enum([
      'always_on',
      'always_off',
      'traceidratio',
      'parentbased_always_on',
      'parentbased_always_off',
      'parentbased_traceidratio',
    ]),
  ).default('parentbased_always_on'),
  OTEL_TRACES_SAMPLER_ARG: optional(z.coerce.number().min(0).max(1)).default(1),
  // Not the spec's 2048: with small batches one export at a time moves fewer spans, and a
  // stalled event loop filled 2048 at 1000 req/s (spans lost); 8192 lost none.
  OTEL_BSP_MAX_QUEUE_SIZE: optional(count.min(1)).default(8192),
  // Not the spec's 512: encoding a batch holds the event loop (512 spans: 5-20 ms), and
  // 32 spans stay under about 1 ms on a slow vCPU at no measurable cost (docs/performance.md).
  OTEL_BSP_MAX_EXPORT_BATCH_SIZE: optional(count.min(1)).default(32),
  OTEL_BSP_SCHEDULE_DELAY: optional(count).default(5000),
  OTEL_BSP_EXPORT_TIMEOUT: optional(count).default(30000),
  HONEYCOMB_API_KEY: optional(z.string()),
  HONEYCOMB_API_ENDPOINT: optional(url).default('https://api.honeycomb.io:443'),
  HONEYCOMB_TEAM: optional(z.string()),
  HONEYCOMB_ENVIRONMENT: optional(z.string()),
  XRAY_SAMPLING: optional(z.enum(['local', 'remote'])).default('local'),
  XRAY_SAMPLING_ENDPOINT: optional(url).default('http://localhost:2000'),
  // The shipped rule's FixedRate (xray/sampling-rule.json; test/xray/sampling-rule.test.ts).
  XRAY_SAMPLING_FALLBACK_RATE: optional(z.coerce.number().min(0).max(1)).default(0.1),
  CLOUDWATCH_LOG_GROUP: optional(z.string().regex(/^[\w\-/.#]{1,512}$/, 'not a log group name')),
  CLOUDWATCH_LOG_STREAM: optional(z.string().regex(/^[^:*]{1,512}$/, 'not a log stream name')),
  CLOUDWATCH_RETENTION_DAYS: optional(
    z.coerce
      .number()
      .refine((days) => RETENTION_DAYS.includes(days), `one of ${RETENTION_DAYS.join(', ')}`),
  ),
  CLOUDWATCH_UPLOAD_INTERVAL_MS: optional(count.min(200)).default(2000),
  CLOUDWATCH_MAX_QUEUE: optional(count.min(1)).default(10_000),
  AWS_REGION: optional(z.string()),
  AWS_DEFAULT_REGION: optional(z.string()),
  ROLLBAR_ACCESS_TOKEN: optional(z.string()),
  ROLLBAR_ENDPOINT: optional(url).default('https://api.rollbar.com/api/1/item/'),
  DEBUG_ROUTES: optional(z.enum(['true', 'false'])).default('false'),
});

export interface Config {
  port: number;
  host: string | undefined;
  drainPort: number | undefined;
  corsOrigins: string[];
  environment: string;
  hostname: string;
  /** Who every request acts as, until authentication exists. */
  demoUser: User;
  bodyLimit: string;
  /** From SIGTERM to exit, draining requests and flushing included (process/signals.ts). */
  shutdownGraceMs: number;
  /** How long an idle keep-alive connection stays open (http/server-options.ts). */
  keepAliveTimeoutMs: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  serviceName: string;
  serviceVersion: string;
  telemetry: TelemetryConfig;
  cloudWatch: CloudWatchConfig | undefined;
  rollbar: RollbarConfig | undefined;
  /** Mounts /api/debug/* (routes that fail on purpose) and /rollbar/test (a Rollbar item). */
  debugRoutes: boolean;
}

export interface CloudWatchConfig {
  logGroup: string;
  logStream: string;
  /** Undefined leaves the region to the AWS SDK's own lookup (profile, instance metadata). */
  region: string | undefined;
  retentionDays: number | undefined;
  uploadIntervalMs: number;
  maxQueue: number;
}

export interface RollbarConfig {
  accessToken: string;
  endpoint: string;
}

export type TraceExporterName = 'otlp' | 'console' | 'tree';

export interface TelemetryConfig {
  enabled: boolean;
  /** Where spans go; see traceExporters() for how the default is chosen. */
  exporters: TraceExporterName[];
  /** OTEL_EXPORTER_OTLP_(TRACES_)PROTOCOL; http/protobuf unless set. */
  otlpProtocol: 'grpc' | 'http/protobuf';
  /** Set when OTLP goes straight to Honeycomb (no collector endpoint configured). */
  honeycombDirect: { endpoint: string; apiKey: string } | undefined;
  /** Set when trace links to Honeycomb's UI can be built. */
  honeycombUi: HoneycombUi | undefined;
  instrumentations: { enabled: string[] | undefined; disabled: string[] };
  batch: {
    maxQueueSize: number;
    maxExportBatchSize: number;
    scheduledDelayMillis: number;
    exportTimeoutMillis: number;
  };
  /** The local sampler (OTEL_TRACES_SAMPLER), when X-Ray rules are not used. */
  sampler: {
    parentBased: boolean;
    root: 'always_on' | 'always_off' | 'traceidratio';
    ratio: number;
  };
  /** X-Ray centralized sampling; until rules arrive (or once they expire), `fallbackRate` of new traces. */
  xraySampling: { endpoint: string; fallbackRate: number } | undefined;
}

export class ConfigError extends Error {}

type Env = z.infer<typeof envSchema>;

/**
 * With no exporter named: OTLP when an endpoint or a Honeycomb key is configured,
 * otherwise the local trace tree on stderr, so a new user sees traces at once.
 */
function traceExporters(e: Env): TraceExporterName[] {
  const named = e.OTEL_TRACES_EXPORTER?.filter((name) => name !== 'none');
  if (e.OTEL_TRACES_EXPORTER !== undefined && named !== undefined) return named;
  const otlpConfigured =
    e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ?? e.HONEYCOMB_API_KEY;
  return otlpConfigured === undefined ? ['tree'] : ['otlp'];
}

/** Honeycomb's UI lives beside its API in each region (api.eu1... -> ui.eu1...). */
function honeycombUiBase(apiEndpoint: string): string {
  const region = /^api\.((?:[a-z0-9-]+\.)*honeycomb\.io)$/.exec(new URL(apiEndpoint).hostname);
  return `https://ui.${region?.[1] ?? 'honeycomb.io'}`;
}

function telemetryConfig(e: Env): TelemetryConfig {
  const otlpEndpoint = e.OTEL_EXPORTER_OTLP_ENDPOINT ?? e.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
  return {
    enabled: e.OTEL_SDK_DISABLED !== 'true',
    exporters: traceExporters(e),
    otlpProtocol:
      e.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL ?? e.OTEL_EXPORTER_OTLP_PROTOCOL ?? 'http/protobuf',
    honeycombDirect:
      e.HONEYCOMB_API_KEY !== undefined && otlpEndpoint === undefined
        ? { endpoint: e.HONEYCOMB_API_ENDPOINT, apiKey: e.HONEYCOMB_API_KEY }
        : undefined,
    honeycombUi:
      e.HONEYCOMB_TEAM !== undefined && e.HONEYCOMB_ENVIRONMENT !== undefined
        ? {
            baseUrl: honeycombUiBase(e.HONEYCOMB_API_ENDPOINT),
            team: e.HONEYCOMB_TEAM,
            environment: e.HONEYCOMB_ENVIRONMENT,
            dataset: e.OTEL_SERVICE_NAME,
          }
        : undefined,
    instrumentations: {
      enabled: e.OTEL_NODE_ENABLED_INSTRUMENTATIONS,
      disabled: e.OTEL_NODE_DISABLED_INSTRUMENTATIONS ?? [],
    },
    batch: {
      maxQueueSize: e.OTEL_BSP_MAX_QUEUE_SIZE,
      maxExportBatchSize: Math.min(e.OTEL_BSP_MAX_EXPORT_BATCH_SIZE, e.OTEL_BSP_MAX_QUEUE_SIZE),
      scheduledDelayMillis: e.OTEL_BSP_SCHEDULE_DELAY,
      exportTimeoutMillis: e.OTEL_BSP_EXPORT_TIMEOUT,
    },
    sampler: {
      parentBased: e.OTEL_TRACES_SAMPLER.startsWith('parentbased_'),
      root: e.OTEL_TRACES_SAMPLER.replace('parentbased_', '') as
        'always_on' | 'always_off' | 'traceidratio',
      ratio: e.OTEL_TRACES_SAMPLER_ARG,
    },
    xraySampling:
      e.XRAY_SAMPLING === 'remote'
        ? { endpoint: e.XRAY_SAMPLING_ENDPOINT, fallbackRate: e.XRAY_SAMPLING_FALLBACK_RATE }
        : undefined,
  };
}

/** Parses and validates the process environment; the only place that reads it. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // A secret's value is never echoed back, even in a configuration error.
      const shown = isSecretName(name) ? 'a hidden value' : JSON.stringify(env[name]);
      return `${issue.path.join('.')}: ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    drainPort: e.DRAIN_PORT,
    corsOrigins: [...new Set([new URL(e.FRONTEND_URL).origin, new URL(e.BACKEND_URL).origin])],
    environment: e.DEPLOYMENT_ENVIRONMENT,
    hostname: env.K8S_POD_NAME ?? os.hostname(),
    demoUser: { handle: e.DEMO_USER_HANDLE, display_name: e.DEMO_USER_DISPLAY_NAME },
    bodyLimit: e.BODY_LIMIT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    keepAliveTimeoutMs: e.KEEP_ALIVE_TIMEOUT_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    serviceName: e.OTEL_SERVICE_NAME,
    serviceVersion: e.CODE_VERSION ?? packageVersion(),
    telemetry: telemetryConfig(e),
    cloudWatch:
      e.CLOUDWATCH_LOG_GROUP === undefined
        ? undefined
        : {
            logGroup: e.CLOUDWATCH_LOG_GROUP,
            logStream: e.CLOUDWATCH_LOG_STREAM ?? env.K8S_POD_NAME ?? os.hostname(),
            region: e.AWS_REGION ?? e.AWS_DEFAULT_REGION,
            retentionDays: e.CLOUDWATCH_RETENTION_DAYS,
            uploadIntervalMs: e.CLOUDWATCH_UPLOAD_INTERVAL_MS,
            maxQueue: e.CLOUDWATCH_MAX_QUEUE,
          },
    rollbar:
      e.ROLLBAR_ACCESS_TOKEN === undefined
        ? undefined
        : { accessToken: e.ROLLBAR_ACCESS_TOKEN, endpoint: e.ROLLBAR_ENDPOINT },
    debugRoutes: e.DEBUG_ROUTES === 'true',
  };
}

function packageVersion(): string {
  try {
    const manifest = JSON.parse(
      readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'),
    ) as { version?: string };
    return manifest.version ?? 'unknown';
  } catch {
    return 'unknown';
  }
}

let loaded: Config | undefined;

/**
 * The process's configuration, parsed from the environment on first use. The telemetry
 * preload and main share it, so the environment is read and validated once.
 */
export function loadConfig(): Config {
  loaded ??= parseConfig(process.env);
  return loaded;
}
