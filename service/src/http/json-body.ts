import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

const METHODS_WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);
const parsedMethods = [...METHODS_WITH_BODY];

/** The API only speaks JSON: a body of any other type is refused before it is read. */
export function requireJson(): Middleware {
  return (ctx, next) => {
    if (METHODS_WITH_BODY.has(ctx.method) && ctx.is('application/json') === false) {
      ctx.throw(415, 'Send the request body as application/json.');
    }
    return next();
  };
}

/**
 * Parses JSON bodies up to `limit`, answering 413 past it and 400 for malformed JSON. A GET
 * passes straight through: the parser would only find that there is nothing to parse.
 */
export function jsonBodyParser(limit: string): Middleware {
  const parser = bodyParser({
    parsedMethods,
    enableTypes: ['json'],
    jsonLimit: limit,
    encoding: 'utf-8',
    onError: (error, ctx) => {
      const status = (error as { status?: unknown }).status;
      if (status === 413) ctx.throw(413, `The request body is larger than ${limit}.`);
      if (status === 415) ctx.throw(415, 'Send the request body as UTF-8 JSON.');
      ctx.throw(400, 'The request body is not valid JSON.');
    },
  });
  return (ctx, next) => (METHODS_WITH_BODY.has(ctx.method) ? parser(ctx, next) : next());
}
