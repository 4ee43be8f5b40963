import cors from '@koa/cors';
import type { Middleware, Next, ParameterizedContext } from 'koa';

/**
 * CORS on /api/* for the frontend and the backend's own origin; other origins and
 * other paths get no CORS headers. A request from no allowed origin (same-origin and
 * server-to-server calls, probes, other sites) would only get the `Vary: Origin` that
 * @koa/cors sets on every response, so it gets just that, without the handler.
 */
export function apiCors(allowedOrigins: string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  // @koa/cors's handler is an async function; Koa types every middleware's result as any.
  const handler: (ctx: ParameterizedContext, next: Next) => Promise<void> = cors({
    origin: (ctx) => {
      const origin = ctx.get('Origin');
      return allowed.has(origin) ? origin : '';
    },
    allowMethods: ['OPTIONS', 'GET', 'HEAD', 'POST'],
    allowHeaders: [
      'content-type',
      'if-modified-since',
      'traceparent',
      'tracestate',
      'baggage',
      'x-amzn-trace-id',
    ],
    exposeHeaders: ['location', 'link', 'server-timing'],
  });
  return (ctx, next) => {
    if (!ctx.path.startsWith('/api/')) return next();
    if (allowed.has(ctx.get('Origin'))) return handler(ctx, next);
    ctx.vary('Origin');
    return next();
  };
}
