// The floor of issue 22 (bench/bare-koa.ts): Koa and @koa/router answering one route with
// the body in BODY_FILE, from a string. Usage: node bench/bare-koa.cjs <port> <route>
const { readFileSync } = require('node:fs');
const Koa = require('koa');
const Router = require('@koa/router');

const [port, route] = process.argv.slice(2);
const body = readFileSync(process.env.BODY_FILE, 'utf8');
const router = new Router();
router.get(route, (ctx) => {
  ctx.type = 'json';
  ctx.body = body;
});
new Koa().use(router.routes()).listen(Number(port), '127.0.0.1');
