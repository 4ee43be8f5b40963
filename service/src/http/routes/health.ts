import Router from '@koa/router';
import type { Readiness } from '../../process/readiness.js';
import type { AppState } from '../state.js';

/** Liveness answers while the process runs; readiness turns false once shutdown begins. */
export function healthRouter(readiness: Readiness): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', (ctx) => {
    const ready = readiness.ready;
    ctx.status = ready ? 200 : 503;
    ctx.body = { ready };
  });
  return router;
}
