import { randomBytes } from 'node:crypto';
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

/** The connection was closed or reset under the request, before any response. */
function closedBeforeAnswer(error: unknown): boolean {
  const code = (error as { cause?: { code?: string } }).cause?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE';
}

/**
 * A bounded load of GET requests, each in a fresh trace chosen by the client (a sampled
 * W3C traceparent), so a test can ask which requests' spans were delivered. Each outcome is
 * tagged with the phase the test was in when the request started.
 */
export class TracedLoad<Phase extends string> {
  readonly outcomes: Outcome<Phase>[] = [];
  /** First attempts retried because the server closed their keep-alive connection. */
  readonly retried: Outcome<Phase>[] = [];
  private running = true;
  private readonly workers: Promise<unknown>;
  private readonly began = performance.now();

  constructor(
    url: string,
    public phase: Phase,
    { workers = 4, pauseMs = 10, timeoutMs = 5_000, retryClosedConnections = false } = {},
  ) {
    const send = async (traceparent: string) => {
      const response = await fetch(url, {
        headers: { traceparent },
        signal: AbortSignal.timeout(timeoutMs),
      });
      await response.arrayBuffer();
      return response.status;
    };
    const worker = async () => {
      while (this.running) {
        const traceId = randomBytes(16).toString('hex');
        const tagged = this.phase;
        const start = performance.now();
        const timing = () => ({
          startMs: Math.round(start - this.began),
          durationMs: Math.round(performance.now() - start),
        });
        const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
        try {
          const status = await send(traceparent).catch((error: unknown) => {
            // A GET is idempotent: like browsers (RFC 9110, 9.2.2), retry it once when the
            // server closed the reused connection before answering, and keep count.
            if (!retryClosedConnections || !closedBeforeAnswer(error)) throw error;
            this.retried.push({ traceId, phase: tagged, error: String(error), ...timing() });
            return send(traceparent);
          });
          this.outcomes.push({ traceId, phase: tagged, status, ...timing() });
        } catch (error) {
          this.outcomes.push({ traceId, phase: tagged, error: String(error), ...timing() });
        }
        await pause(pauseMs);
      }
    };
    this.workers = Promise.all(Array.from({ length: workers }, worker));
  }

  /** Milliseconds since the load began, to place a test's own events among the outcomes. */
  elapsedMs(): number {
    return Math.round(performance.now() - this.began);
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.workers;
  }

  traces(phase: Phase): string[] {
    return this.outcomes.filter((o) => o.phase === phase).map((o) => o.traceId);
  }

  failures(): Outcome<Phase>[] {
    return this.outcomes.filter((o) => o.status !== 200);
  }
}
