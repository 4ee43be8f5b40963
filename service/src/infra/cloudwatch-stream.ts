import {
  type CloudWatchLogs,
  PutLogEventsCommand,
  type RejectedLogEventsInfo,
} from '@aws-sdk/client-cloudwatch-logs';
import type { CloudWatchConfig } from '../config.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

const errorName = (error: unknown) => (error as { name?: unknown }).name;

/**
 * The call's body in place of what the SDK serialized, before it is signed: the build step
 * of the SDK's middleware stack, its public way to change a request.
 */
const BODY_STEP = { step: 'build', priority: 'high', name: 'cruddurLogEventsBody' } as const;
/** The end of PutLogEvents' JSON body, after its events. */
const BODY_TAIL = Buffer.from(']}');

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
  private readonly target: { logGroupName: string; logStreamName: string };
  /** PutLogEvents' JSON body up to its events. */
  private readonly head: Buffer;

  constructor(
    private readonly client: CloudWatchLogs,
    private readonly config: CloudWatchConfig,
    private readonly failures: DependencyFailures,
  ) {
    this.target = { logGroupName: config.logGroup, logStreamName: config.logStream };
    this.head = Buffer.from(`${JSON.stringify(this.target).slice(0, -1)},"logEvents":[`);
  }

  /**
   * Sends one batch, its events already encoded (cloudwatch-batch.ts: chronological, within
   * PutLogEvents' limits) as the body; the command itself carries no events, so that the
   * SDK does not serialize them again. Rejects when it failed, and says which events
   * CloudWatch took the call for but did not store.
   */
  async put(events: Buffer): Promise<RejectedLogEventsInfo | undefined> {
    if (!this.ready) {
      await this.createStream(this.target);
      this.setRetention();
      this.ready = true;
    }
    const command = new PutLogEventsCommand({ ...this.target, logEvents: [] });
    const body = Buffer.concat([this.head, events, BODY_TAIL]);
    command.middlewareStack.add(
      (next) => (args) => {
        (args.request as { body: unknown }).body = body;
        return next(args);
      },
      BODY_STEP,
    );
    try {
      return (await this.client.send(command)).rejectedLogEventsInfo;
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
