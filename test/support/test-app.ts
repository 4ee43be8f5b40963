import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { createApp } from '../../service/src/app';
import { parseConfig } from '../../service/src/config';
import { seedData } from '../../service/src/domain/seed';
import { DependencyFailures } from '../../service/src/diagnostics/dependency-failures';
import {
  disabledErrorReporter,
  type ErrorReporter,
} from '../../service/src/diagnostics/error-reporter';
import { createLogger } from '../../service/src/infra/logger';
import { MemoryRepository } from '../../service/src/infra/memory-repository';
import { Readiness } from '../../service/src/process/readiness';

/** The app in-process, on a fixed clock, with config from `env` on top of the defaults. */
export function testApp(
  env: NodeJS.ProcessEnv = {},
  now = new Date('2026-11-24T12:00:00Z'),
  errorReporter: ErrorReporter = disabledErrorReporter,
) {
  const config = parseConfig(env);
  const readiness = new Readiness();
  const repository = new MemoryRepository(seedData(now, config.demoUser));
  const logger = createLogger({
    level: 'error',
    format: 'json',
    service: 'test',
    failures: new DependencyFailures(),
  });
  const app = createApp({
    config,
    readiness,
    logger,
    errorReporter,
    services: { repository, now: () => now, newId: randomUUID },
  });
  return { app, readiness, repository, now, server: (): Server => app.listen() };
}
