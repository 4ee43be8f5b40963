import { randomBytes } from 'node:crypto';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { type RunningService, startService } from '../support/service';

const SERVER = 2;

function newXrayIds() {
  const epoch = Math.floor(Date.now() / 1000)
    .toString(16)
    .padStart(8, '0');
  const unique = randomBytes(12).toString('hex');
  return {
    traceId: `${epoch}${unique}`,
    root: `1-${epoch}-${unique}`,
    parent: randomBytes(8).toString('hex'),
  };
}

describe('trace context from callers', () => {
  let receiver: OtlpReceiver;
  let service: RunningService;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    service = await startService({
      ...receiver.serviceEnv(),
    });
  });

  afterAll(async () => {
    await service.stop();
    await receiver.stop();
  });

  async function serverSpanOf(traceId: string): Promise<ReceivedSpan> {
    const spans = await receiver.waitFor((all) =>
      all.some((s) => s.traceId === traceId && s.kind === SERVER),
    );
    return spans.find((s) => s.traceId === traceId && s.kind === SERVER) as ReceivedSpan;
  }

  it('continues an X-Amzn-Trace-Id trace under the caller’s segment', async () => {
    const ids = newXrayIds();
    await fetch(`${service.url}/api/activities/home`, {
      headers: { 'X-Amzn-Trace-Id': `Root=${ids.root};Parent=${ids.parent};Sampled=1` },
    });
    expect((await serverSpanOf(ids.traceId)).parentSpanId).toBe(ids.parent);
  });

  it('continues a W3C traceparent trace under the caller’s span', async () => {
    const ids = newXrayIds();
    await fetch(`${service.url}/api/activities/home`, {
      headers: { traceparent: `00-${ids.traceId}-${ids.parent}-01` },
    });
    expect((await serverSpanOf(ids.traceId)).parentSpanId).toBe(ids.parent);
  });

  it('respects Sampled=0 and traceparent flags 00: nothing is exported for those traces', async () => {
    const unsampledXray = newXrayIds();
    const unsampledW3c = newXrayIds();
    const marker = newXrayIds();
    const notSampled = await fetch(`${service.url}/api/activities/home`, {
      headers: {
        'X-Amzn-Trace-Id': `Root=${unsampledXray.root};Parent=${unsampledXray.parent};Sampled=0`,
      },
    });
    await fetch(`${service.url}/api/activities/home`, {
      headers: { traceparent: `00-${unsampledW3c.traceId}-${unsampledW3c.parent}-00` },
    });
    expect(notSampled.status).toBe(200);
    // A sampled request sent afterwards shows the exporter has caught up.
    await fetch(`${service.url}/api/activities/home`, {
      headers: { traceparent: `00-${marker.traceId}-${marker.parent}-01` },
    });
    await serverSpanOf(marker.traceId);
    const traceIds = new Set(receiver.spans.map((s) => s.traceId));
    expect(traceIds.has(unsampledXray.traceId)).toBe(false);
    expect(traceIds.has(unsampledW3c.traceId)).toBe(false);
  });

  /** The trace id and sampled flag the service answered with (`traceresponse`). */
  async function answeredTrace(headers: Record<string, string>) {
    const res = await fetch(`${service.url}/api/activities/home`, { headers });
    expect(res.status).toBe(200);
    const [, traceId, , flags] = (res.headers.get('traceresponse') ?? '').split('-');
    return { traceId, sampled: flags === '01' };
  }

  it.each([
    ['Root only (an ALB)', (root: string) => `Root=${root}`],
    [
      'Self and Root (an ALB behind another)',
      (root: string) => `Self=${newXrayIds().root};Root=${root}`,
    ],
    ['Root and Sampled=1 (API Gateway)', (root: string) => `Root=${root};Sampled=1`],
  ])(
    'continues a trace named by an X-Amzn-Trace-Id with %s, as its root span',
    async (_, header) => {
      const ids = newXrayIds();
      expect(await answeredTrace({ 'X-Amzn-Trace-Id': header(ids.root) })).toEqual({
        traceId: ids.traceId,
        sampled: true,
      });
      const server = await serverSpanOf(ids.traceId);
      expect(server.parentSpanId).toBe('');
      expect(server.name).toBe('GET /api/activities/home');
    },
  );

  it('respects Sampled=0 on a Root without a Parent: the trace continues, nothing is exported', async () => {
    const unsampled = newXrayIds();
    const marker = newXrayIds();
    expect(await answeredTrace({ 'X-Amzn-Trace-Id': `Root=${unsampled.root};Sampled=0` })).toEqual({
      traceId: unsampled.traceId,
      sampled: false,
    });
    await answeredTrace({ 'X-Amzn-Trace-Id': `Root=${marker.root};Sampled=1` });
    await serverSpanOf(marker.traceId);
    expect(receiver.spans.some((s) => s.traceId === unsampled.traceId)).toBe(false);
  });

  it('lets a W3C traceparent win over an X-Amzn-Trace-Id', async () => {
    const w3c = newXrayIds();
    const xray = newXrayIds();
    for (const header of [
      `Root=${xray.root}`,
      `Root=${xray.root};Parent=${xray.parent};Sampled=1`,
    ]) {
      const answered = await answeredTrace({
        traceparent: `00-${w3c.traceId}-${w3c.parent}-01`,
        'X-Amzn-Trace-Id': header,
      });
      expect(answered.traceId).toBe(w3c.traceId);
    }
    expect((await serverSpanOf(w3c.traceId)).parentSpanId).toBe(w3c.parent);
  });

  it.each([
    ['X-Amzn-Trace-Id', 'Root=1-67891233-abcdef01234567891234567;Sampled=1'],
    ['X-Amzn-Trace-Id', 'Root=1-67891233-ABCDEF012345678912345678'],
    ['X-Amzn-Trace-Id', 'Root=not-a-root;Parent=zz;Sampled=1'],
    ['X-Amzn-Trace-Id', 'garbage'],
    ['traceparent', '00-xyz-abc-01'],
    ['traceparent', `00-${'0'.repeat(32)}-${'0'.repeat(16)}-01`],
  ])('ignores a malformed %s header (%s) and starts a new trace', async (header, value) => {
    const before = receiver.spans.length;
    const res = await fetch(`${service.url}/api/activities/notifications`, {
      headers: { [header]: value },
    });
    expect(res.status).toBe(200);
    const spans = await receiver.waitFor((all) => all.slice(before).some((s) => s.kind === SERVER));
    const server = spans.slice(before).find((s) => s.kind === SERVER) as ReceivedSpan;
    expect(server.parentSpanId).toBe('');
    expect(server.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(server.traceId).not.toBe('0'.repeat(32));
  });
});
