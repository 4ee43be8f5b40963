import { z } from 'zod';
import { HoneycombApiError, honeycombApi } from './api';
import { definitionsDir, loadBoard } from './definitions';
import { syncBoard } from './sync';

const envSchema = z.object({
  HONEYCOMB_API_KEY: z.string({ error: 'is required: a configuration key of the environment' }),
  // The same setting the service uses for OTLP: Honeycomb serves both on one host.
  HONEYCOMB_API_ENDPOINT: z.url().default('https://api.honeycomb.io'),
  HONEYCOMB_BACKEND_DATASET: z.string().min(1).default('cruddur-backend'),
  HONEYCOMB_FRONTEND_DATASET: z.string().min(1).default('cruddur-frontend'),
  HONEYCOMB_DEFINITIONS_DIR: z.string().min(1).default(definitionsDir),
});

/**
 * `npm run honeycomb:queries`: creates or updates the saved queries and the board in
 * honeycomb/ in the environment HONEYCOMB_API_KEY belongs to, then prints the board's URL.
 * The key is only ever sent in the X-Honeycomb-Team header, never printed.
 */
async function main(): Promise<number> {
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ''));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    process.stderr.write(`${String(issue?.path[0])} ${issue?.message ?? 'is invalid'}\n`);
    return 2;
  }
  const env = parsed.data;
  const api = honeycombApi(env.HONEYCOMB_API_ENDPOINT, env.HONEYCOMB_API_KEY);
  const report = await syncBoard(api, loadBoard(env.HONEYCOMB_DEFINITIONS_DIR), {
    backend: env.HONEYCOMB_BACKEND_DATASET,
    frontend: env.HONEYCOMB_FRONTEND_DATASET,
    environment: '__all__',
  });
  for (const { name, outcome } of report.queries) {
    process.stdout.write(`${outcome.padEnd(9)}  ${name}\n`);
  }
  process.stdout.write(`board ${report.board.outcome}: ${report.board.url}\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof HoneycombApiError || error instanceof z.ZodError;
    process.stderr.write(known ? `${error.message}\n` : `unexpected failure: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
