import type { StartedTestContainer } from 'testcontainers';
import { type CollectorPorts, startCollector } from '../support/collector';
import { collectorImage, missingDocker } from '../support/docker';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { freePort } from '../support/ports';
import { renderCollectorConfig } from '../support/helm';
import { describeWith, missingTools } from '../support/prerequisites';
import { type RunningService, startService } from '../support/service';
import { XRayApi } from '../support/xray-api';

jest.setTimeout(120_000);

const honeycombKey = 'hcaik_e2e_0f1e2d3c4b5a69788796a5b4';
const SERVER = 2;

function prerequisites(): string | undefined {
  const missing = missingTools('helm') ?? missingDocker();
  if (missing) return missing;
  return collectorImage()
    ? undefined
    : 'no Collector image (run scripts/otelcol-image.sh or set OTELCOL_IMAGE)';
}

/** The shipped config with only the endpoints pointed at the local stand-ins. */
function configFor(honeycomb: OtlpReceiver, xray: XRayApi): string {
  return renderCollectorConfig('values.yaml', {
    'collector.exporters.honeycomb.endpoint': `127.0.0.1:${honeycomb.grpcPort}`,
    'collector.exporters.honeycomb.insecure': true,
    'collector.exporters.awsxray.endpoint': xray.endpoint,
    'collector.exporters.awsxray.region': 'us-east-1',
    // k8s_attributes needs the Kubernetes API, which does not exist here; the pod identity
    // still arrives through the resource attributes the service sets from the downward API.
    'collector.k8sAttributes.enabled': false,
  });
}

const collectorEnv = {
  HONEYCOMB_API_KEY: honeycombKey,
  K8S_NODE_NAME: 'node-1',
  // As the DaemonSet sets it (from K8S_NODE_NAME): the node stamp on every forwarded span.
  OTEL_RESOURCE_ATTRIBUTES: 'cruddur.collector.node.name=node-1',
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'AKIDEXAMPLECRUDDUR',
  AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
  AWS_EC2_METADATA_DISABLED: 'true',
};

async function ports(): Promise<CollectorPorts> {
  return { grpc: await freePort(), http: await freePort(), health: await freePort() };
}

