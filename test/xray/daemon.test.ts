import dgram from 'node:dgram';
import { OtlpReceiver } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { describeWith, missingTools } from '../support/prerequisites';
import { type RunningService, startService } from '../support/service';
import { NO_HOME_FEED_RULES, XRayApi } from '../support/xray-api';
import { type RunningDaemon, startXRayDaemon } from '../support/xray-daemon';

jest.setTimeout(60_000);

const SERVER = 2;

async function until(
  condition: () => boolean | Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function serverSpans(receiver: OtlpReceiver, route: string) {
  return receiver.spans.filter((s) => s.kind === SERVER && s.name === `GET ${route}`);
}

function samplingEnv(receiver: OtlpReceiver, endpoint: string): NodeJS.ProcessEnv {
  return {
    ...receiver.serviceEnv(),
    // Without rules every root would be kept, so an unsampled request proves the rules apply.
    XRAY_SAMPLING_FALLBACK_RATE: '1',
    XRAY_SAMPLING: 'remote',
    XRAY_SAMPLING_ENDPOINT: endpoint,
  };
}

async function get(service: RunningService, path: string) {
  return (await fetch(`${service.url}${path}`)).status;
}

/** The W3C traceresponse header of a 200 response: 00-<trace id>-<span id>-<flags>. */
async function traceResponse(service: RunningService, path: string) {
  const res = await fetch(`${service.url}${path}`);
  expect(res.status).toBe(200);
  return res.headers.get('traceresponse') ?? undefined;
}

async function traceFlags(service: RunningService, path: string) {
  return (await traceResponse(service, path))?.slice(-2);
}

describeWith(missingTools('xray'), 'X-Ray daemon: centralized sampling through its proxy', () => {
  let xray: XRayApi;
  let daemon: RunningDaemon;
  let receiver: OtlpReceiver;
  let service: RunningService;

  beforeAll(async () => {
    xray = await XRayApi.start();
    xray.rules = NO_HOME_FEED_RULES;
    daemon = await startXRayDaemon(xray.endpoint);
    receiver = await OtlpReceiver.start();
    service = await startService(samplingEnv(receiver, `http://${daemon.address}`));
    await until(
      () => xray.calls.some((call) => call.path === '/GetSamplingRules'),
      15_000,
      'the service to fetch sampling rules through the daemon',
    );
  });

  afterAll(async () => {
    await service.stop();
    await daemon.stop();
    await receiver.stop();
    await xray.stop();
  });

  it('forwards the rule requests to the X-Ray API, signed with the daemon’s credentials', () => {
    const call = xray.calls.find((c) => c.path === '/GetSamplingRules');
    expect(call?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLEDAEMON\//);
  });

  it('samples each request by the matching rule', async () => {
    // The rules apply a moment after the call that fetched them: probe until the
    // response's traceresponse header says the home feed is no longer sampled.
    await until(
      async () => (await traceFlags(service, '/api/activities/home')) === '00',
      10_000,
      'rules to apply',
    );
    const home: string[] = [];
    const notifications: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      home.push((await traceResponse(service, '/api/activities/home')) ?? '');
      notifications.push((await traceResponse(service, '/api/activities/notifications')) ?? '');
    }
    expect(home.every((header) => header.endsWith('-00'))).toBe(true);
    expect(notifications.every((header) => header.endsWith('-01'))).toBe(true);
    const traceIdOf = (header: string) => header.split('-')[1];
    await until(
      () => notifications.every((h) => receiver.spans.some((s) => s.traceId === traceIdOf(h))),
      10_000,
      'the sampled notification traces',
    );
    // Exported after the home requests' spans would have been, had they been sampled.
    expect(receiver.spans.filter((s) => home.map(traceIdOf).includes(s.traceId))).toEqual([]);
  });

  it('relays segments sent over UDP by X-Ray SDK code to PutTraceSegments', async () => {
    const traceId = `1-${Math.floor(Date.now() / 1000).toString(16)}-0123456789abcdef01234567`;
    const segment = {
      name: 'legacy-worker',
      id: '0123456789abcdef',
      trace_id: traceId,
      start_time: Date.now() / 1000 - 0.05,
      end_time: Date.now() / 1000,
    };
    const socket = dgram.createSocket('udp4');
    const [host, port] = daemon.address.split(':') as [string, string];
    const packet = `{"format":"json","version":1}\n${JSON.stringify(segment)}`;
    await new Promise<void>((resolve, reject) => {
      socket.send(packet, Number(port), host, (error) => {
        if (error) reject(error);
        else resolve();
      });
    });
    socket.close();
    await until(
      () => xray.segments().some((s) => s.trace_id === traceId),
      10_000,
      'the daemon to upload the segment',
    );
    expect(xray.segments().find((s) => s.trace_id === traceId)).toMatchObject({
      name: 'legacy-worker',
      id: '0123456789abcdef',
    });
  });
});

describe('X-Ray sampling without a daemon', () => {
  it('falls back to the local sampler and keeps serving', async () => {
    const receiver = await OtlpReceiver.start();
    const service = await startService(
      samplingEnv(receiver, `http://127.0.0.1:${await freePort()}`),
    );
    try {
      for (let i = 0; i < 5; i += 1) expect(await get(service, '/api/activities/home')).toBe(200);
      await until(
        () => serverSpans(receiver, '/api/activities/home').length === 5,
        10_000,
        'all five spans under the local always_on sampler',
      );
      expect(service.process.exitCode).toBeNull();
      expect(service.stderr()).not.toMatch(/error/i);
    } finally {
      await service.stop();
      await receiver.stop();
    }
  });
});
