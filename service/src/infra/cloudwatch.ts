import { CloudWatchLogs, type RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchConfig } from '../config.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { runUntraced } from '../diagnostics/untraced.js';
import { rejected, retryable } from './cloudwatch-outcome.js';
import { LogQueue } from './cloudwatch-queue.js';
import { LogStream } from './cloudwatch-stream.js';

/** A failure that says how many events it cost, under the original error's name. */
function droppedBatch(error: unknown, count: number): Error {
  const { name = 'Error', message = String(error) } = error as Partial<Error>;
  return Object.assign(new Error(`${count} events dropped, not retried: ${message}`), { name });
}

/**
 * Ships the logger's JSON lines (as it made them, for stdout) to the pod's CloudWatch Logs
 * stream, safe to run inside a request-serving process: a bounded queue (oldest dropped
 * first, and counted) of valid batches (cloudwatch-batch.ts), uploads on a timer that
 * neither keeps the process alive nor joins a request's trace, and as soon as a batch is
 * full; a batch that failed for the moment kept for the next upload and one CloudWatch
 * refused dropped (cloudwatch-outcome.ts), events it rejected counted, failures reported at
 * a bounded rate.
 *
 * Uploads send sealed batches only: full ones, and on the timer (or at shutdown) what was
 * queued then. Lines logged during a call had followed it in calls of a few dozen events,
 * one after another, and under load each call's fixed cost (the SDK's middleware, signing,
 * a request) made shipping cost as much CPU per request as tracing it (docs/performance.md).
 * Not a winston transport: a second transport costs each line a trip through a stream.
 */
class CloudWatchShipper {
  private readonly queue: LogQueue;
  private timer: NodeJS.Timeout | undefined;
  private uploading: Promise<void> | undefined;

  constructor(
    private readonly stream: LogStream,
    private readonly config: CloudWatchConfig,
    private readonly failures: DependencyFailures,
    private readonly now: () => number,
  ) {
    this.queue = new LogQueue(config.maxQueue, {
      full: () => void this.upload(),
      dropped: (count) => {
        this.reportDropped(count);
      },
    });
  }

  ship(line: string): void {
    this.queue.push(line, this.now());
    // Created outside the caller's context: the timer would otherwise carry the first
    // request's trace into every upload.
    this.timer ??= runUntraced(() =>
      setInterval(() => void this.uploadAll(), this.config.uploadIntervalMs).unref(),
    );
  }

  /** Sends everything queued (on the timer, and at shutdown); joins an upload already under way. */
  uploadAll(): Promise<void> {
    this.queue.seal();
    return this.upload();
  }

  /** Sends the sealed batches, those sealed meanwhile too; joins an upload already under way. */
  private upload(): Promise<void> {
    this.uploading ??= runUntraced(() => this.sendQueue()).finally(() => {
      this.uploading = undefined;
    });
    return this.uploading;
  }

  private async sendQueue(): Promise<void> {
    for (let batch = this.queue.take(); batch; batch = this.queue.take()) {
      try {
        this.reportRejected(await this.stream.put(batch.events()), batch.length);
      } catch (error) {
        if (!retryable(error)) {
          this.failures.report('cloudwatch-logs batch', droppedBatch(error, batch.length));
          continue;
        }
        this.queue.putBack(batch);
        this.failures.report('cloudwatch-logs upload', error);
        return;
      }
    }
  }

  /** Events CloudWatch will never take (too old, expired, too far ahead) are not sent again. */
  private reportRejected(info: RejectedLogEventsInfo | undefined, size: number): void {
    const { count, reasons } = rejected(info, size);
    if (count === 0) return;
    this.failures.report(
      'cloudwatch-logs rejected',
      new Error(`CloudWatch stored ${size - count} of ${size} events: ${reasons.join(', ')}`),
    );
  }

  /** A string, not an Error: a full queue drops one event per line, and an Error's stack costs µs. */
  private reportDropped(count: number): void {
    if (count === 0) return;
    this.failures.report(
      'cloudwatch-logs queue',
      `queue full (${this.config.maxQueue} events); dropped the oldest ${count}`,
    );
  }
}

export interface CloudWatchShipping {
  /** Takes one JSON line (the logger's `ship` option). */
  ship: (line: string) => void;
  /** Uploads what is queued, giving up after `timeoutMs`. Never rejects. */
  flush: (timeoutMs: number) => Promise<void>;
}

/**
 * Region, credentials and the endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL)
 * come from the AWS SDK's usual sources. `now` stamps each line (tests set the clock).
 */
export function createCloudWatchShipping(
  config: CloudWatchConfig,
  failures: DependencyFailures,
  now: () => number = Date.now,
): CloudWatchShipping {
  const client = new CloudWatchLogs({
    ...(config.region ? { region: config.region } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  const shipper = new CloudWatchShipper(
    new LogStream(client, config, failures),
    config,
    failures,
    now,
  );
  const flush = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    // The upload under way may have started before the last lines were logged: a second
    // pass sends those.
    const twoPasses = shipper.uploadAll().then(() => shipper.uploadAll());
    await Promise.race([twoPasses, timeout]);
    clearTimeout(timer);
  };
  return {
    ship: (line) => {
      shipper.ship(line);
    },
    flush,
  };
}
