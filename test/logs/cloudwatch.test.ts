import { CloudWatchLogsApi } from '../support/cloudwatch-api';
import { OtlpReceiver } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { type RunningService, startService } from '../support/service';
import { fetchWithin, pause, until } from '../support/wait';

const GROUP = 'cruddur';
const POD = 'cruddur-api-7d9f8-x2k4q';
const AWS_SECRET = 'aws-secret-value-0123456789';

function cloudWatchEnv(endpoint: string, uploadIntervalMs = 200): NodeJS.ProcessEnv {
  return {
    CLOUDWATCH_LOG_GROUP: GROUP,
    CLOUDWATCH_RETENTION_DAYS: '7',
    CLOUDWATCH_UPLOAD_INTERVAL_MS: String(uploadIntervalMs),
    K8S_POD_NAME: POD,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
    AWS_SECRET_ACCESS_KEY: AWS_SECRET,
    AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: endpoint,
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

/** The trace id the service answered with (W3C `traceresponse`: 00-<trace>-<span>-<flags>). */
function traceIdOf(response: Response): string {
  const header = response.headers.get('traceresponse') ?? '';
  return header.split('-')[1] ?? '';
}

function count(items: string[], item: string): number {
  return items.filter((candidate) => candidate === item).length;
}

describe('logs shipped to CloudWatch Logs', () => {
  let api: CloudWatchLogsApi;
  let receiver: OtlpReceiver;
  let service: RunningService;
  const events = () => api.events(GROUP, POD);

  beforeAll(async () => {
    api = await CloudWatchLogsApi.start();
    receiver = await OtlpReceiver.start();
    service = await startService({
      ...cloudWatchEnv(api.endpoint),
      ...receiver.serviceEnv(),
    });
  });

  afterAll(async () => {
    await service.stop();
    await receiver.stop();
    await api.server.stop();
  });

  it('creates the missing group and the pod-named stream, sets retention, and ships the JSON lines', async () => {
    await until(
      () => (events().some((e) => e.message === 'listening') ? true : undefined),
      'the listening line in CloudWatch',
    );
    expect([...(api.groups.get(GROUP)?.keys() ?? [])]).toEqual([POD]);
    // The group only after CloudWatch said it was missing (a role may lack CreateLogGroup).
    expect(api.operations().slice(0, 3)).toEqual([
      'CreateLogStream',
      'CreateLogGroup',
      'CreateLogStream',
    ]);
    expect(count(api.operations(), 'CreateLogGroup')).toBe(1);
    expect(count(api.operations(), 'CreateLogStream')).toBe(2);
    expect(count(api.operations(), 'PutRetentionPolicy')).toBe(1);
    const listening = events().find((e) => e.message === 'listening');
    expect(listening).toMatchObject({ level: 'info', service: 'cruddur-backend' });
    expect(Date.parse(String(listening?.time))).not.toBeNaN();
  });

  it('carries the request trace id, in OTel and X-Ray form, into the shipped lines', async () => {
    const response = await fetch(`${service.url}/api/activities/home`);
    const traceId = traceIdOf(response);
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);

    const home = await until(
      () => events().find((e) => e.message === 'HomeActivities' && e.trace_id === traceId),
      'the HomeActivities line',
    );
    expect(home).toMatchObject({
      level: 'info',
      xray_trace_id: `1-${traceId.slice(0, 8)}-${traceId.slice(8)}`,
      span_id: expect.stringMatching(/^[0-9a-f]{16}$/) as string,
    });
    const access = await until(
      () => events().find((e) => e.message === 'request' && e.trace_id === traceId),
      'the access log line',
    );
    expect(access).toMatchObject({
      method: 'GET',
      route: '/api/activities/home',
      status: 200,
      user: 'andrewbrown',
    });

    const spans = await receiver.waitFor((all) =>
      all.some((s) => s.traceId === traceId && s.name === 'GET /api/activities/home'),
    );
    expect(spans.find((s) => s.name === 'home-activities' && s.traceId === traceId)).toBeDefined();
  });

  it('uploads untraced, and never describes streams (many pods doing so get throttled)', async () => {
    for (let i = 0; i < 5; i += 1) {
      await fetch(`${service.url}/api/activities/notifications`);
      await pause(250);
    }
    const last = traceIdOf(await fetch(`${service.url}/api/activities/home`));
    await until(
      () => (events().some((e) => e.trace_id === last) ? true : undefined),
      'the last request in CloudWatch',
    );
    expect(count(api.operations(), 'PutLogEvents')).toBeGreaterThanOrEqual(3);
    expect(count(api.operations(), 'DescribeLogStreams')).toBe(0);

    const spans = await receiver.waitFor((all) => all.some((s) => s.traceId === last));
    const awsSpans = spans.filter((s) => s.attributes['rpc.system'] === 'aws-api');
    expect(awsSpans).toEqual([]);
  });

  it('requeues throttled batches, reports the failure once, and loses nothing', async () => {
    api.failNext = 3;
    const traceIds: string[] = [];
    for (let i = 0; i < 6; i += 1) {
      traceIds.push(traceIdOf(await fetch(`${service.url}/api/activities/@worf`)));
      await pause(150);
    }
    await until(
      () =>
        traceIds.every((id) => events().some((e) => e.message === 'request' && e.trace_id === id))
          ? true
          : undefined,
      'every access line after throttling',
    );
    expect(api.failNext).toBe(0);
    const failures = service.warnings('cloudwatch-logs upload');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.error).toContain('ThrottlingException');
    for (const id of traceIds) {
      const lines = events().filter((e) => e.message === 'request' && e.trace_id === id);
      expect(lines).toHaveLength(1);
    }
  });

  it('keeps the AWS credentials out of everything it writes', () => {
    const shipped = JSON.stringify(events());
    for (const text of [shipped, service.stdout(), service.stderr()]) {
      expect(text).not.toContain(AWS_SECRET);
    }
  });
});

