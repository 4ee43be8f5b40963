import type { Middleware } from 'koa';

/**
 * Tells the caller how long the API worked on its request: a `Server-Timing` metric `app`
 * in milliseconds (the CORS middleware exposes the header to the frontend's origin). The
 * browser subtracts it from its own duration of the request to get the time spent on the
 * network and in queues. Measured from just inside the server span's middleware (mounted
 * first, http/server-span.ts) until the response is ready to be written, so it is a
 * little shorter than the server span, which encloses it.
 */
export function serverTiming(): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    try {
      await next();
    } finally {
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      ctx.set('Server-Timing', `app;dur=${milliseconds.toFixed(2)}`);
    }
  };
}
