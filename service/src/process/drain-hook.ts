import { createServer, type Server, type ServerResponse } from 'node:http';
import type { Readiness } from './readiness.js';

type LogFn = (level: 'info' | 'warn', message: string, fields?: Record<string, unknown>) => void;

/** Kubernetes sends SIGTERM as soon as the hook answers; a drain without one was not a stop. */
const CANCEL_AFTER_MS = 10_000;
const MAX_PAUSE_SECONDS = 60;

function answer(res: ServerResponse, status: number, body: object): void {
  res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
  res.end(JSON.stringify(body));
}

/**
 * The pre-stop hook's endpoint, on a port of its own that no Service exposes (DRAIN_PORT):
 * `GET /drain?pause_seconds=N`, which the chart's httpGet preStop calls. The drain starts
 * at once: readiness fails, and every response closes its connection, so each keep-alive
 * client moves to another pod after its next answer, with no request lost on a connection
 * closed under it. The answer comes after the pause (the time endpoints take to stop
 * routing here); then Kubernetes sends SIGTERM, and the connections still open are the
 * ones no request used during the whole pause (process/signals.ts closes them).
 */
export function startDrainHook(options: {
  port: number;
  host: string | undefined;
  readiness: Readiness;
  log: LogFn;
}): Server {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://drain');
    if (req.method !== 'GET' || url.pathname !== '/drain') {
      answer(res, 404, { error: 'not_found', message: 'only GET /drain is served here' });
      return;
    }
    const pauseSeconds = Number(url.searchParams.get('pause_seconds') ?? '0');
    if (!Number.isInteger(pauseSeconds) || pauseSeconds < 0 || pauseSeconds > MAX_PAUSE_SECONDS) {
      answer(res, 400, {
        error: 'invalid_pause',
        message: `pause_seconds must be a whole number from 0 to ${MAX_PAUSE_SECONDS}`,
      });
      return;
    }
    options.readiness.beginDrain();
    options.log('info', 'draining', { pause_seconds: pauseSeconds });
    setTimeout(() => {
      answer(res, 200, { draining: true });
      setTimeout(() => {
        if (options.readiness.cancelDrain())
          options.log('warn', 'drain cancelled: no SIGTERM followed the pre-stop hook');
      }, CANCEL_AFTER_MS).unref();
    }, pauseSeconds * 1000);
  });
  server.listen(options.port, options.host);
  return server.unref();
}
