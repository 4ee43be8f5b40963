import os from 'node:os';
import { z } from 'zod';

// Kubernetes and shells often pass an unset optional value as an empty string.
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (value === '' ? undefined : value), schema.optional());

const url = z.url({ protocol: /^https?$/ });

const envSchema = z.object({
  PORT: optional(z.coerce.number().int().min(0).max(65535)).default(4567),
  HOST: optional(z.string()),
  FRONTEND_URL: optional(url).default('http://localhost:3000'),
  BACKEND_URL: optional(url).default('http://localhost:4567'),
  DEPLOYMENT_ENVIRONMENT: optional(z.string()).default('development'),
  DEMO_USER_HANDLE: optional(z.string().regex(/^[a-z0-9_]{1,32}$/)).default('andrewbrown'),
  DEMO_USER_DISPLAY_NAME: optional(z.string().max(64)).default('Andrew Brown'),
  BODY_LIMIT: optional(z.string().regex(/^\d+\s*(b|kb|mb)$/i, 'expected a size such as 64kb')).default('64kb'),
  SHUTDOWN_GRACE_SECONDS: optional(z.coerce.number().min(0).max(300)).default(10),
  LOG_LEVEL: optional(z.enum(['error', 'warn', 'info', 'http', 'verbose', 'debug', 'silly'])).default('info'),
  LOG_FORMAT: optional(z.enum(['json', 'pretty'])).default('json'),
  OTEL_SERVICE_NAME: optional(z.string()).default('cruddur-backend'),
});

export interface Config {
  port: number;
  host: string | undefined;
  corsOrigins: string[];
  environment: string;
  hostname: string;
  demoUser: { handle: string; displayName: string };
  bodyLimit: string;
  shutdownGraceMs: number;
  logLevel: string;
  logFormat: 'json' | 'pretty';
  serviceName: string;
}

export class ConfigError extends Error {}

/** Parses and validates the process environment; the only place that reads it. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = envSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map(
      (issue) => `${issue.path.join('.')}: ${issue.message} (got ${JSON.stringify(env[String(issue.path[0])])})`,
    );
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    corsOrigins: [...new Set([new URL(e.FRONTEND_URL).origin, new URL(e.BACKEND_URL).origin])],
    environment: e.DEPLOYMENT_ENVIRONMENT,
    hostname: env.K8S_POD_NAME ?? os.hostname(),
    demoUser: { handle: e.DEMO_USER_HANDLE, displayName: e.DEMO_USER_DISPLAY_NAME },
    bodyLimit: e.BODY_LIMIT,
    shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    serviceName: e.OTEL_SERVICE_NAME,
  };
}
