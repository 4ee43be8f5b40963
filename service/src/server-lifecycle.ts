import type { Server } from 'node:http';
import { scrubError } from './infra/scrub.js';
import type { Lifecycle } from './lifecycle.js';
import { runShutdownHooks } from './shutdown-hooks.js';

export interface ShutdownOptions {
  server: Server;
  lifecycle: Lifecycle;
  graceMs: number;
  hookTimeoutMs: number;
  log: LogFn;
}

type LogFn = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

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
    // Logged before the hooks run, so that the log shipping hook still sends it.
    options.log('info', 'stopped', { drain });
    const failedHooks = await runShutdownHooks(options.hookTimeoutMs);
    if (failedHooks.length > 0)
      options.log('warn', 'shutdown hooks failed', { failed_hooks: failedHooks });
    process.exit(0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}

/**
 * An uncaught exception or unhandled rejection leaves the process in an unknown state, so
 * it exits (Kubernetes restarts it), as Node would by default, but only after logging the
 * error and giving the shutdown hooks (error report, spans, logs) a bounded time to send.
 */
export function exitAfterFatalError(options: { hookTimeoutMs: number; log: LogFn }): void {
  let exiting = false;
  const fatal = (kind: string) => (reason: unknown) => {
    const error = scrubError(reason instanceof Error ? reason : new Error(String(reason)));
    options.log('error', kind, { error: error.message, stack: error.stack });
    if (exiting) return;
    exiting = true;
    // Rollbar's own listener runs first and queues the report; give it a turn to start.
    setImmediate(() => {
      void runShutdownHooks(options.hookTimeoutMs).finally(() => process.exit(1));
    });
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
}
