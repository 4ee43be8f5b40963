import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { seedData } from './domain/seed.js';
import { serverOptions } from './http/server-options.js';
import { disabledErrorReporter, type ErrorReporter } from './diagnostics/error-reporter.js';
import { createLogger } from './infra/logger.js';
import { MemoryRepository } from './infra/memory-repository.js';
import { DependencyFailures } from './diagnostics/dependency-failures.js';
import { dropWritesToClosedStderr } from './process/closed-stderr.js';
import { startDrainHook } from './process/drain-hook.js';
import { Readiness } from './process/readiness.js';
import { exitAfterFatalError, stopOnSignals } from './process/signals.js';
import { onShutdown } from './process/shutdown-hooks.js';
import { activeTraceFields } from './telemetry/log-correlation.js';

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
  dropWritesToClosedStderr();
  const failures = new DependencyFailures();

  const cloudWatch =
    config.cloudWatch &&
    (await import('./infra/cloudwatch.js')).createCloudWatchShipping(config.cloudWatch, failures);
  const logger = createLogger({
    level: config.logLevel,
    format: config.logFormat,
    service: config.serviceName,
    failures,
    ship: cloudWatch?.ship,
    traceFields: config.telemetry.enabled ? activeTraceFields : undefined,
  });
  if (cloudWatch) onShutdown('cloudwatch-logs', (timeoutMs) => cloudWatch.flush(timeoutMs));

  const errorReporter: ErrorReporter = config.rollbar
    ? (await import('./infra/rollbar.js')).createRollbarReporter(
        config.rollbar,
        {
          environment: config.environment,
          codeVersion: config.serviceVersion,
          host: config.hostname,
        },
        failures,
      )
    : disabledErrorReporter;
  onShutdown('rollbar', (timeoutMs) => errorReporter.flush(timeoutMs));

  const readiness = new Readiness();
  const repository = new MemoryRepository(seedData(new Date(), config.demoUser));
  const app = createApp({
    config,
    readiness,
    logger,
    errorReporter,
    services: { repository, now: () => new Date(), newId: randomUUID },
  });

  const handle = app.callback();
  const server = createServer(serverOptions(config.keepAliveTimeoutMs), (req, res) => {
    void handle(req, res);
  });
  server.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : config.port;
    logger.info('listening', {
      port,
      // From the process's start: node, the telemetry preload and the app (a restart's cost).
      startup_ms: Math.round(process.uptime() * 1000),
      environment: config.environment,
      cloudwatch_logs: config.cloudWatch ? config.cloudWatch.logGroup : false,
      rollbar: errorReporter.enabled,
    });
  });
  const log = (
    level: 'info' | 'warn' | 'error',
    message: string,
    fields?: Record<string, unknown>,
  ) => logger.log(level, message, fields);
  const servers = [server];
  if (config.drainPort !== undefined)
    servers.push(startDrainHook({ port: config.drainPort, host: config.host, readiness, log }));
  for (const listening of servers) {
    listening.on('error', (error) => {
      logger.error('server failed', { error: error.message });
      process.exit(1);
    });
  }
  stopOnSignals({ server, readiness, graceMs: config.shutdownGraceMs, log });
  exitAfterFatalError({ graceMs: config.shutdownGraceMs, log });
}

main().catch((error: unknown) => {
  process.stderr.write(`cruddur-backend: failed to start: ${String(error)}\n`);
  process.exit(1);
});
