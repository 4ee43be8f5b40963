import type { CloudWatchLogs, InputLogEvent } from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchConfig } from '../config.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

/** An existing group or stream is the state we want, not a failure. */
async function createIfMissing(create: () => Promise<unknown>): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { name?: unknown }).name !== 'ResourceAlreadyExistsException') throw error;
  }
}

/**
 * The pod's log stream in CloudWatch Logs: created (with its group) before the first batch
 * and again after CloudWatch says it is gone; the group's retention set once. No
 * DescribeLogStreams and no sequence tokens: PutLogEvents no longer needs them, and many
 * pods describing streams before every upload get throttled.
 */
export class LogStream {
  private ready = false;
  private retentionSet = false;

  constructor(
    private readonly client: CloudWatchLogs,
    private readonly config: CloudWatchConfig,
    private readonly failures: DependencyFailures,
  ) {}

  /** Sends one batch (chronological, within PutLogEvents' limits); rejects when it failed. */
  async put(logEvents: InputLogEvent[]): Promise<void> {
    const target = { logGroupName: this.config.logGroup, logStreamName: this.config.logStream };
    if (!this.ready) {
      await createIfMissing(() =>
        this.client.createLogGroup({ logGroupName: target.logGroupName }),
      );
      this.setRetention();
      await createIfMissing(() => this.client.createLogStream(target));
      this.ready = true;
    }
    try {
      await this.client.putLogEvents({ ...target, logEvents });
    } catch (error) {
      if ((error as { name?: unknown }).name === 'ResourceNotFoundException') this.ready = false;
      throw error;
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
