import { IncomingMessage, ServerResponse } from 'node:http';
import { Socket } from 'node:net';
import helmet from 'helmet';
import type { Middleware } from 'koa';

/**
 * helmet's headers (its defaults), which are the same for every response: helmet is asked
 * once, at start-up, on a response that is never sent, and each request then only sets
 * what it answered. Asking it per request cost about a microsecond more, through
 * koa-helmet's promise and helmet's chain of one middleware per header.
 */
function helmetHeaders(): [name: string, value: string | string[]][] {
  const response = new ServerResponse(new IncomingMessage(new Socket()));
  helmet()(response.req, response, () => undefined);
  return response.getHeaderNames().map((name) => {
    const value = response.getHeader(name);
    return [name, typeof value === 'object' ? value : String(value)];
  });
}

export function securityHeaders(): Middleware {
  const headers = helmetHeaders();
  return (ctx, next) => {
    for (const [name, value] of headers) ctx.res.setHeader(name, value);
    return next();
  };
}
