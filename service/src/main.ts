import { randomUUID } from 'node:crypto';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { seedData } from './domain/seed.js';
import { disabledErrorReporter, type ErrorReporter } from './infra/error-reporter.js';
import { createLogger } from './infra/logger.js';
import { MemoryRepository } from './infra/memory-repository.js';
import { ProblemReporter } from './infra/problem-reporter.js';
import { Lifecycle } from './lifecycle.js';
import { exitAfterFatalError, stopOnSignals } from './server-lifecycle.js';
import { onShutdown } from './shutdown-hooks.js';

const FLUSH_TIMEOUT_MS = 3_000;

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cruddur-backend: ${error.message}\n`);
    process.exit(1);
  }
}

/**
 * CloudWatch and Rollbar are loaded only when configured: their SDKs would otherwise add
 * a fifth to the start-up time of every process that does not use them.
 */
async function main(): Promise<void> {
  const config = configOrExit();
  const problems = new ProblemReporter();

  const cloudWatch =
    config.cloudWatch &&
    (await import('./infra/cloudwatch.js')).createCloudWatchTransport(config.cloudWatch, problems);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    service: config.serviceName,
    transports: cloudWatch ? [cloudWatch.transport] : [],
  });
  // Registered first so it runs last: the log lines of the other hooks still get shipped.
  if (cloudWatch) onShutdown('cloudwatch-logs', () => cloudWatch.flush(FLUSH_TIMEOUT_MS));

  const errors: ErrorReporter = config.rollbar
    ? (await import('./infra/rollbar.js')).createRollbarReporter(
        config.rollbar,
        {
          environment: config.environment,
          codeVersion: config.serviceVersion,
          host: config.hostname,
        },
        problems,
      )
    : disabledErrorReporter;
  onShutdown('rollbar', () => errors.flush(FLUSH_TIMEOUT_MS));

  const lifecycle = new Lifecycle();
  const user = { handle: config.demoUser.handle, display_name: config.demoUser.displayName };
  const repository = new MemoryRepository(seedData(new Date(), user));
  const app = createApp({
    config,
    lifecycle,
    logger,
    errors,
    services: { repository, now: () => new Date(), newId: randomUUID },
  });

  const server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info('listening', {
      port,
      environment: config.environment,
      cloudwatch_logs: config.cloudWatch ? config.cloudWatch.logGroup : false,
      rollbar: errors.enabled,
    });
  });
  server.on('error', (error) => {
    logger.error('server failed', { error: error.message });
    process.exit(1);
  });

  const log = (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => logger.log(level, message, fields);
  stopOnSignals({ server, lifecycle, graceMs: config.shutdownGraceMs, hookTimeoutMs: 5_000, log });
  exitAfterFatalError({ hookTimeoutMs: FLUSH_TIMEOUT_MS, log });
}

main().catch((error: unknown) => {
  process.stderr.write(`cruddur-backend: failed to start: ${String(error)}\n`);
  process.exit(1);
});
