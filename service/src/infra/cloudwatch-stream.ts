import type {
  CloudWatchLogs,
  InputLogEvent,
  RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchConfig } from '../config.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

const errorName = (error: unknown) => (error as { name?: unknown }).name;

/** An existing group or stream is the state we want, not a failure. */
async function createIfMissing(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if (errorName(error) !== 'ResourceAlreadyExistsException') throw error;
  }
}

/**
 * The pod's log stream in CloudWatch Logs: created before the first batch and again after
 * CloudWatch says it is gone; its group created only when missing, so that a role with
 * nothing but CreateLogStream and PutLogEvents ships to a group made by infrastructure
 * code; the group's retention set once, if configured. No DescribeLogStreams and no
 * sequence tokens: PutLogEvents no longer needs them, and many pods describing streams
 * before every upload get throttled.
 */
export class LogStream {
  private ready = false;
  private retentionSet = false;

  constructor(
    private readonly client: CloudWatchLogs,
    private readonly config: CloudWatchConfig,
    private readonly failures: DependencyFailures,
  ) {}

  /**
   * Sends one batch (chronological, within PutLogEvents' limits); rejects when it failed,
   * and says which events CloudWatch took the call for but did not store.
   */
  async put(logEvents: InputLogEvent[]): Promise<RejectedLogEventsInfo | undefined> {
    const target = { logGroupName: this.config.logGroup, logStreamName: this.config.logStream };
    if (!this.ready) {
      await this.createStream(target);
      this.setRetention();
      this.ready = true;
    }
    try {
      return (await this.client.putLogEvents({ ...target, logEvents })).rejectedLogEventsInfo;
    } catch (error) {
      if (errorName(error) === 'ResourceNotFoundException') this.ready = false;
      throw error;
    }
  }

  private async createStream(target: { logGroupName: string; logStreamName: string }) {
    try {
      await createIfMissing(() => this.client.createLogStream(target));
    } catch (error) {
      if (errorName(error) !== 'ResourceNotFoundException') throw error;
      await createIfMissing(() =>
        this.client.createLogGroup({ logGroupName: target.logGroupName }),
      );
      await createIfMissing(() => this.client.createLogStream(target));
    }
  }

  private setRetention(): void {
    const days = this.config.retentionDays;
    if (days === undefined || this.retentionSet) return;
    this.retentionSet = true;
    this.client
      .putRetentionPolicy({ logGroupName: this.config.logGroup, retentionInDays: days })
      .catch((error: unknown) => {
        this.retentionSet = false;
        this.failures.report('cloudwatch-logs retention', error);
      });
  }
}
