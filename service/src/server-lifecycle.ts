import type { Server } from 'node:http';
import type { Lifecycle } from './lifecycle.js';
import { runShutdownHooks } from './shutdown-hooks.js';

export interface ShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  graceMs: number;
  hookTimeoutMs: number;
  log: (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;
}

function closeServer(server: Server, graceMs: number): Promise<'drained' | 'forced'> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      resolve('forced');
    }, graceMs);
    server.close(() => {
      clearTimeout(deadline);
      resolve('drained');
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open.
    server.closeIdleConnections();
  });
}

/**
 * On SIGTERM or SIGINT: readiness goes false, the server stops accepting, in-flight
 * requests get up to `graceMs` to finish, the shutdown hooks run, and the process exits.
 */
export function stopOnSignals(options: ShutdownOptions): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    options.lifecycle.beginShutdown();
    options.log('info', 'shutting down', { signal, grace_ms: options.graceMs });
    const drain = await closeServer(options.server, options.graceMs);
    const failedHooks = await runShutdownHooks(options.hookTimeoutMs);
    options.log(failedHooks.length === 0 ? 'info' : 'warn', 'stopped', {
      drain,
      failed_hooks: failedHooks,
    });
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