/** The service's default transport to the Collector: OTLP/HTTP. */
function serviceEnv(httpPort: number): NodeJS.ProcessEnv {
  return {
    OTEL_TRACES_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${httpPort}`,
    OTEL_BSP_SCHEDULE_DELAY: '100',
    OTEL_BSP_EXPORT_TIMEOUT: '2000',
    // The pod identity as the chart passes it (the downward API, expanded).
    OTEL_RESOURCE_ATTRIBUTES:
      'k8s.pod.name=cruddur-7d9f-abcde,k8s.pod.uid=6f1c2b7e-0d7e-4c55-9f0e-2a3b4c5d6e7f,k8s.namespace.name=cruddur,k8s.node.name=node-1,k8s.pod.ip=10.244.0.12',
  };
}

async function getMany(service: RunningService, path: string, count: number): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push((await fetch(`${service.url}${path}`)).status);
  return statuses;
}

describeWith(prerequisites(), 'service → Collector → Honeycomb and X-Ray', () => {
  let honeycomb: OtlpReceiver;
  let xray: XRayApi;
  let collector: StartedTestContainer;
  let service: RunningService;

  beforeAll(async () => {
    honeycomb = await OtlpReceiver.start();
    xray = await XRayApi.start();
    const collectorPorts = await ports();
    collector = await startCollector(
      collectorImage() as string,
      configFor(honeycomb, xray),
      collectorPorts,
      collectorEnv,
    );
    service = await startService(serviceEnv(collectorPorts.http));
  });

  afterAll(async () => {
    await service.stop();
    await collector.stop({ timeout: 1 });
    await honeycomb.stop();
    await xray.stop();
  });

  it('delivers every request’s spans to Honeycomb with the key header and the pod identity', async () => {
    const requests = 12;
    expect(await getMany(service, '/api/activities/home', requests)).toEqual(
      Array(requests).fill(200),
    );
    const spans = await honeycomb.waitFor(
      (all) => all.filter((s) => s.name === 'GET /api/activities/home').length >= requests,
      30_000,
    );
    expect(spans.filter((s) => s.name === 'GET /api/activities/home')).toHaveLength(requests);
    expect(spans.filter((s) => s.name === 'home-activities')).toHaveLength(requests);
    expect(honeycomb.exports.every((e) => e.metadata['x-honeycomb-team'] === honeycombKey)).toBe(
      true,
    );
    expect(spans[0]?.resource).toMatchObject({
      'service.name': 'cruddur-backend',
      'k8s.pod.name': 'cruddur-7d9f-abcde',
      'k8s.pod.uid': '6f1c2b7e-0d7e-4c55-9f0e-2a3b4c5d6e7f',
      'k8s.namespace.name': 'cruddur',
      'k8s.node.name': 'node-1',
      'k8s.pod.ip': '10.244.0.12',
      'cruddur.collector.node.name': 'node-1',
    });
    // resource_detection adds the node's host name without overriding the app's own attributes.
    expect(typeof spans[0]?.resource['host.name']).toBe('string');
  });

  it('sends X-Ray valid segments whose trace ids match the spans Honeycomb got', async () => {
    await getMany(service, '/api/activities/@worf', 3);
    const honeycombServer = (
      await honeycomb.waitFor(
        (all) => all.filter((s) => s.name === 'GET /api/activities/@:handle').length >= 3,
      )
    ).filter((s) => s.name === 'GET /api/activities/@:handle');
    const expectedIds = honeycombServer.map(
      (s: ReceivedSpan) => `1-${s.traceId.slice(0, 8)}-${s.traceId.slice(8)}`,
    );
    const deadline = Date.now() + 30_000;
    const segmentsFor = () =>
      xray.segments().filter((segment) => expectedIds.includes(segment.trace_id as string));
    while (
      segmentsFor().filter((s) => s.parent_id === undefined).length < 3 &&
      Date.now() < deadline
    ) {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const roots = segmentsFor().filter((segment) => segment.parent_id === undefined);
    expect(roots).toHaveLength(3);
    for (const segment of roots) {
      expect(segment).toMatchObject({
        name: 'cruddur-backend',
        trace_id: expect.stringMatching(/^1-[0-9a-f]{8}-[0-9a-f]{24}$/),
        id: expect.stringMatching(/^[0-9a-f]{16}$/),
        http: { request: { method: 'GET' }, response: { status: 200 } },
        // The exporter's exporter.xray.allowDot gate (beta, on) keeps dots in annotation keys.
        annotations: expect.objectContaining({
          'app.user_id': 'andrewbrown',
          'http.route': '/api/activities/@:handle',
        }),
      });
      expect(segment.end_time as number).toBeGreaterThanOrEqual(segment.start_time as number);
    }
    const call = xray.calls.find((c) => c.path === '/TraceSegments');
    expect(call?.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLECRUDDUR\//);
    expect(honeycombServer.every((s) => s.kind === SERVER)).toBe(true);
  });
});

describeWith(prerequisites(), 'when the Collector is not there', () => {
  it('serves while the Collector is down at start, and delivers once it is up', async () => {
    const honeycomb = await OtlpReceiver.start();
    const xray = await XRayApi.start();
    const collectorPorts = await ports();
    const service = await startService(serviceEnv(collectorPorts.http));
    let collector: StartedTestContainer | undefined;
    try {
      expect(await getMany(service, '/api/activities/home', 10)).toEqual(Array(10).fill(200));
      collector = await startCollector(
        collectorImage() as string,
        configFor(honeycomb, xray),
        collectorPorts,
        collectorEnv,
      );
      // Spans exported while gRPC is still backing off are dropped (the OTLP/gRPC exporter does
      // not retry UNAVAILABLE), so keep the traffic going until the reconnected channel delivers.
      const arrived = () =>
        honeycomb.spans.some((s) => s.name === 'GET /api/activities/notifications');
      const deadline = Date.now() + 45_000;
      while (!arrived() && Date.now() < deadline) {
        expect((await fetch(`${service.url}/api/activities/notifications`)).status).toBe(200);
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      expect(arrived()).toBe(true);
      expect(service.process.exitCode).toBeNull();
    } finally {
      await service.stop();
      await collector?.stop({ timeout: 1 });
      await honeycomb.stop();
      await xray.stop();
    }
  });
});
