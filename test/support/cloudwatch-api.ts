import { RecordingServer, type Reply } from './recording-server';

export interface PutLogEventsCall {
  logGroupName: string;
  logStreamName: string;
  logEvents: { message: string; timestamp: number }[];
}

const SERVICE = 'Logs_20140328.';
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** How CloudWatch fails a call: its error type and HTTP status. */
const FAILURES = {
  ThrottlingException: 400,
  ServiceUnavailableException: 503,
  InvalidParameterException: 400,
  AccessDeniedException: 400,
} as const;
export type Failure = keyof typeof FAILURES;

function error(type: string, message: string, status = 400): Reply {
  return { status, headers: { 'x-amzn-ErrorType': type }, body: { __type: type, message } };
}

/** Why CloudWatch refuses a whole PutLogEvents batch, or undefined when it is valid. */
function invalidBatch(events: PutLogEventsCall['logEvents']): string | undefined {
  const bytes = events.reduce((sum, e) => sum + Buffer.byteLength(e.message) + 26, 0);
  if (events.length > 10_000 || bytes > 1_048_576) return 'batch over the size limits';
  const times = events.map((e) => e.timestamp);
  if (times.some((t, i) => i > 0 && t < (times[i - 1] ?? t)))
    return 'Log events in a single PutLogEvents request must be in chronological order.';
  if (Math.max(...times) - Math.min(...times) > DAY_MS)
    return 'The batch of log events in a single PutLogEvents request cannot span more than 24 hours.';
  return undefined;
}

/**
 * CloudWatch Logs' JSON 1.1 API (X-Amz-Target: Logs_20140328.<Operation>) for the calls a
 * log shipper makes, with real group/stream state, error types and PutLogEvents rules: a
 * batch out of time order, over 24 hours or over the limits is refused whole; events older
 * than 14 days or the group's retention, or over 2 hours ahead, are left out and reported
 * in rejectedLogEventsInfo. `failNext` makes the next PutLogEvents calls fail with
 * `failWith` (throttling by default); operations in `denied` fail as a role without them.
 */
export class CloudWatchLogsApi {
  readonly groups = new Map<string, Map<string, { message: string; timestamp: number }[]>>();
  readonly retentionDays = new Map<string, number>();
  readonly denied = new Set<string>();
  failNext = 0;
  failWith: Failure = 'ThrottlingException';

  private constructor(private readonly recorder: { server?: RecordingServer }) {}

  static async start(): Promise<CloudWatchLogsApi> {
    const recorder: { server?: RecordingServer } = {};
    const api = new CloudWatchLogsApi(recorder);
    recorder.server = await RecordingServer.start((request) => {
      const operation = String(request.headers['x-amz-target'] ?? '').replace(SERVICE, '');
      return api.handle(operation, JSON.parse(request.raw || '{}') as Record<string, unknown>);
    });
    return api;
  }

  get server(): RecordingServer {
    return this.recorder.server as RecordingServer;
  }

  get endpoint(): string {
    return this.server.url;
  }

  /** The operations called, in order. */
  operations(): string[] {
    return this.server.requests.map((r) =>
      String(r.headers['x-amz-target'] ?? '').replace(SERVICE, ''),
    );
  }

  /** Every event delivered to a stream, parsed as the JSON lines the service sends. */
  events(group: string, stream: string): Record<string, unknown>[] {
    return (this.groups.get(group)?.get(stream) ?? []).map(
      (event) => JSON.parse(event.message) as Record<string, unknown>,
    );
  }

  private handle(operation: string, input: Record<string, unknown>): Reply {
    const groupName = input.logGroupName as string;
    const group = this.groups.get(groupName);
    if (this.denied.has(operation))
      return error('AccessDeniedException', `not authorized to perform: logs:${operation}`);
    switch (operation) {
      case 'CreateLogGroup':
        if (group)
          return error('ResourceAlreadyExistsException', 'The specified log group already exists');
        this.groups.set(groupName, new Map());
        return { status: 200, body: {} };
      case 'PutRetentionPolicy':
        if (!group) return error('ResourceNotFoundException', 'no group');
        this.retentionDays.set(groupName, input.retentionInDays as number);
        return { status: 200, body: {} };
      case 'DescribeLogStreams': {
        if (!group)
          return error('ResourceNotFoundException', 'The specified log group does not exist.');
        const prefix = (input.logStreamNamePrefix as string | undefined) ?? '';
        const logStreams = [...group.keys()]
          .filter((name) => name.startsWith(prefix))
          .map((logStreamName) => ({ logStreamName, creationTime: Date.now() }));
        return { status: 200, body: { logStreams } };
      }
      case 'CreateLogStream': {
        if (!group)
          return error('ResourceNotFoundException', 'The specified log group does not exist.');
        const name = input.logStreamName as string;
        if (group.has(name))
          return error('ResourceAlreadyExistsException', 'The specified log stream already exists');
        group.set(name, []);
        return { status: 200, body: {} };
      }
      case 'PutLogEvents': {
        if (this.failNext > 0) {
          this.failNext -= 1;
          return error(
            this.failWith,
            `${this.failWith} (the stand-in was told to fail)`,
            FAILURES[this.failWith],
          );
        }
        const call = input as unknown as PutLogEventsCall;
        const stream = group?.get(call.logStreamName);
        if (!stream)
          return error('ResourceNotFoundException', 'The specified log stream does not exist.');
        const invalid = invalidBatch(call.logEvents);
        if (invalid) return error('InvalidParameterException', invalid);
        return {
          status: 200,
          body: this.store(stream, call.logEvents, this.retentionDays.get(groupName)),
        };
      }
      default:
        return error('UnknownOperationException', `not served here: ${operation}`);
    }
  }

  /** Stores the events CloudWatch would take, and says which it left out (the batch is in time order). */
  private store(
    stream: PutLogEventsCall['logEvents'],
    events: PutLogEventsCall['logEvents'],
    retentionDays: number | undefined,
  ): Record<string, unknown> {
    const now = Date.now();
    const lastIndex = (test: (t: number) => boolean) =>
      events.reduce((last, e, i) => (test(e.timestamp) ? i : last), -1);
    const tooOld = lastIndex((t) => t < now - 14 * DAY_MS);
    const expired =
      retentionDays === undefined ? -1 : lastIndex((t) => t < now - retentionDays * DAY_MS);
    const tooNew = events.findIndex((e) => e.timestamp > now + 2 * HOUR_MS);
    const end = tooNew < 0 ? events.length : tooNew;
    stream.push(...events.slice(Math.max(tooOld, expired) + 1, end));
    const info = {
      ...(tooOld >= 0 ? { tooOldLogEventEndIndex: tooOld } : {}),
      ...(expired >= 0 ? { expiredLogEventEndIndex: expired } : {}),
      ...(tooNew >= 0 ? { tooNewLogEventStartIndex: tooNew } : {}),
    };
    return Object.keys(info).length > 0 ? { rejectedLogEventsInfo: info } : {};
  }
}
