import { randomBytes } from 'node:crypto';
import type { Middleware } from 'koa';
import { scrubError } from '../diagnostics/scrub.js';
import type { AppState } from './state.js';

/** Error codes for the client errors that Koa, the router and the body parser raise. */
const CLIENT_ERROR_CODES: Record<number, string> = {
  400: 'malformed_json',
  404: 'not_found',
  405: 'method_not_allowed',
  413: 'body_too_large',
  415: 'unsupported_media_type',
};

/**
 * For a method no route implements (PROPFIND, TRACE, ...). The router's default is a 501,
 * which would be reported as a server failure although the client chose the method.
 */
export function methodNotAllowed(): Error {
  return Object.assign(new Error('Method Not Allowed'), { status: 405, expose: true });
}

interface HttpLikeError {
  status?: unknown;
  expose?: unknown;
  message?: unknown;
}

function statusOf(error: HttpLikeError): number {
  return typeof error.status === 'number' && error.status >= 400 && error.status < 600
    ? error.status
    : 500;
}

function clientMessage(error: HttpLikeError): string {
  return error.expose === true && typeof error.message === 'string'
    ? error.message
    : 'Bad request.';
}

/**
 * Turns every failure into a JSON answer. A 4xx says what was wrong; a 5xx says only
 * that something failed and gives a reference id that the error report and logs carry
 * too. Unexpected errors are handed to `app.on('error')` for reporting.
 */
export function errorHandler(): Middleware<AppState> {
  return async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) {
        ctx.status = 404;
        ctx.body = { error: 'not_found', message: `No route for ${ctx.method} ${ctx.path}` };
      }
    } catch (caught) {
      const error = (typeof caught === 'object' && caught !== null ? caught : {}) as HttpLikeError;
      const status = statusOf(error);
      if (status < 500) {
        ctx.status = status;
        ctx.body = {
          error: CLIENT_ERROR_CODES[status] ?? 'bad_request',
          message: clientMessage(error),
        };
        return;
      }
      const reference = randomBytes(6).toString('hex');
      // Messages sometimes quote what failed (a connection string, a header): from here on,
      // the log line, the error report and the span see a scrubbed copy.
      const unexpected = scrubError(caught instanceof Error ? caught : new Error(String(caught)));
      ctx.state.errorReference = reference;
      ctx.state.error = unexpected;
      ctx.status = 500;
      ctx.body = {
        error: 'internal_error',
        message: 'Something went wrong.',
        reference,
      };
      ctx.app.emit('error', unexpected, ctx);
    }
  };
}
