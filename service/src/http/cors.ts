import cors from '@koa/cors';
import type { Middleware } from 'koa';

/**
 * CORS on /api/* for the frontend and the backend's own origin; other origins and
 * other paths get no CORS headers.
 */
export function apiCors(allowedOrigins: string[]): Middleware {
  const allowed = new Set(allowedOrigins);
  const handler: Middleware = cors({
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
  return async (ctx, next) => {
    await (ctx.path.startsWith('/api/') ? handler(ctx, next) : next());
  };
}
