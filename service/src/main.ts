import { randomUUID } from 'node:crypto';
import { createApp } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { seedData } from './domain/seed.js';
import { createLogger } from './infra/logger.js';
import { MemoryRepository } from './infra/memory-repository.js';
import { Lifecycle } from './lifecycle.js';
import { stopOnSignals } from './server-lifecycle.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`cruddur-backend: ${error.message}\n`);
    process.exit(1);
  }
}

const config = configOrExit();
const logger = createLogger({
  level: config.logLevel,
  format: config.logFormat,
  service: config.serviceName,
});
const lifecycle = new Lifecycle();
const user = { handle: config.demoUser.handle, display_name: config.demoUser.displayName };
const repository = new MemoryRepository(seedData(new Date(), user));
const app = createApp({
  config,
  lifecycle,
  logger,
  services: { repository, now: () => new Date(), newId: randomUUID },
});

app.on('error', (error: Error) => {
  logger.error('unhandled error', { error: error.message, stack: error.stack });
});

const server = app.listen(config.port, config.host, () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  logger.info('listening', { port, environment: config.environment });
});
server.on('error', (error) => {
  logger.error('server failed', { error: error.message });
  process.exit(1);
});

stopOnSignals({
  server,
  lifecycle,
  graceMs: config.shutdownGraceMs,
  hookTimeoutMs: 5_000,
  log: (level, message, fields) => logger.log(level, message, fields),
});
