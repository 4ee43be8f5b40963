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

/**
 * A bounded load of GET requests, each in a fresh trace chosen by the client (a sampled
 * W3C traceparent), so a test can ask which requests' spans were delivered. Each outcome is
 * tagged with the phase the test was in when the request started.
 */
export class TracedLoad<Phase extends string> {
  readonly outcomes: Outcome<Phase>[] = [];
  private running = true;
  private readonly workers: Promise<unknown>;
  private readonly began = performance.now();

  constructor(
    url: string,
    public phase: Phase,
    { workers = 4, pauseMs = 10, timeoutMs = 5_000 } = {},
  ) {
    const worker = async () => {
      while (this.running) {
        const traceId = randomBytes(16).toString('hex');
        const tagged = this.phase;
        const start = performance.now();
        const timing = () => ({
          startMs: Math.round(start - this.began),
          durationMs: Math.round(performance.now() - start),
        });
        try {
          const response = await fetch(url, {
            headers: { traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
            signal: AbortSignal.timeout(timeoutMs),
          });
          await response.arrayBuffer();
          this.outcomes.push({ traceId, phase: tagged, status: response.status, ...timing() });
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
