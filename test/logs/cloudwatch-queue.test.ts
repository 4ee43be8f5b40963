import { Writable } from 'node:stream';
import { createCloudWatchShipping } from '../../service/src/infra/cloudwatch';
import { DependencyFailures } from '../../service/src/diagnostics/dependency-failures';
import { createLogger } from '../../service/src/infra/logger';
import { CloudWatchLogsApi, type PutLogEventsCall } from '../support/cloudwatch-api';
import { until } from '../support/wait';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('the CloudWatch upload queue', () => {
  let api: CloudWatchLogsApi;
  const saved = { ...process.env };

  beforeAll(async () => {
    api = await CloudWatchLogsApi.start();
    Object.assign(process.env, {
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: api.endpoint,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'example',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
  });

  afterAll(async () => {
    process.env = saved;
    await api.server.stop();
  });

  /**
   * The service's logger shipping to CloudWatch (stdout discarded), with its own stream, on
   * a clock the test sets (each line is stamped when it is logged). Uploads happen only when
   * a batch is full or the test flushes.
   */
  function shipper(stream: string, { group = 'cruddur', maxQueue = 10_000 } = {}) {
    const problems: Record<string, unknown>[] = [];
    const clock = { now: Date.now() };
    const failures = new DependencyFailures((line) =>
      problems.push(JSON.parse(line) as Record<string, unknown>),
    );
    const cloudWatch = createCloudWatchShipping(
      {
        logGroup: group,
        logStream: stream,
        region: 'us-east-1',
        retentionDays: undefined,
        uploadIntervalMs: 600_000,
        maxQueue,
      },
      failures,
      () => clock.now,
    );
    const logger = createLogger({
      level: 'info',
      format: 'json',
      service: 'cruddur-test',
      failures,
      stdout: new Writable({
        write: (_chunk, _encoding, done) => {
          done();
        },
      }),
      ship: cloudWatch.ship,
    });
    const operationsBefore = api.operations().length;
    return {
      clock,
      problems,
      /** Logs `message` at `at` on the test's clock. */
      log: (message: string, at = clock.now) => {
        clock.now = at;
        logger.info(message);
      },
      flush: async () => {
        await new Promise((resolve) => setImmediate(resolve));
        await cloudWatch.flush(5_000);
      },
      shipped: () => api.events(group, stream).map((event) => event.message),
      /** The events as CloudWatch stored them, unparsed. */
      stored: () => (api.groups.get(group)?.get(stream) ?? []).map((event) => event.message),
      /** The size of each PutLogEvents call as CloudWatch counts it (bytes of UTF-8 + 26 per event). */
      callBytes: () =>
        api.server.requests
          .map((request) => JSON.parse(request.raw || '{}') as Partial<PutLogEventsCall>)
          .filter((call) => call.logStreamName === stream && call.logEvents)
          .map((call) =>
            (call.logEvents ?? []).reduce((sum, e) => sum + Buffer.byteLength(e.message) + 26, 0),
          ),
      /** The calls made since this shipper was created. */
      operations: () => api.operations().slice(operationsBefore),
      close: () => logger.close(),
    };
  }

  const puts = (operations: string[]) => operations.filter((op) => op === 'PutLogEvents').length;

  it('keeps the newest events when it overflows, says how many it dropped, and flushes them', async () => {
    const cw = shipper('queue-test', { maxQueue: 5 });
    for (let i = 0; i < 20; i += 1) cw.log(`line ${i}`);
    await cw.flush();
    expect(cw.shipped()).toEqual(['line 15', 'line 16', 'line 17', 'line 18', 'line 19']);
    expect(cw.problems).toHaveLength(1);
    expect(cw.problems[0]?.error).toContain('queue full (5 events); dropped the oldest');
    cw.close();
  });

  it('ships every line as it was logged, whatever characters it holds', async () => {
    const cw = shipper('characters');
    const lines = [
      'a quote " and a backslash \\',
      'a newline \n, a tab \t, NUL \u0000 and BEL \u0007',
      'é, 日本語, 😀, U+2028 \u2028',
      'a lone surrogate \ud800',
      '',
    ];
    for (const line of lines) cw.log(line);
    await cw.flush();
    expect(cw.shipped()).toEqual(lines);
    expect(cw.problems).toEqual([]);
    cw.close();
  });

  it('cuts a line over 256 KB to the largest event CloudWatch takes', async () => {
    const cw = shipper('long-line');
    // 400,000 bytes of UTF-8 after `{"message":"ab` (14 bytes): the cut falls inside an é.
    cw.log(`ab${'é'.repeat(200_000)}`);
    await cw.flush();
    const [event = ''] = cw.stored();
    expect(Buffer.byteLength(event)).toBeLessThanOrEqual(256 * 1024 - 26);
    expect(Buffer.byteLength(event)).toBeGreaterThan(256 * 1024 - 26 - 4);
    expect(event).toMatch(/^\{"message":"abé+\ufffd$/);
    expect(cw.problems).toEqual([]);
    cw.close();
  });

  it('uploads each batch as soon as it is full, and the rest on the timer or at shutdown', async () => {
    const cw = shipper('full-batches');
    const lines = Array.from({ length: 2500 }, (_, i) => `${i} ${'x'.repeat(1000)}`);
    for (const line of lines) cw.log(line);
    // The timer is 10 minutes away: only full batches go out before the flush.
    await until(() => (puts(cw.operations()) === 2 ? true : undefined), 'two full batches');
    const sent = cw.shipped();
    expect(sent).toEqual(lines.slice(0, sent.length));
    await cw.flush();
    expect(cw.shipped()).toEqual(lines);
    const sizes = cw.callBytes();
    expect(sizes).toHaveLength(3);
    // A full call: one more line (about 1,120 bytes as counted) would have been over 1 MiB.
    for (const size of sizes.slice(0, 2)) expect(size).toBeGreaterThan(1_048_576 - 1_200);
    cw.close();
  });

  it('leaves lines logged during an upload for a full batch or the timer, not calls of their own', async () => {
    const cw = shipper('during-upload');
    const logged = ['before'];
    api.server.behaviour = { mode: 'slow', delayMs: 100 };
    try {
      cw.log('before');
      const flush = { done: false };
      const flushed = cw.flush().then(() => (flush.done = true));
      // A line whenever another call has gone out, while the flush lasts.
      for (let line = 0; line < 5 && !flush.done; line += 1) {
        await until(
          () => (flush.done || puts(cw.operations()) > line ? true : undefined),
          'a call',
        );
        logged.push(`during ${line}`);
        cw.log(`during ${line}`);
      }
      await flushed;
      // The flush's two passes: what was queued when it began, then what came during the first.
      expect(puts(cw.operations())).toBeLessThanOrEqual(2);
    } finally {
      api.server.behaviour = { mode: 'answer' };
    }
    await cw.flush();
    expect(cw.shipped()).toEqual(logged);
    cw.close();
  });

  it('ships lines logged while the clock was set back, in time order', async () => {
    const cw = shipper('clock-set-back');
    const now = cw.clock.now;
    cw.log('before the clock was set back', now);
    cw.log('after it was set back a second', now - 1_000);
    cw.log('a moment later', now + 10);
    await cw.flush();
    expect(cw.shipped()).toEqual([
      'after it was set back a second',
      'before the clock was set back',
      'a moment later',
    ]);
    expect(cw.problems).toEqual([]);
    cw.close();
  });

  it('splits lines more than 24 hours apart into batches CloudWatch accepts', async () => {
    const cw = shipper('over-a-day');
    const now = cw.clock.now;
    cw.log('25 hours ago', now - 25 * HOUR_MS);
    cw.log('an hour ago', now - HOUR_MS);
    cw.log('now', now);
    await cw.flush();
    expect(cw.shipped()).toEqual(['25 hours ago', 'an hour ago', 'now']);
    expect(puts(cw.operations())).toBe(2);
    expect(cw.problems).toEqual([]);
    cw.close();
  });

  it.each([
    ['older than 14 days', [-15 * DAY_MS, -15 * DAY_MS + 1], '0 of 2 events: 2 older than 14 days'],
    ['over 2 hours ahead', [0, 1, 3 * HOUR_MS], '2 of 3 events: 1 over 2 hours ahead'],
    [
      'older than the retention (1 day)',
      [-DAY_MS - HOUR_MS, -2 * HOUR_MS],
      '1 of 2 events: 1 older than the retention',
    ],
  ])(
    'reports events CloudWatch rejects as %s, never sends them again, and keeps shipping',
    async (reason, offsets, stored) => {
      const group = `rejects-${reason.replace(/\W+/g, '-')}`;
      api.groups.set(group, new Map());
      if (reason.includes('retention')) api.retentionDays.set(group, 1);
      const cw = shipper('rejected', { group });
      const now = cw.clock.now;
      for (const offset of offsets) cw.log(`at ${offset}`, now + offset);
      await cw.flush();
      expect(cw.problems.map((p) => [p.source, p.error])).toEqual([
        ['cloudwatch-logs rejected', `Error: CloudWatch stored ${stored}`],
      ]);
      const kept = cw.shipped();
      cw.log('next', now + 2);
      await cw.flush();
      expect(cw.shipped()).toEqual([...kept, 'next']);
      expect(puts(cw.operations())).toBe(2);
      cw.close();
    },
  );

  it('drops a batch CloudWatch refuses as invalid, reports it, and ships the next ones', async () => {
    const cw = shipper('refused');
    api.failWith = 'InvalidParameterException';
    api.failNext = 1;
    try {
      for (const line of ['one', 'two', 'three']) cw.log(line);
      await cw.flush();
      cw.log('four');
      await cw.flush();
    } finally {
      api.failWith = 'ThrottlingException';
    }
    expect(cw.shipped()).toEqual(['four']);
    expect(puts(cw.operations())).toBe(2);
    expect(cw.problems).toMatchObject([
      {
        source: 'cloudwatch-logs batch',
        error: expect.stringContaining('InvalidParameterException: 3 events dropped, not retried'),
      },
    ]);
    cw.close();
  });

  it('keeps a batch that failed for the moment (CloudWatch unavailable) and sends it after', async () => {
    const cw = shipper('unavailable');
    api.failWith = 'ServiceUnavailableException';
    // The SDK makes 3 attempts: the whole first upload fails.
    api.failNext = 3;
    try {
      for (const line of ['one', 'two']) cw.log(line);
      await cw.flush();
    } finally {
      api.failWith = 'ThrottlingException';
    }
    expect(cw.shipped()).toEqual(['one', 'two']);
    expect(cw.problems).toMatchObject([
      {
        source: 'cloudwatch-logs upload',
        error: expect.stringContaining('ServiceUnavailableException') as string,
      },
    ]);
    cw.close();
  });

  it('ships with only CreateLogStream and PutLogEvents to a group that infrastructure made', async () => {
    api.groups.set('made-by-terraform', new Map());
    const others = ['CreateLogGroup', 'PutRetentionPolicy', 'DescribeLogStreams'];
    for (const operation of others) api.denied.add(operation);
    const cw = shipper('least-privilege', { group: 'made-by-terraform' });
    try {
      cw.log('shipped');
      await cw.flush();
    } finally {
      api.denied.clear();
    }
    expect(cw.shipped()).toEqual(['shipped']);
    expect(cw.operations()).toEqual(['CreateLogStream', 'PutLogEvents']);
    expect(cw.problems).toEqual([]);
    cw.close();
  });
});
