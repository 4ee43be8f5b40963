import type { Server } from 'node:http';
import { scrubError } from '../diagnostics/scrub.js';
import type { Readiness } from './readiness.js';
import { runShutdownHooks } from './shutdown-hooks.js';

type LogFn = (
  level: 'info' | 'warn' | 'error',
  message: string,
  fields?: Record<string, unknown>,
) => void;

/** The most the flush hooks (spans, logs, error reports) get; their clients time out sooner. */
export const FLUSH_MS = 5_000;

/**
 * How one shutdown budget (SHUTDOWN_GRACE_SECONDS, from the signal to the exit) is spent:
 * requests drain for all but the flush's share, then the hooks flush for what is left,
 * FLUSH_MS at most (a dependency that is down should not hold up a rolling update).
 * The share is at most half, so a short budget still leaves requests time to finish.
 */
export function shutdownPlan(graceMs: number): { drainMs: number; flushMs: number } {
  const flushMs = Math.min(FLUSH_MS, graceMs / 2);
  return { drainMs: graceMs - flushMs, flushMs };
}

function closeServer(server: Server, drainMs: number): Promise<'drained' | 'forced'> {
  return new Promise((resolve) => {
    const deadline = setTimeout(() => {
      server.closeAllConnections();
      resolve('forced');
    }, drainMs);
    server.close(() => {
      clearTimeout(deadline);
      resolve('drained');
    });
    // Keep-alive connections with no request in flight would otherwise hold close() open;
    // those with one close after its response (http/drain.ts).
    server.closeIdleConnections();
  });
}

/**
 * On SIGTERM or SIGINT: readiness goes false, the server stops accepting, in-flight
 * requests may finish, the shutdown hooks flush, and the process exits, all within
 * `graceMs` of the signal.
 */
export function stopOnSignals(options: {
  server: Server;
  readiness: Readiness;
  graceMs: number;
  log: LogFn;
}): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    const deadline = Date.now() + options.graceMs;
    options.readiness.beginShutdown();
    options.log('info', 'shutting down', { signal, grace_ms: options.graceMs });
    const drain = await closeServer(options.server, shutdownPlan(options.graceMs).drainMs);
    // Logged before the hooks run, so that the log shipping hook still sends it.
    options.log('info', 'stopped', { drain });
    // What the drain left of the budget, so a quick drain gives the flush more time.
    const flushMs = Math.max(0, Math.min(FLUSH_MS, deadline - Date.now()));
    const failedHooks = await runShutdownHooks(flushMs);
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
 * error and giving the shutdown hooks (error report, spans, logs) the flush's share to send.
 */
export function exitAfterFatalError(options: { graceMs: number; log: LogFn }): void {
  let exiting = false;
  const fatal = (kind: string) => (reason: unknown) => {
    const error = scrubError(reason instanceof Error ? reason : new Error(String(reason)));
    options.log('error', kind, { error: error.message, stack: error.stack });
    if (exiting) return;
    exiting = true;
    // Rollbar's own listener runs first and queues the report; give it a turn to start.
    setImmediate(() => {
      void runShutdownHooks(shutdownPlan(options.graceMs).flushMs).finally(() => process.exit(1));
    });
  };
  process.on('uncaughtException', fatal('uncaught exception'));
  process.on('unhandledRejection', fatal('unhandled rejection'));
}
