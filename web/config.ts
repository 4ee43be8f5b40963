import { z } from 'zod';

const url = z.url({ protocol: /^https?$/ });

/** The page's settings, from the environment (empty values count as unset). */
const schema = z.object({
  WEB_HOST: z.string().min(1).default('localhost'),
  WEB_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BACKEND_URL: url.default('http://localhost:4567'),
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: url.default('http://localhost:4318/v1/traces'),
  DEPLOYMENT_ENVIRONMENT: z.string().min(1).default('development'),
});

export interface WebConfig {
  host: string;
  port: number;
  /** What the page itself is told (see web/src/main.ts). */
  page: { apiUrl: string; tracesUrl: string; environment: string };
}

export function parseWebConfig(env: NodeJS.ProcessEnv): WebConfig {
  const set = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = schema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid ${String(issue?.path[0])}: ${issue?.message ?? 'invalid'}`);
  }
  const values = parsed.data;
  return {
    host: values.WEB_HOST,
    port: values.WEB_PORT,
    page: {
      apiUrl: values.BACKEND_URL,
      tracesUrl: values.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
      environment: values.DEPLOYMENT_ENVIRONMENT,
    },
  };
}
