import type { ServerOptions } from 'node:http';

/**
 * The HTTP server's connection timeouts. An idle keep-alive connection stays open for
 * `keepAliveTimeoutMs` (KEEP_ALIVE_TIMEOUT_SECONDS, above the load balancer's idle
 * timeout; Node's default is 5 s), and the headers timeout one second longer, the usual
 * pairing: Node versions that counted a connection's idle time against the headers timeout
 * would otherwise close it first.
 */
export function serverOptions(keepAliveTimeoutMs: number): ServerOptions {
  return { keepAliveTimeout: keepAliveTimeoutMs, headersTimeout: keepAliveTimeoutMs + 1_000 };
}
