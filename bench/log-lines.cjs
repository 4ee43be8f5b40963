// Run by bench/logging.ts: CPU per log line through the service's logger (winston, as
// configured in dist/infra/logger.js) and through a bare process.stdout.write of the same
// JSON, in alternating batches. Prints the per-round figures as JSON on stderr.
const { setImmediate: nextTurn } = require('node:timers/promises');
const { oncePerMillisecond } = require('../dist/domain/time.js');
const { createLogger } = require('../dist/infra/logger.js');

const [rounds, linesPerRound] = process.argv.slice(2).map(Number);
const service = 'cruddur-backend';
const logger = createLogger({ level: 'info', format: 'json', service });
// The same time formatting as the logger's (once per millisecond), so that the difference is winston's.
const lineTime = oncePerMillisecond((date) => date.toISOString());
// The access log's fields (service/src/http/access-log.ts).
const fields = () => ({
  method: 'GET',
  route: '/api/activities/home',
  status: 200,
  duration_ms: 1.2,
  user: 'andrewbrown',
});
const ways = {
  winston: () => logger.info({ message: 'request', ...fields() }),
  stdoutWrite: () =>
    process.stdout.write(
      `${JSON.stringify({ service, ...fields(), level: 'info', message: 'request', time: lineTime(new Date()) })}\n`,
    ),
};

// Ten lines per turn of the event loop, as a busy server writes them, not one long loop.
async function microsPerLine(write, lines) {
  const before = process.cpuUsage();
  for (let i = 0; i < lines; i += 10) {
    for (let j = 0; j < 10; j += 1) write();
    await nextTurn();
  }
  const used = process.cpuUsage(before);
  return (used.user + used.system) / lines;
}

async function main() {
  const figures = { winston: [], stdoutWrite: [] };
  for (let round = -1; round < rounds; round += 1) {
    for (const [name, write] of Object.entries(ways)) {
      const micros = await microsPerLine(write, linesPerRound);
      if (round >= 0) figures[name].push(micros); // round -1 warms up
    }
  }
  process.stderr.write(`${JSON.stringify(figures)}\n`);
}

void main();
