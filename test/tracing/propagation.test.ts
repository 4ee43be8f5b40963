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

  it.each([
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
