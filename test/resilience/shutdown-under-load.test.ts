import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { CloudWatchLogsApi } from '../support/cloudwatch-api';
import { OtlpReceiver } from '../support/otlp-receiver';
import { partialPost } from '../support/partial-post';
import { type RunningService, startService } from '../support/service';
import { pause } from '../support/wait';

jest.setTimeout(60_000);

// The whole shutdown budget: 5 s for requests to drain, then the flush (5 s at most).
const GRACE_SECONDS = 10;
const WORKERS = 8;

interface Outcome {
  traceId: string;
  startedAt: number;
  status?: number;
  error?: string;
}

const traceparent = (traceId: string) => `00-${traceId}-${randomBytes(8).toString('hex')}-01`;

/** One request of the mixed load, in a trace of its own that the client chose. */
async function oneRequest(url: string, post: boolean): Promise<Outcome> {
  const traceId = randomBytes(16).toString('hex');
  const startedAt = performance.now();
  try {
    const response = await fetch(`${url}/api/activities${post ? '' : '/home'}`, {
      method: post ? 'POST' : 'GET',
      headers: { traceparent: traceparent(traceId), 'content-type': 'application/json' },
      ...(post ? { body: JSON.stringify({ message: 'under load', ttl: '1-hour' }) } : {}),
    });
    await response.arrayBuffer();
    return { traceId, startedAt, status: response.status };
  } catch (error) {
    return { traceId, startedAt, error: String((error as Error).cause ?? error) };
  }
}

/** A POST still sending its body, in a trace the test chose. */
function slowPost(url: string) {
  const traceId = randomBytes(16).toString('hex');
  const body = JSON.stringify({ message: 'sent slowly', ttl: '1-hour' });
  return { traceId, ...partialPost(url, body, { traceparent: traceparent(traceId) }) };
}

describe('SIGTERM under load', () => {
  let receiver: OtlpReceiver;
  let cloudWatch: CloudWatchLogsApi;
  let service: RunningService;
  const outcomes: Outcome[] = [];
  let slow: ReturnType<typeof slowPost>[];
  let sigtermAt = 0;
  let exitedAt = 0;
  let exitCode: number | null;

  beforeAll(async () => {
    receiver = await OtlpReceiver.start();
    cloudWatch = await CloudWatchLogsApi.start();
    service = await startService({
      ...receiver.serviceEnv(),
      // Longer than the test: only the shutdown flush can deliver spans and log events.
      OTEL_BSP_SCHEDULE_DELAY: '60000',
      CLOUDWATCH_UPLOAD_INTERVAL_MS: '60000',
      CLOUDWATCH_LOG_GROUP: 'cruddur-shutdown',
      K8S_POD_NAME: 'cruddur-pod',
      AWS_REGION: 'us-east-1',
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'shutdown-test-secret',
      AWS_ENDPOINT_URL_CLOUDWATCH_LOGS: cloudWatch.endpoint,
      AWS_EC2_METADATA_DISABLED: 'true',
      SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS),
    });

    let stopping = false;
    const worker = async (index: number) => {
      for (let i = 0; !stopping; i += 1) {
        const outcome = await oneRequest(service.url, (index + i) % 3 === 0);
        outcomes.push(outcome);
        if (outcome.error && outcome.startedAt > sigtermAt && sigtermAt > 0) return;
      }
    };
    const load = Promise.all(Array.from({ length: WORKERS }, (_, i) => worker(i)));
    await pause(800);
    slow = Array.from({ length: 4 }, () => slowPost(service.url));
    await pause(200);
    // A request sent after the slow POSTs and answered: on a busy machine, a timer alone
    // does not say the service has read their first bytes (until then they are idle
    // connections, which closing the server resets, as it must).
    await new Promise((resolve, reject) => {
      // On a connection of its own, opened after theirs.
      http
        .get(`${service.url}/api/health`, { agent: false }, (res) =>
          res.resume().on('end', resolve),
        )
        .on('error', reject);
    });
    sigtermAt = performance.now();
    const exited = service.stop('SIGTERM');
    await pause(300);
    for (const request of slow) request.finish();
    exitCode = await exited;
    exitedAt = performance.now();
    stopping = true;
    await load;
  });

  afterAll(async () => {
    await receiver.stop();
    await cloudWatch.server.stop();
  });

  /** Trace ids of the requests the service accepted, from its access log. */
  const accepted = () =>
    new Set(
      service
        .stdout()
        .split('\n')
        .filter((line) => line.includes('"message":"request"'))
        .map((line) => (JSON.parse(line) as { trace_id: string }).trace_id),
    );

  it('exits 0 within the grace period', () => {
    expect(exitCode).toBe(0);
    expect(exitedAt - sigtermAt).toBeLessThan(GRACE_SECONDS * 1000);
  });

  it('completes every request it had accepted, including those still sending their body', async () => {
    expect(await Promise.all(slow.map(async (request) => (await request.response).status))).toEqual(
      [200, 200, 200, 200],
    );
    const byTrace = new Map(outcomes.map((outcome) => [outcome.traceId, outcome]));
    const acceptedIds = accepted();
    expect(acceptedIds.size).toBeGreaterThan(50);
    for (const request of slow) expect(acceptedIds.has(request.traceId)).toBe(true);
    const notAnswered = [...acceptedIds].filter((id) => {
      const outcome = byTrace.get(id);
      return outcome !== undefined && outcome.status !== 200;
    });
    expect(notAnswered).toEqual([]);
    // Whatever got an HTTP answer got a 200: no 5xx, no 503 while draining.
    expect(outcomes.filter((o) => o.status !== undefined && o.status !== 200)).toEqual([]);
    // A request the service never read was refused at the connection, never half-answered.
    const failed = outcomes.filter((o) => o.error !== undefined);
    expect(failed.filter((o) => acceptedIds.has(o.traceId))).toEqual([]);
    // And none failed before the shutdown began (a margin for a slow machine).
    expect(failed.every((o) => o.startedAt > sigtermAt - 500)).toBe(true);
  });

  it('has flushed the spans of every accepted request', () => {
    const exported = new Set(
      receiver.spans.filter((span) => span.kind === 2).map((span) => span.traceId),
    );
    expect([...accepted()].filter((id) => !exported.has(id))).toEqual([]);
    const account = service.spanAccount();
    expect(account).toMatchObject({ exporter: 'otlp', failed: 0, dropped: 0 });
    expect(account?.exported).toBe(account?.ended);
  });

  it('has shipped the log events of every accepted request to CloudWatch', () => {
    const events = cloudWatch.events('cruddur-shutdown', 'cruddur-pod');
    const shipped = new Set(
      events.filter((event) => event.message === 'request').map((event) => event.trace_id),
    );
    expect([...accepted()].filter((id) => !shipped.has(id))).toEqual([]);
    const messages = events.map((event) => event.message);
    expect(messages).toContain('shutting down');
    expect(messages.at(-1)).toBe('stopped');
  });
});
