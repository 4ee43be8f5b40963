import type { Middleware } from 'koa';
import type { Readiness } from '../process/readiness.js';

/**
 * Once the drain has begun (the pre-stop hook, or SIGTERM), every response closes its
 * connection: a keep-alive client reads that with the answer and opens its next request
 * elsewhere, so no request is sent on a connection the server is closing, and the
 * server's stop ends as soon as the requests in flight are answered.
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
