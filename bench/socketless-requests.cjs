// Run by bench/span-path.ts, preloaded as the service is (its telemetry from the environment):
// the request path's telemetry work with no socket under it. Real Koa contexts made from
// in-memory requests go through the service's own server span and access log middleware,
// with one more log line in the handler as the home feed writes; ten requests per turn of
// the event loop, as ten busy connections bring them. Prints CPU µs per request per round
// as JSON on stderr. Usage: node bench/socketless-requests.cjs <rounds> <requests per round>
const http = require('node:http');
const net = require('node:net');
const { setImmediate: nextTurn } = require('node:timers/promises');
const { trace } = require('@opentelemetry/api');
const Koa = require('koa');
const compose = require('koa-compose');
const { loadConfig } = require('../dist/config.js');
const { accessLog } = require('../dist/http/access-log.js');
const { serverSpan } = require('../dist/http/server-span.js');
const { createLogger } = require('../dist/infra/logger.js');
const { activeTraceFields } = require('../dist/telemetry/log-correlation.js');

const [rounds, perRound] = process.argv.slice(2).map(Number);
const config = loadConfig();
const traced = config.telemetry.enabled;
const logger = createLogger({
  level: 'info',
  format: 'json',
  service: config.serviceName,
  traceFields: traced ? activeTraceFields : undefined,
});
const ROUTE = '/api/activities/home';
const caller = process.env.BENCH_TRACEPARENT;
const app = new Koa();
const handle = compose([
  ...(traced ? [serverSpan()] : []),
  accessLog(logger, undefined),
  async (ctx) => {
    ctx._matchedRoute = ROUTE;
    logger.info({ message: 'HomeActivities', user: ctx.state.user.handle });
    ctx.status = 200;
  },
]);

function request() {
  const req = new http.IncomingMessage(new net.Socket());
  req.method = 'GET';
  req.url = ROUTE;
  req.httpVersion = '1.1';
  req.headers = {
    host: '127.0.0.1:3000',
    'user-agent': 'autocannon',
    ...(caller ? { traceparent: caller } : {}),
  };
  const ctx = app.createContext(req, new http.ServerResponse(req));
  ctx.state.user = { handle: 'andrewbrown' };
  return handle(ctx);
}

async function microsPerRequest(count) {
  const before = process.cpuUsage();
  for (let i = 0; i < count; i += 10) {
    const turn = [];
    for (let j = 0; j < 10; j += 1) turn.push(request());
    await Promise.all(turn);
    await nextTurn();
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / count;
}

async function main() {
  const figures = [];
  for (let round = -1; round < rounds; round += 1) {
    const micros = await microsPerRequest(perRound);
    if (round >= 0) figures.push(micros); // round -1 warms up
  }
  // Every span delivered before the figures are given (not measured): the SDK's provider, when
  // the preload started one. A failed export is in the span account the SDK prints at exit.
  await trace
    .getTracerProvider()
    .getDelegate()
    .forceFlush?.()
    .catch(() => undefined);
  process.stderr.write(`${JSON.stringify(figures)}\n`);
  // The X-Ray sampler's pollers would keep the process alive.
  process.exit(0);
}

void main();
