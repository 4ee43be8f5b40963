import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { pause } from './wait';

export interface Outcome<Phase extends string> {
  traceId: string;
  phase: Phase;
  /** When the request started and how long it took, in ms since the load began. */
  startMs: number;
  durationMs: number;
  status?: number;
  error?: string;
}

/**
 * A bounded load of GET requests over keep-alive connections (one per worker, reused as
 * long as the server keeps them open), each in a fresh trace chosen by the client (a
 * sampled W3C traceparent), so a test can ask which requests' spans were delivered. Each
 * outcome is tagged with the phase the test was in when the request started. Nothing is
 * retried: a request on a connection the server closed under it is a failure.
 */
export class TracedLoad<Phase extends string> {
  readonly outcomes: Outcome<Phase>[] = [];
  /** Connections opened, and requests sent on a connection an earlier request had used. */
  connections = 0;
  reusedRequests = 0;
  private running = true;
  private readonly agent: http.Agent;
  private readonly opened = new WeakSet<object>();
  private readonly workers: Promise<unknown>;
  private readonly began = performance.now();

  constructor(
    url: string,
    public phase: Phase,
    { workers = 4, pauseMs = 10, timeoutMs = 5_000 } = {},
  ) {
    this.agent = new http.Agent({ keepAlive: true, maxSockets: workers });
    const worker = async () => {
      while (this.running) {
        const traceId = randomBytes(16).toString('hex');
        const tagged = this.phase;
        const start = performance.now();
        const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
        const outcome = await this.send(url, traceparent, timeoutMs).then(
          (status) => ({ status }),
          (error: unknown) => ({ error: String(error) }),
        );
        this.outcomes.push({
          traceId,
          phase: tagged,
          startMs: Math.round(start - this.began),
          durationMs: Math.round(performance.now() - start),
          ...outcome,
        });
        await pause(pauseMs);
      }
    };
    this.workers = Promise.all(Array.from({ length: workers }, worker));
  }

  private send(url: string, traceparent: string, timeoutMs: number): Promise<number> {
    return new Promise((resolve, reject) => {
      const request = http.get(url, { agent: this.agent, headers: { traceparent } }, (res) => {
        res.resume();
        res.on('end', () => {
          resolve(res.statusCode ?? 0);
        });
        res.on('error', reject);
      });
      request.setTimeout(timeoutMs, () =>
        request.destroy(new Error(`no answer in ${timeoutMs} ms`)),
      );
      request.on('error', reject);
      request.on('socket', (socket) => {
        if (this.opened.has(socket)) this.reusedRequests += 1;
        else {
          this.opened.add(socket);
          this.connections += 1;
        }
      });
    });
  }

  /** Milliseconds since the load began, to place a test's own events among the outcomes. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.began);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.workers;
    this.agent.destroy();
  }

  traces(phase: Phase): string[] {
    return this.outcomes.filter((o) => o.phase === phase).map((o) => o.traceId);
  }

  failures(): Outcome<Phase>[] {
    return this.outcomes.filter((o) => o.status !== 200);
  }
}
