import { createLogger } from '../../service/src/infra/logger';

/** Runs `log` and returns what the logger wrote to stdout, a line each. */
function stdoutOf(log: () => void): string[] {
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: unknown) => {
    lines.push(String(chunk).trimEnd());
    return true;
  });
  // winston's console transport writes through console._stdout, which is process.stdout.
  try {
    log();
  } finally {
    spy.mockRestore();
  }
  return lines;
}

const TRACE_ID = '6b061d09ea681cbe0efc2f24aa91c89c';

describe('the logger', () => {
  it('writes JSON lines with time, level, service, and the X-Ray form of a trace id', () => {
    const logger = createLogger({ level: 'info', format: 'json', service: 'cruddur-test' });
    const [line] = stdoutOf(() => {
      logger.info('HomeActivities', { trace_id: TRACE_ID, span_id: 'a1b2c3d4e5f60718' });
    });
    const parsed = JSON.parse(line ?? '{}') as Record<string, string>;
    expect(parsed).toMatchObject({
      level: 'info',
      message: 'HomeActivities',
      service: 'cruddur-test',
      trace_id: TRACE_ID,
      xray_trace_id: '1-6b061d09-ea681cbe0efc2f24aa91c89c',
    });
    expect(Date.parse(parsed.time ?? '')).toBeGreaterThan(Date.now() - 60_000);
  });

  it('leaves lines outside a trace without trace fields, and honours the level', () => {
    const logger = createLogger({ level: 'warn', format: 'json', service: 'cruddur-test' });
    const lines = stdoutOf(() => {
      logger.info('dropped');
      logger.warn('kept');
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '{}')).not.toHaveProperty('xray_trace_id');
  });

  it('writes one readable line in pretty format, with the fields and a short trace id', () => {
    const logger = createLogger({ level: 'info', format: 'pretty', service: 'cruddur-test' });
    const [line] = stdoutOf(() => {
      logger.info('request', { route: '/api/activities/home', status: 200, trace_id: TRACE_ID });
    });
    // eslint-disable-next-line no-control-regex -- colorize() wraps the level in ANSI codes
    const plain = (line ?? '').replace(/\u001b\[\d+m/g, '');
    expect(plain).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z info request \{"route":"\/api\/activities\/home","status":200\} trace=6b061d09ea68$/,
    );
  });
});
