import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from '../../service/src/app';
import { parseConfig } from '../../service/src/config';
import { seedData } from '../../service/src/domain/seed';
import { disabledErrorReporter, type ErrorReporter } from '../../service/src/infra/error-reporter';
import { createLogger } from '../../service/src/infra/logger';
import { MemoryRepository } from '../../service/src/infra/memory-repository';
import { Lifecycle } from '../../service/src/lifecycle';

/** The app in-process, on a fixed clock, with config from `env` on top of the defaults. */
export function testApp(
  env: NodeJS.ProcessEnv = {},
  now = new Date('2026-11-24T12:00:00Z'),
  errors: ErrorReporter = disabledErrorReporter,
) {
  const config = parseConfig(env);
  const lifecycle = new Lifecycle();
  const user = { handle: config.demoUser.handle, display_name: config.demoUser.displayName };
  const repository = new MemoryRepository(seedData(now, user));
  const logger = createLogger({ level: 'error', format: 'json', service: 'test' });
  const app = createApp({
    config,
    lifecycle,
    logger,
    errors,
    services: { repository, now: () => now, newId: randomUUID },
  });
  return { app, lifecycle, repository, now, server: (): Server => app.listen() };
}
