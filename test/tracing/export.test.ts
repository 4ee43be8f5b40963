import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { type RunningService, startService } from '../support/service';

const SERVER = 2;

function serverSpans(spans: ReceivedSpan[]): ReceivedSpan[] {
  return spans.filter((span) => span.kind === SERVER);
}

/** Follows parent links from `span` up to the trace's local root. */
function ancestry(span: ReceivedSpan, all: ReceivedSpan[]): ReceivedSpan[] {
  const chain = [span];
  let current = span;
  for (;;) {
    const parent = all.find((candidate) => candidate.spanId === current.parentSpanId);
    if (!parent) return chain;
    chain.push(parent);
    current = parent;
  }
}

describe('traces exported over OTLP/HTTP (the default protocol)', () => {
  let receiver: OtlpReceiver;
  let service: RunningService;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    service = await startService({
      ...receiver.serviceEnv(),
      OTEL_SERVICE_NAME: 'cruddur-under-test',
      DEPLOYMENT_ENVIRONMENT: 'test',
      // The pod identity as the chart passes it (the downward API, expanded).
      OTEL_RESOURCE_ATTRIBUTES:
        'team=platform,k8s.pod.name=cruddur-abc,k8s.pod.uid=1b2c3d,k8s.namespace.name=cruddur,k8s.node.name=node-1,k8s.pod.ip=10.0.0.7',
    });
  });

  afterAll(async () => {
    await service.stop();
    await receiver.stop();
  });

  it('names the server span by route template and nests the home feed span under it', async () => {
    await fetch(`${service.url}/api/activities/home`);
    const spans = await receiver.waitFor((all) => all.some((s) => s.name === 'home-activities'));
    const feed = spans.find((s) => s.name === 'home-activities');
    expect(feed?.attributes['app.result_length']).toBe(3);
    expect(Date.parse(feed?.attributes['app.now'] as string)).toBeGreaterThan(Date.now() - 60_000);
    const chain = ancestry(feed as ReceivedSpan, spans);
    const server = chain.at(-1) as ReceivedSpan;
    expect(server.kind).toBe(SERVER);
    expect(server.name).toBe('GET /api/activities/home');
    expect(server.attributes).toMatchObject({
      'http.route': '/api/activities/home',
      'http.response.status_code': 200,
      'enduser.id': 'andrewbrown',
      'app.user_id': 'andrewbrown',
    });
    expect(new Set(chain.map((s) => s.traceId)).size).toBe(1);
  });

  // Both ways a server span starts: as a trace's root (sampled by the sampler, given what
  // X-Ray rules match on) and under a caller's sampled span (the attributes added after).
  it.each([
    ['a new trace', {}],
    [
      'a caller’s sampled span',
      // An X-Ray-instrumented caller's trace id (epoch seconds first), as this service issues.
      {
        traceparent: `00-${Math.floor(Date.now() / 1000).toString(16)}a3ce929d0e0e4736a3ce929d-00f067aa0ba902b7-01`,
      },
    ],
  ])(
    'describes the request on the server span by the HTTP semantic conventions, query scrubbed (%s)',
    async (_, traceparent: Record<string, string>) => {
      const response = await fetch(
        `${service.url}/api/activities/notifications?page=2&api_key=hunter2-secret`,
        { headers: { 'user-agent': 'cruddur-test/1.0', ...traceparent } },
      );
      const [, traceId] = (response.headers.get('traceresponse') ?? '').split('-');
      const spans = await receiver.waitFor((all) =>
        all.some((s) => s.traceId === traceId && s.kind === SERVER),
      );
      const server = spans.find((s) => s.traceId === traceId && s.kind === SERVER);
      expect(server?.name).toBe('GET /api/activities/notifications');
      expect(server?.scope).toBe('cruddur-backend/http');
      expect(server?.attributes).toMatchObject({
        'http.request.method': 'GET',
        'url.path': '/api/activities/notifications',
        'url.scheme': 'http',
        'server.address': '127.0.0.1',
        'client.address': expect.stringMatching(/127\.0\.0\.1$/) as unknown,
        'network.protocol.version': '1.1',
        'user_agent.original': 'cruddur-test/1.0',
        'http.response.status_code': 200,
      });
      expect(server?.attributes['url.query']).toContain('page=2');
      expect(JSON.stringify(server?.attributes)).not.toContain('hunter2');
    },
  );

  it('traces user activities with the handle and result size, one server span per request', async () => {
    await fetch(`${service.url}/api/activities/@worf`);
    await fetch(`${service.url}/api/activities/@worf`);
    const spans = await receiver.waitFor(
      (all) => all.filter((s) => s.name === 'GET /api/activities/@:handle').length >= 2,
    );
    const servers = spans.filter((s) => s.name === 'GET /api/activities/@:handle');
    expect(servers).toHaveLength(2);
    expect(new Set(servers.map((s) => s.traceId)).size).toBe(2);
    const userSpan = spans.find(
      (s) => s.name === 'user-activities' && s.traceId === servers[0]?.traceId,
    );
    expect(userSpan?.attributes).toMatchObject({
      'app.user_handle': 'worf',
      'app.result_length': 1,
    });
    expect(servers[0]?.attributes['http.route']).toBe('/api/activities/@:handle');
  });

  it('never puts a raw path in a span name', async () => {
    await fetch(`${service.url}/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee`);
    await fetch(`${service.url}/api/no/such/route`);
    const spans = await receiver.waitFor((all) =>
      all.some((s) => s.attributes['http.response.status_code'] === 404),
    );
    const names = serverSpans(spans).map((s) => s.name);
    expect(names).toContain('GET /api/activities/:activity_uuid');
    expect(names.some((name) => name.includes('68f126b0') || name.includes('/api/no/such'))).toBe(
      false,
    );
  });

  it('issues X-Ray-compatible trace ids: the first 8 hex digits are the epoch second', () => {
    const nowSeconds = Date.now() / 1000;
    for (const span of serverSpans(receiver.spans)) {
      expect(Math.abs(parseInt(span.traceId.slice(0, 8), 16) - nowSeconds)).toBeLessThan(300);
    }
    expect(serverSpans(receiver.spans).length).toBeGreaterThan(0);
  });

  it('describes the service, its version, environment and pod on the resource', () => {
    const resource = serverSpans(receiver.spans)[0]?.resource;
    expect(resource).toMatchObject({
      'service.name': 'cruddur-under-test',
      'deployment.environment.name': 'test',
      team: 'platform',
      'k8s.pod.name': 'cruddur-abc',
      'k8s.pod.uid': '1b2c3d',
      'k8s.namespace.name': 'cruddur',
      'k8s.node.name': 'node-1',
      'k8s.pod.ip': '10.0.0.7',
      'process.runtime.name': 'nodejs',
    });
    expect(typeof resource?.['service.version']).toBe('string');
    expect(typeof resource?.['host.name']).toBe('string');
  });

  it('does not trace health and readiness probes', async () => {
    await fetch(`${service.url}/api/health`);
    await fetch(`${service.url}/api/ready`);
    await fetch(`${service.url}/api/activities/notifications`);
    const spans = await receiver.waitFor((all) =>
      all.some((s) => s.name === 'GET /api/activities/notifications'),
    );
    expect(spans.some((s) => s.attributes['http.route'] === '/api/health')).toBe(false);
    expect(spans.some((s) => s.name.includes('/api/ready'))).toBe(false);
  });
});
