import {
  CloudWatchLogs,
  type CreateLogGroupCommandInput,
  type CreateLogStreamCommandInput,
  type DescribeLogStreamsCommandInput,
  type DescribeLogStreamsCommandOutput,
  type PutLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import WinstonCloudWatch from 'winston-cloudwatch';
import type { CloudWatchConfig } from '../config.js';
import { runUntraced } from '../diagnostics/untraced.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

type Callback<T> = (error: Error | null, data?: T) => void;
interface LogEvent {
  message: string;
  timestamp: number;
}

/** The parts of winston-cloudwatch's transport that its type declarations leave out. */
interface TransportInternals {
  logEvents: LogEvent[];
  intervalId: NodeJS.Timeout | null;
  flushTimeout?: number;
  add: (info: unknown) => void;
}

function settle<T>(promise: Promise<T>, callback: Callback<T>): void {
  promise.then(
    (data) => {
      callback(null, data);
    },
    (error: unknown) => {
      callback(error instanceof Error ? error : new Error(String(error)));
    },
  );
}

/**
 * The CloudWatch Logs client as winston-cloudwatch calls it (callback style), with three
 * changes: once the stream is known to exist, DescribeLogStreams is answered from memory
 * (the library asks twice before every upload, which throttles with many pods); a failed
 * batch goes back to the queue once instead of being retried four times at once and then
 * dropped; and every call runs untraced.
 */
class CloudWatchLogsAdapter {
  private streamKnown = false;
  private retentionSet = false;
  private readonly failedBatches = new WeakMap<PutLogEventsCommandInput, Error>();

  constructor(
    private readonly client: CloudWatchLogs,
    private readonly config: CloudWatchConfig,
    private readonly requeue: (events: LogEvent[]) => void,
    private readonly failures: DependencyFailures,
  ) {}

  describeLogStreams(
    params: DescribeLogStreamsCommandInput,
    callback: Callback<Partial<DescribeLogStreamsCommandOutput>>,
  ): void {
    if (this.streamKnown) {
      const logStreams = params.logStreamNamePrefix
        ? [{ logStreamName: this.config.logStream }]
        : [];
      callback(null, { logStreams });
      return;
    }
    const call = runUntraced(() => this.client.describeLogStreams(params));
    settle(call, (error, data) => {
      if (!error) {
        this.ensureRetention();
        if (data?.logStreams?.some((s) => s.logStreamName === this.config.logStream))
          this.streamKnown = true;
      }
      callback(error, data);
    });
  }

  createLogGroup(params: CreateLogGroupCommandInput, callback: Callback<unknown>): void {
    settle(
      runUntraced(() => this.client.createLogGroup(params)),
      callback,
    );
  }

  createLogStream(params: CreateLogStreamCommandInput, callback: Callback<unknown>): void {
    settle(
      runUntraced(() => this.client.createLogStream(params)),
      callback,
    );
  }

  putLogEvents(params: PutLogEventsCommandInput, callback: Callback<unknown>): void {
    const earlier = this.failedBatches.get(params);
    if (earlier) {
      // The library's immediate retry of a batch that is already back in the queue.
      callback(earlier);
      return;
    }
    settle(
      runUntraced(() => this.client.putLogEvents(params)),
      (error, data) => {
        if (error?.name === 'ResourceNotFoundException') {
          // The stream (or group) is gone; the library re-creates it and resends this batch.
          this.streamKnown = false;
        } else if (error) {
          this.failedBatches.set(params, error);
          this.requeue((params.logEvents ?? []) as LogEvent[]);
        }
        callback(error, data);
      },
    );
  }

  private ensureRetention(): void {
    const days = this.config.retentionDays;
    if (days === undefined || this.retentionSet) return;
    this.retentionSet = true;
    runUntraced(() =>
      this.client.putRetentionPolicy({ logGroupName: this.config.logGroup, retentionInDays: days }),
    ).catch((error: unknown) => {
      this.retentionSet = false;
      this.failures.report('cloudwatch-logs retention', error);
    });
  }
}

export interface CloudWatchTransport {
  transport: WinstonCloudWatch;
  /** Uploads what is queued, giving up after `timeoutMs`. Never rejects. */
  flush: (timeoutMs: number) => Promise<void>;
}

/**
 * winston-cloudwatch, made safe to run inside a request-serving process: a bounded queue
 * (oldest events dropped first, and counted), an upload timer that neither keeps the
 * process alive nor inherits the first request's trace, failures reported to stderr at a
 * bounded rate, and a bounded flush for shutdown. Region, credentials and the endpoint
 * (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS / AWS_ENDPOINT_URL) come from the AWS SDK's usual
 * sources.
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
  const transport = new WinstonCloudWatch({
    logGroupName: config.logGroup,
    logStreamName: config.logStream,
    retentionInDays: 0,
    uploadRate: config.uploadIntervalMs,
    jsonMessage: true,
    errorHandler: (error) => {
      failures.report('cloudwatch-logs upload', error);
    },
  });
  const internals = transport as unknown as TransportInternals;
  // The queue is kept in logging order. The library re-sorts it before each upload with a
  // comparator that reverses events logged in the same millisecond; sort stably instead.
  const sort = Array.prototype.sort as (
    this: LogEvent[],
    compare: (a: LogEvent, b: LogEvent) => number,
  ) => LogEvent[];
  Object.defineProperty(internals.logEvents, 'sort', {
    value(this: LogEvent[]) {
      return sort.call(this, (a, b) => a.timestamp - b.timestamp);
    },
  });

  const trim = () => {
    const excess = internals.logEvents.length - config.maxQueue;
    if (excess <= 0) return;
    internals.logEvents.splice(0, excess);
    failures.report(
      'cloudwatch-logs queue',
      new Error(`queue full (${config.maxQueue} events); dropped the oldest ${excess}`),
    );
  };

  const adapter = new CloudWatchLogsAdapter(
    client,
    config,
    (events) => {
      internals.logEvents.unshift(...events);
      trim();
    },
    failures,
  );
  (transport as unknown as { cloudwatchlogs: unknown }).cloudwatchlogs = adapter;

  const add = internals.add.bind(transport);
  internals.add = (info) => {
    if (internals.intervalId) {
      add(info);
    } else {
      // This add creates the upload timer, which keeps the caller's async context.
      runUntraced(() => {
        add(info);
      });
    }
    internals.intervalId?.unref();
    trim();
  };

  const flush = (timeoutMs: number) =>
    new Promise<void>((resolve) => {
      internals.flushTimeout = Date.now() + timeoutMs;
      runUntraced(() => {
        // Typed as always failing, but called with nothing once the queue is empty.
        transport.kthxbye((error?: Error) => {
          if (error) failures.report('cloudwatch-logs flush', error);
          resolve();
        });
      });
    });

  return { transport, flush };
}
