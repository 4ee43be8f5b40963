import type { IncomingMessage } from 'node:http';
import type { Middleware } from 'koa';

/** How much of a refused body is read and discarded, at most, before the answer goes out. */
const DRAIN_MAX_BYTES = 16 * 1024 * 1024;
const DRAIN_MAX_MS = 5_000;

/**
 * A request refused before its body was read (413, 415, ...) still has that body on its
 * way. Closing the socket with unread data makes the kernel send a reset, which destroys
 * the answer before a client that sends first and reads after (browsers, proxies) sees it.
 * So the rest of the body is read and discarded first, as web servers' "lingering close"
 * does, up to a bound; past it the connection is closed anyway, and the answer says so.
 */
export function drainRefusedBody(): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!ctx.req.complete && !(await discardRest(ctx.req))) ctx.set('Connection', 'close');
      throw error;
    }
  };
}

/** Reads the request to its end; resolves false when a bound stopped it first. */
function discardRest(req: IncomingMessage): Promise<boolean> {
  return new Promise((resolve) => {
    let bytes = 0;
    const finish = (whole: boolean) => {
      clearTimeout(timer);
      req.off('data', count).off('end', ended).off('close', closed).off('error', closed);
      req.pause();
      resolve(whole);
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > DRAIN_MAX_BYTES) finish(false);
    };
    const ended = () => {
      finish(true);
    };
    const closed = () => {
      finish(false);
    };
    const timer = setTimeout(closed, DRAIN_MAX_MS);
    req.on('data', count).once('end', ended).once('close', closed).once('error', closed);
    req.resume();
  });
}
