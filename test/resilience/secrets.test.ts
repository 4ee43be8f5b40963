import { CloudWatchLogsApi } from '../support/cloudwatch-api';
import { OtlpReceiver } from '../support/otlp-receiver';
import type { RecordedRequest } from '../support/recording-server';
import { startRollbarApi } from '../support/rollbar-api';
import { type RunningService, startService } from '../support/service';
import { until } from '../support/wait';

jest.setTimeout(60_000);

/** Credentials the service is configured with: each may travel only in its own auth field. */
const CONFIGURED = {
  honeycomb: 'hcaik_01fake0honeycomb0key0abcdefghijklmnopqrstuv',
  rollbar: 'rollbarfaketoken0a1b2c3d4e5f60718',
  awsAccessKeyId: 'AKIAFAKEACCESSKEY123',
  awsSecret: 'fAkE/sEcReT+aCcEsS0kEy0000111122223333',
  awsSession: 'FwoGZXIvYXdzEFAKE0session0token0that0is0long',
};

/** Secrets clients send in requests: they must not be repeated anywhere. */
const FROM_CLIENTS = {
  bearer: 'client-bearer-token-5a6b7c8d',
  cookie: 'client-session-cookie-9e8f7a6b',
  apiKey: 'client-api-key-1029384756',
  queryToken: 'query-token-value-0f9e8d7c',
  queryKey: 'query-api-key-value-6b5a4c3d',
  // In the debug routes' error messages.
  debug: 'not-a-real-secret',
};

const clientHeaders = {
  authorization: `Bearer ${FROM_CLIENTS.bearer}`,
  cookie: `session=${FROM_CLIENTS.cookie}`,
  'x-api-key': FROM_CLIENTS.apiKey,
};
const secretQuery = `token=${FROM_CLIENTS.queryToken}&api_key=${FROM_CLIENTS.queryKey}`;

const json = (value: unknown) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));

/** A CloudWatch call without its SigV4 signature and session token headers. */
function withoutAwsAuth(request: RecordedRequest): string {
  const headers = Object.fromEntries(
    Object.entries(request.headers).filter(
      ([name]) => name !== 'authorization' && name !== 'x-amz-security-token',
    ),
  );
  return json({ headers, path: request.path, body: request.raw });
}

describe('secrets under a mixed workload', () => {
  let honeycomb: OtlpReceiver;
  let rollbar: Awaited<ReturnType<typeof startRollbarApi>>;
  let cloudWatch: CloudWatchLogsApi;
  let service: RunningService;

  beforeAll(async () => {
    honeycomb = await OtlpReceiver.start();
    rollbar = await startRollbarApi();
    cloudWatch = await CloudWatchLogsApi.start();
    service = await startService({
      OTEL_TRACES_EXPORTER: '',
      HONEYCOMB_API_KEY: CONFIGURED.honeycomb,
      HONEYCOMB_API_ENDPOINT: honeycomb.httpEndpoint,
      HONEYCOMB_TEAM: 'cruddur-team',
      HONEYCOMB_ENVIRONMENT: 'test',
      OTEL_BSP_SCHEDULE_DELAY: '100',
      ROLLBAR_ACCESS_TOKEN: CONFIGURED.rollbar,
      ROLLBAR_ENDPOINT: rollbar.endpoint,
      CLOUDWATCH_LOG_GROUP: 'cruddur-secrets',
      CLOUDWATCH_UPLOAD_INTERVAL_MS: '200',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: CONFIGURED.awsAccessKeyId,
      AWS_SECRET_ACCESS_KEY: CONFIGURED.awsSecret,
      AWS_SESSION_TOKEN: CONFIGURED.awsSession,
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudWatch.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      DEBUG_ROUTES: 'true',
    });

    const call = (path: string, init: { method?: string; body?: string } = {}) =>
      fetch(`${service.url}${path}`, {
        ...init,
        headers: { ...clientHeaders, 'content-type': 'application/json' },
      }).then((response) => response.status);
    const post = (path: string, body: unknown) =>
      call(path, { method: 'POST', body: JSON.stringify(body) });
    const statuses = [];
    for (let round = 0; round < 3; round += 1) {
      statuses.push(
        await call(`/api/activities/home?${secretQuery}`),
        await call(`/api/activities/@worf?${secretQuery}`),
        await call(`/api/activities/search?term=cloud&${secretQuery}`),
        await call('/api/activities/notifications'),
        await call('/api/message_groups'),
        await call(`/api/messages/@worf?${secretQuery}`),
        await post('/api/activities', { message: 'traced and logged', ttl: '1-hour' }),
        await post(`/api/activities?${secretQuery}`, { message: '', ttl: 'never' }),
        await post('/api/messages', { message: 'hello', user_receiver_handle: 'worf' }),
        await call(`/api/nothing?${secretQuery}`),
        await call(`/api/debug/error?${secretQuery}`),
        await call('/rollbar/test'),
      );
    }
    expect(statuses).toContain(500);
    // Delivered before the crash below: the error items, spans and log lines so far.
    await until(() => (rollbar.items().length >= 6 ? true : undefined), 'the Rollbar items');
    // Last, the uncaught exception: reported, flushed, and the process exits 1.
    expect(await post('/api/debug/uncaught', {})).toBe(202);
    expect(await service.exited).toBe(1);
  });

  afterAll(async () => {
    await honeycomb.stop();
    await rollbar.server.stop();
    await cloudWatch.server.stop();
  });

  it('sent each credential to its own destination, and only in its auth field', () => {
    expect(honeycomb.exports.length).toBeGreaterThan(0);
    expect(
      honeycomb.exports.every((e) => e.metadata['x-honeycomb-team'] === CONFIGURED.honeycomb),
    ).toBe(true);
    expect(rollbar.items().every((item) => item.accessToken === CONFIGURED.rollbar)).toBe(true);
    expect(rollbar.items().map((item) => item.data.level)).toContain('critical');
    const calls = cloudWatch.server.requests;
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.every((c) => c.headers['x-amz-security-token'] === CONFIGURED.awsSession)).toBe(
      true,
    );
    expect(
      calls.every((c) =>
        String(c.headers.authorization).includes(`Credential=${CONFIGURED.awsAccessKeyId}/`),
      ),
    ).toBe(true);
  });

  it('repeats no secret, configured or sent by a client, in anything it emitted', () => {
    const emitted: Record<string, string> = {
      stdout: service.stdout(),
      stderr: service.stderr(),
      spans: json(
        honeycomb.exports.map((e) => ({
          spans: e.spans,
          metadata: { ...e.metadata, 'x-honeycomb-team': undefined },
        })),
      ),
      rollbar: json(
        rollbar.server.requests.map((r) => ({
          headers: { ...r.headers, 'x-rollbar-access-token': undefined },
          // The item API also takes the token in the body; the notifier sends it there.
          body: r.raw.split(`"access_token":"${CONFIGURED.rollbar}"`).join(''),
        })),
      ),
      cloudWatch: cloudWatch.server.requests.map(withoutAwsAuth).join('\n'),
    };
    expect(emitted.stdout).toContain('"message":"request"');
    expect(emitted.spans).toContain('/api/debug/error');
    expect(emitted.rollbar).toContain('Deliberate uncaught exception');
    expect(emitted.cloudWatch).toContain('unhandled error');
    const found = Object.entries(emitted).flatMap(([sink, text]) =>
      Object.entries({ ...CONFIGURED, ...FROM_CLIENTS })
        .filter(([, secret]) => text.includes(secret))
        .map(([name]) => `${name} in ${sink}`),
    );
    expect(found).toEqual([]);
  });
});
