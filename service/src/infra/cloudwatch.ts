import { CloudWatchLogs, type InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import TransportStream from 'winston-transport';
import type { CloudWatchConfig } from '../config.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { runUntraced } from '../diagnostics/untraced.js';
import { LogStream } from './cloudwatch-stream.js';
import { MESSAGE } from './line-transport.js';

/** PutLogEvents' limits: events and bytes per batch (26 bytes counted per event), event size. */
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_MESSAGE_BYTES = 256 * 1024 - EVENT_OVERHEAD_BYTES;

function truncated(message: string): string {
  const bytes = Buffer.from(message);
  // Room for a multi-byte character cut in half, which decodes to U+FFFD (3 bytes).
  return bytes.length <= MAX_MESSAGE_BYTES
    ? message
    : bytes.subarray(0, MAX_MESSAGE_BYTES - 3).toString();
}

/** Takes the oldest events that fit in one PutLogEvents call off the queue. */
function takeBatch(queue: InputLogEvent[]): InputLogEvent[] {
  let bytes = 0;
  let count = 0;
  for (const event of queue.slice(0, MAX_BATCH_EVENTS)) {
    bytes += Buffer.byteLength(event.message ?? '') + EVENT_OVERHEAD_BYTES;
    if (count > 0 && bytes > MAX_BATCH_BYTES) break;
    count += 1;
  }
  return queue.splice(0, count);
}

/**
 * A winston transport that ships JSON lines to the pod's CloudWatch Logs stream, safe to
 * run inside a request-serving process: a bounded queue (oldest dropped first, and
 * counted), uploads on a timer that neither keeps the process alive nor joins a request's
 * trace, a failed batch kept for the next upload, failures reported at a bounded rate.
 */
class CloudWatchLogsTransport extends TransportStream {
  private readonly queue: InputLogEvent[] = [];
  private timer: NodeJS.Timeout | undefined;
  private uploading: Promise<void> | undefined;

  constructor(
    private readonly stream: LogStream,
    private readonly config: CloudWatchConfig,
    private readonly failures: DependencyFailures,
  ) {
    // No format of its own: the logger has serialized the line once for every transport.
    super();
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    this.queue.push({ message: truncated(String(info[MESSAGE])), timestamp: Date.now() });
    this.trim();
    // Created outside the caller's context: the timer would otherwise carry the first
    // request's trace into every upload.
    this.timer ??= runUntraced(() =>
      setInterval(() => void this.upload(), this.config.uploadIntervalMs).unref(),
    );
    next();
  }

  /** Sends the whole queue, batch by batch; joins an upload already under way. */
  upload(): Promise<void> {
    this.uploading ??= runUntraced(() => this.sendQueue()).finally(() => {
      this.uploading = undefined;
    });
    return this.uploading;
  }

  private async sendQueue(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = takeBatch(this.queue);
      try {
        await this.stream.put(batch);
      } catch (error) {
        this.queue.unshift(...batch);
        this.trim();
        this.failures.report('cloudwatch-logs upload', error);
        return;
      }
    }
  }

  private trim(): void {
    const excess = this.queue.length - this.config.maxQueue;
    if (excess <= 0) return;
    this.queue.splice(0, excess);
    this.failures.report(
      'cloudwatch-logs queue',
      new Error(`queue full (${this.config.maxQueue} events); dropped the oldest ${excess}`),
    );
  }
}

export interface CloudWatchTransport {
  transport: TransportStream;
  /** Uploads what is queued, giving up after `timeoutMs`. Never rejects. */
  flush: (timeoutMs: number) => Promise<void>;
}

/**
 * Region, credentials and the endpoint (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL)
 * come from the AWS SDK's usual sources.
 */
export function createCloudWatchTransport(
  config: CloudWatchConfig,
  failures: DependencyFailures,
): CloudWatchTransport {
  const client = new CloudWatchLogs({
    ...(config.region ? { region: config.region } : {}),
    maxAttempts: 3,
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000 },
  });
  const transport = new CloudWatchLogsTransport(
    new LogStream(client, config, failures),
    config,
    failures,
  );
  const flush = async (timeoutMs: number) => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, timeoutMs);
    });
    // The upload under way may have started before the last lines were logged: a second
    // pass sends those.
    const twoPasses = transport.upload().then(() => transport.upload());
    await Promise.race([twoPasses, timeout]);
    clearTimeout(timer);
  };
  return { transport, flush };
}
