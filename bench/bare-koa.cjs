// The floor of issue 22 (bench/bare-koa.ts): Koa and @koa/router answering one route with
// the body in BODY_FILE, from a string; with WORK_MICROS, that much more CPU per request
// first, spent spinning (the bench's calibration). Usage: node bench/bare-koa.cjs <port> <route>
const { readFileSync } = require('node:fs');
const { performance } = require('node:perf_hooks');
const Koa = require('koa');
const Router = require('@koa/router');

const [port, route] = process.argv.slice(2);
const body = readFileSync(process.env.BODY_FILE, 'utf8');
const workMicros = Number(process.env.WORK_MICROS ?? 0);

/**
 * By the clock: the server has its core to itself during its turn (the report says how much
 * other work took), and getrusage's per-thread times are too coarse for microseconds.
 */
function spin(micros) {
  const end = performance.now() + micros / 1000;
  while (performance.now() < end);
}

const router = new Router();
router.get(route, (ctx) => {
  if (workMicros > 0) spin(workMicros);
  ctx.type = 'json';
  ctx.body = body;
});
new Koa().use(router.routes()).listen(Number(port), '127.0.0.1');
