import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { DependencyFailures } from '../../service/src/diagnostics/dependency-failures';
import { createLogger, type LoggerOptions } from '../../service/src/infra/logger';
import { repoRoot } from '../support/prerequisites';

/** A logger writing to memory, and the lines it wrote so far. */
function capturingLogger(options: Omit<LoggerOptions, 'stdout' | 'failures'>, isTTY = false) {
  const stdout = Object.assign(new PassThrough(), { isTTY });
  const chunks: string[] = [];
  stdout.setEncoding('utf8').on('data', (chunk: string) => chunks.push(chunk));
  return {
    logger: createLogger({ ...options, stdout, failures: new DependencyFailures() }),
    lines: () => chunks.join('').split('\n').filter(Boolean),
    chunks,
  };
}

const TRACE_ID = '6b061d09ea681cbe0efc2f24aa91c89c';

const settled = () => new Promise((resolve) => setImmediate(resolve));

describe('the logger', () => {
  it('writes JSON lines with time, level, service, and the X-Ray form of a trace id', async () => {
    const { logger, lines } = capturingLogger({
      level: 'info',
      format: 'json',
      service: 'cruddur-test',
    });
    logger.info('HomeActivities', { trace_id: TRACE_ID, span_id: 'a1b2c3d4e5f60718' });
    await settled();
    const parsed = JSON.parse(lines()[0] ?? '{}') as Record<string, string>;
    expect(parsed).toMatchObject({
      level: 'info',
      message: 'HomeActivities',
      service: 'cruddur-test',
      trace_id: TRACE_ID,
      xray_trace_id: '1-6b061d09-ea681cbe0efc2f24aa91c89c',
    });
    expect(Date.parse(parsed.time ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('leaves lines outside a trace without trace fields, and honours the level', async () => {
    const { logger, lines } = capturingLogger({
      level: 'warn',
      format: 'json',
      service: 'cruddur-test',
    });
    logger.info('dropped');
    logger.warn('kept');
    await settled();
    expect(lines()).toHaveLength(1);
    expect(JSON.parse(lines()[0] ?? '{}')).not.toHaveProperty('xray_trace_id');
  });

  it('adds the active span ids that traceFields gives, unless the line names a trace itself', async () => {
    let active: { trace_id: string; span_id: string; trace_flags: string } | undefined = {
      trace_id: TRACE_ID,
      span_id: 'a1b2c3d4e5f60718',
      trace_flags: '01',
    };
    const { logger, lines } = capturingLogger({
      level: 'info',
      format: 'json',
      service: 'cruddur-test',
      traceFields: () => active,
    });
    logger.info('in a span');
    logger.info('naming another', { trace_id: '0af7651916cd43dd8448eb211c80319c' });
    active = undefined;
    logger.info('outside');
    await settled();
    const [inSpan, naming, outside] = lines().map((line) => JSON.parse(line) as object);
    expect(inSpan).toMatchObject({
      trace_id: TRACE_ID,
      span_id: 'a1b2c3d4e5f60718',
      trace_flags: '01',
      xray_trace_id: '1-6b061d09-ea681cbe0efc2f24aa91c89c',
    });
    expect(naming).toMatchObject({ xray_trace_id: '1-0af76519-16cd43dd8448eb211c80319c' });
    expect(naming).not.toHaveProperty('span_id');
    expect(outside).not.toHaveProperty('trace_id');
  });

  it('writes one readable line in pretty format, with the fields and a short trace id', async () => {
    const { logger, lines } = capturingLogger({
      level: 'info',
      format: 'pretty',
      service: 'cruddur-test',
    });
    logger.info('request', { route: '/api/activities/home', status: 200, trace_id: TRACE_ID });
    await settled();
    // Not a terminal: no colour codes, so a redirected file stays plain text.
    expect(lines()[0]).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z info request \{"route":"\/api\/activities\/home","status":200\} trace=6b061d09ea68$/,
    );
  });

  it('colours the level in pretty format only when stdout is a terminal', async () => {
    const { logger, lines } = capturingLogger(
      { level: 'info', format: 'pretty', service: 'cruddur-test' },
      true,
    );
    logger.warn('careful');
    await settled();
    expect(lines()[0]).toContain('\u001b[33mwarn\u001b[39m careful');
  });

  it('ships every JSON line, also when stdout is readable, and nothing below the level', async () => {
    const shipped: string[] = [];
    const { logger, lines } = capturingLogger({
      level: 'info',
      format: 'pretty',
      service: 'cruddur-test',
      ship: (line) => shipped.push(line),
    });
    logger.debug('not at this level');
    logger.info('request', { status: 200, trace_id: TRACE_ID });
    await settled();
    expect(lines()[0]).toContain('info request {"status":200}');
    expect(shipped).toHaveLength(1);
    expect(JSON.parse(shipped[0] ?? '{}')).toMatchObject({
      message: 'request',
      status: 200,
      xray_trace_id: '1-6b061d09-ea681cbe0efc2f24aa91c89c',
    });
  });

  it('still writes a line whose fields JSON.stringify refuses', async () => {
    const { logger, lines } = capturingLogger({
      level: 'info',
      format: 'json',
      service: 'cruddur-test',
    });
    logger.info('counted', { total: 12n });
    await settled();
    expect(JSON.parse(lines()[0] ?? '{}')).toMatchObject({ message: 'counted', total: '12' });
  });

  it('drops lines once stdout has failed, without writing again, and counts them on stderr', async () => {
    let writes = 0;
    const closedPipe = new Writable({
      write(_chunk, _encoding, done) {
        writes += 1;
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const reports: Record<string, unknown>[] = [];
    let now = 0;
    const failures = new DependencyFailures(
      (line) => reports.push(JSON.parse(line) as Record<string, unknown>),
      60_000,
      () => now,
    );
    const logger = createLogger({
      level: 'info',
      format: 'json',
      service: 'cruddur-test',
      stdout: closedPipe,
      failures,
    });
    logger.info('first');
    await settled();
    logger.info('second');
    logger.info('third');
    await settled();
    now = 60_000;
    logger.info('fourth');
    await settled();

    expect(writes).toBe(1);
    expect(reports).toEqual([
      expect.objectContaining({ message: 'stdout write failed', error: 'EPIPE: write EPIPE' }),
      expect.objectContaining({ error: 'EPIPE: write EPIPE', suppressed_since_last_report: 2 }),
    ]);
  });

  it('writes the lines of one turn of the event loop in one write, in order', async () => {
    const { logger, chunks } = capturingLogger({ level: 'info', format: 'json', service: 's' });
    logger.info('one');
    logger.info('two');
    logger.info('three');
    expect(chunks).toEqual([]);
    await settled();
    logger.info('four');
    await settled();
    const messages = chunks.map((chunk) =>
      chunk
        .trimEnd()
        .split('\n')
        .map((line) => (JSON.parse(line) as { message: string }).message),
    );
    expect(messages).toEqual([['one', 'two', 'three'], ['four']]);
  });

  it('writes the lines still held when the process exits in the same turn', () => {
    const logger = path.join(repoRoot, 'dist/infra/logger.js');
    const failures = path.join(repoRoot, 'dist/diagnostics/dependency-failures.js');
    const script = `
      const { createLogger } = require(${JSON.stringify(logger)});
      const { DependencyFailures } = require(${JSON.stringify(failures)});
      const log = createLogger({ level: 'info', format: 'json', service: 's', failures: new DependencyFailures() });
      log.info('last words');
      log.error('and the fatal one');
      process.exit(3);
    `;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    expect(child.status).toBe(3);
    const lines = child.stdout.trimEnd().split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { message: string }).message)).toEqual([
      'last words',
      'and the fatal one',
    ]);
  });
});
