import Router from '@koa/router';
import type { Lifecycle } from '../../lifecycle.js';
import type { AppState } from '../state.js';

/** Liveness answers while the process runs; readiness turns false once shutdown begins. */
export function healthRouter(lifecycle: Lifecycle): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/health', (ctx) => {
    ctx.body = { status: 'ok' };
  });
  router.get('/ready', (ctx) => {
    const ready = lifecycle.ready;
    ctx.status = ready ? 200 : 503;
    ctx.body = { ready };
  });
  return router;
}
