import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { type RollbarItem, startRollbarApi } from '../support/rollbar-api';
import type { RecordingServer } from '../support/recording-server';
import { type RunningService, startService } from '../support/service';
import { fetchWithin, until } from '../support/wait';

const TOKEN = 'rollbar-token-0123456789abcdef';
const SECRETS = {
  authorization: 'Bearer bearer-secret-value',
  cookie: 'session=cookie-secret-value',
  'x-api-key': 'api-key-secret-value',
  'x-honeycomb-team': 'honeycomb-secret-value',
};
const SPAN_STATUS_ERROR = 2;

function rollbarEnv(endpoint: string): NodeJS.ProcessEnv {
  return {
    ROLLBAR_ACCESS_TOKEN: TOKEN,
    ROLLBAR_ENDPOINT: endpoint,
    DEBUG_ROUTES: 'true',
    DEPLOYMENT_ENVIRONMENT: 'test',
  };
}

describe('errors reported to Rollbar, linked to the trace', () => {
  let receiver: OtlpReceiver;
  let rollbar: Awaited<ReturnType<typeof startRollbarApi>>;
  let service: RunningService;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    rollbar = await startRollbarApi();
    service = await startService({
      ...rollbarEnv(rollbar.endpoint),
      ...receiver.serviceEnv(),
      HONEYCOMB_TEAM: 'cruddur-team',
      HONEYCOMB_ENVIRONMENT: 'test',
    });
  });

  afterAll(async () => {
    await service.stop();
    await rollbar.server.stop();
    await receiver.stop();
  });

  const errorItems = () => rollbar.items().filter((item) => item.data.level === 'error');

  it('answers a 5xx with a reference only, and reports it with the request, user and trace', async () => {
    const response = await fetch(`${service.url}/api/debug/error?token=query-secret-value`, {
      headers: SECRETS,
    });
    expect(response.status).toBe(500);
    const body = (await response.json()) as Record<string, string>;
    expect(body).toEqual({
      error: 'internal_error',
      message: 'Something went wrong.',
      reference: expect.stringMatching(/^[0-9a-f]{12}$/) as string,
    });

    const item = await until(() => errorItems()[0], 'the Rollbar error item');
    expect(item.accessToken).toBe(TOKEN);
    expect(item.data.environment).toBe('test');
    // Rollbar's own scrubbing then masks the rest of a `password=` line.
    expect(item.data.body.trace_chain?.[0]?.exception.message).toMatch(
      /^Deliberate failure from \/api\/debug\/error \(password=\[scrubbed\]/,
    );
    expect(item.data.request?.method).toBe('GET');
    expect(item.data.request?.url).toContain('/api/debug/error');
    expect(item.data.context).toBe('/api/debug/error');
    expect(item.data.person).toMatchObject({ id: 'andrewbrown' });
    const custom = item.data.custom ?? {};
    expect(custom.error_reference).toBe(body.reference);
    expect(custom.xray_trace_id).toMatch(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(custom.honeycomb_trace_url).toContain(`trace_id=${custom.trace_id}`);

    const spans = await receiver.waitFor((all) =>
      all.some((s) => s.name === 'GET /api/debug/error'),
    );
    const server = spans.find((s) => s.name === 'GET /api/debug/error') as ReceivedSpan;
    expect(custom.trace_id).toBe(server.traceId);
    expect(custom.span_id).toBe(server.spanId);
    expect(server.status.code).toBe(SPAN_STATUS_ERROR);
    expect(server.attributes['app.error_reference']).toBe(body.reference);
    expect(server.events.map((event) => event.name)).toContain('exception');

    // Delivering the item is not traced. Spans are exported in the order they end, so once a
    // later request's span is in, a delivery span (ended when Rollbar answered) would be too.
    await fetch(`${service.url}/api/activities/home`);
    const later = await receiver.waitFor((all) =>
      all.some((s) => s.name === 'GET /api/activities/home'),
    );
    const deliveries = later.filter((s) =>
      JSON.stringify(s.attributes['url.full'] ?? '').includes('/api/1/item/'),
    );
    expect(deliveries).toEqual([]);
  });

  it('keeps secrets out of the report, the spans and the logs', async () => {
    const item = await until(() => errorItems()[0], 'the Rollbar error item');
    const headers = item.data.request?.headers ?? {};
    expect(Object.keys(headers)).toEqual(
      expect.arrayContaining(['authorization', 'cookie', 'x-api-key', 'x-honeycomb-team']),
    );
    const everything = [
      item.raw,
      JSON.stringify(receiver.spans, (_key, value: unknown) =>
        typeof value === 'bigint' ? value.toString() : value,
      ),
      service.stdout(),
      service.stderr(),
    ].join('\n');
    for (const secret of [
      ...Object.values(SECRETS),
      'query-secret-value',
      'not-a-real-secret',
      TOKEN,
    ]) {
      const bare = secret.replace(/^(Bearer |session=)/, '');
      expect(everything).not.toContain(bare);
    }
  });

  it('logs the failure with the same reference and trace id', async () => {
    const item = await until(() => errorItems()[0], 'the Rollbar error item');
    const line = service
      .stdout()
      .split('\n')
      .filter((text) => text.includes('"unhandled error"'))
      .map((text) => JSON.parse(text) as Record<string, string>)[0];
    expect(line).toMatchObject({
      level: 'error',
      error_reference: item.data.custom?.error_reference,
      trace_id: item.data.custom?.trace_id,
    });
  });

  it('sends the seed\'s "Hello World!" warning from /rollbar/test, with its trace id', async () => {
    const response = await fetch(`${service.url}/rollbar/test`);
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Hello World!');
    const warning = await until(
      () => rollbar.items().find((item) => item.data.level === 'warning'),
      'the warning item',
    );
    expect(warning.data.body.message?.body).toBe('Hello World!');
    expect(warning.data.custom?.trace_id).toMatch(/^[0-9a-f]{32}$/);
  });

  it('does not report client errors', async () => {
    const before = errorItems().length;
    const invalid = await fetch(`${service.url}/api/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ message: '', ttl: 'forever' }),
    });
    expect(invalid.status).toBe(422);
    expect((await fetch(`${service.url}/api/nothing-here`)).status).toBe(404);
    expect((await fetch(`${service.url}/api/activities/not-a-uuid`)).status).toBe(422);
    // A warning sent after the client errors: once it has arrived, anything sent before it has.
    const warningsBefore = rollbar.items().length;
    await fetch(`${service.url}/rollbar/test`);
    await until(
      () => (rollbar.items().length > warningsBefore ? true : undefined),
      'the sentinel warning',
    );
    expect(errorItems()).toHaveLength(before);
  });
});

describe('an unreachable or stalled Rollbar', () => {
  let rollbar: Awaited<ReturnType<typeof startRollbarApi>>;
  let server: RecordingServer;

  beforeAll(async () => {
    rollbar = await startRollbarApi();
    server = rollbar.server;
  });

  afterAll(() => server.stop());

  it('never holds up a request, and a stalled delivery does not hold up shutdown for long', async () => {
    server.behaviour = { mode: 'hang' };
    const service = await startService(rollbarEnv(rollbar.endpoint));
    try {
      for (let i = 0; i < 10; i += 1) {
        expect((await fetchWithin(`${service.url}/api/debug/error`, 2_000)).status).toBe(500);
        expect((await fetchWithin(`${service.url}/api/activities/home`, 2_000)).status).toBe(200);
      }
      expect(server.requests.length).toBeGreaterThan(0);
    } finally {
      const stoppedAt = Date.now();
      expect(await service.stop()).toBe(0);
      // The Rollbar flush gives up after the flush share of the shutdown budget (5 s).
      expect(Date.now() - stoppedAt).toBeLessThan(8_000);
    }
  });

  it('reports a refused delivery once on stderr, rate-limited, and keeps serving', async () => {
    const refused = `http://127.0.0.1:${await freePort()}/api/1/item/`;
    const service = await startService(rollbarEnv(refused));
    try {
      for (let i = 0; i < 10; i += 1) {
        expect((await fetchWithin(`${service.url}/api/debug/error`, 2_000)).status).toBe(500);
      }
      await until(() => service.warnings('rollbar delivery')[0], 'the delivery failure line');
      const lines = service.warnings('rollbar delivery');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({
        level: 'warn',
        source: 'rollbar delivery',
        error: expect.stringContaining('ECONNREFUSED') as string,
      });
      expect(service.process.exitCode).toBeNull();
    } finally {
      expect(await service.stop()).toBe(0);
    }
  });
});

describe('an uncaught exception', () => {
  it('is reported to Rollbar before the process exits with status 1', async () => {
    const rollbar = await startRollbarApi();
    const service = await startService(rollbarEnv(rollbar.endpoint));
    try {
      const response = await fetch(`${service.url}/api/debug/uncaught`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      });
      expect(response.status).toBe(202);
      expect(await service.exited).toBe(1);
      const reported: RollbarItem | undefined = rollbar
        .items()
        .find((item) =>
          item.data.body.trace_chain?.[0]?.exception.message.includes('uncaught exception'),
        );
      expect(reported?.data.level).toBe('critical');
      expect(reported?.data.body.trace_chain?.[0]?.exception.message).toContain('token=[scrubbed]');
      expect(service.stdout()).toContain('"message":"uncaught exception"');
      for (const text of [reported?.raw, service.stdout(), service.stderr()]) {
        expect(text).not.toContain('not-a-real-secret');
      }
    } finally {
      await service.stop();
      await rollbar.server.stop();
    }
  });
});