describe('log shipping at shutdown and when CloudWatch is down', () => {
  it('flushes pending lines on SIGTERM, including the shutdown lines', async () => {
    const api = await CloudWatchLogsApi.start();
    // An upload interval far longer than the test: only the shutdown flush can ship.
    const service = await startService(cloudWatchEnv(api.endpoint, 600_000));
    try {
      expect((await fetch(`${service.url}/api/activities/home`)).status).toBe(200);
      expect(await service.stop()).toBe(0);
      const messages = api.events(GROUP, POD);
      expect(messages.map((e) => e.message)).toEqual([
        'listening',
        'request', // the readiness probe that told the test the service was up
        'HomeActivities',
        'request',
        'shutting down',
        'stopped',
      ]);
    } finally {
      await api.server.stop();
    }
  });

  it('serves normally with CloudWatch refusing connections, reports once, and stops in bounded time', async () => {
    const service = await startService(cloudWatchEnv(`http://127.0.0.1:${await freePort()}`));
    try {
      for (let i = 0; i < 15; i += 1) {
        expect((await fetchWithin(`${service.url}/api/activities/home`, 2_000)).status).toBe(200);
        await pause(100);
      }
      await until(() => service.warnings('cloudwatch-logs upload')[0], 'the upload failure line');
      const failures = service
        .stderr()
        .split('\n')
        .filter((line) => line.includes('cloudwatch-logs'));
      expect(failures).toHaveLength(1);
      expect(service.warnings('cloudwatch-logs upload')[0]).toMatchObject({ level: 'warn' });
      expect(service.process.exitCode).toBeNull();
    } finally {
      const stoppedAt = Date.now();
      expect(await service.stop()).toBe(0);
      // The flush gives up after the flush share of the shutdown budget (5 s), not retrying.
      expect(Date.now() - stoppedAt).toBeLessThan(8_000);
    }
  });

  it('serves normally with CloudWatch accepting connections and never answering', async () => {
    const api = await CloudWatchLogsApi.start();
    api.server.behaviour = { mode: 'hang' };
    const service = await startService(cloudWatchEnv(api.endpoint));
    try {
      for (let i = 0; i < 10; i += 1) {
        expect((await fetchWithin(`${service.url}/api/activities/home`, 2_000)).status).toBe(200);
        await pause(100);
      }
      expect(api.server.requests.length).toBeGreaterThan(0);
    } finally {
      const stoppedAt = Date.now();
      expect(await service.stop()).toBe(0);
      expect(Date.now() - stoppedAt).toBeLessThan(8_000);
      await api.server.stop();
    }
  });
});
