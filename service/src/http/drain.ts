import type { Middleware } from 'koa';
import type { Readiness } from '../process/readiness.js';

/**
 * Once shutdown has begun, every response closes its connection: a keep-alive client
 * then opens its next request elsewhere, and the server's drain ends as soon as the
 * requests in flight are answered instead of waiting for idle connections to time out.
 */
export function closeConnectionsWhenDraining(readiness: Readiness): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } finally {
      if (!readiness.ready) ctx.set('Connection', 'close');
    }
  };
}
