import { RecordingServer, type Reply } from './recording-server';

export interface PutLogEventsCall {
  logGroupName: string;
  logStreamName: string;
  logEvents: { message: string; timestamp: number }[];
}

const SERVICE = 'Logs_20140328.';

function error(type: string, message: string): Reply {
  return { status: 400, headers: { 'x-amzn-ErrorType': type }, body: { __type: type, message } };
}

/**
 * CloudWatch Logs' JSON 1.1 API (X-Amz-Target: Logs_20140328.<Operation>) for the calls a
 * log shipper makes, with real group/stream state and error types. `failNext` makes the
 * next PutLogEvents calls fail the way CloudWatch throttles.
 */
export class CloudWatchLogsApi {
  readonly groups = new Map<string, Map<string, { message: string; timestamp: number }[]>>();
  failNext = 0;

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
    switch (operation) {
      case 'CreateLogGroup':
        if (group)
          return error('ResourceAlreadyExistsException', 'The specified log group already exists');
        this.groups.set(groupName, new Map());
        return { status: 200, body: {} };
      case 'PutRetentionPolicy':
        return group ? { status: 200, body: {} } : error('ResourceNotFoundException', 'no group');
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
          return error('ThrottlingException', 'Rate exceeded');
        }
        const call = input as unknown as PutLogEventsCall;
        const stream = group?.get(call.logStreamName);
        if (!stream)
          return error('ResourceNotFoundException', 'The specified log stream does not exist.');
        stream.push(...call.logEvents);
        return { status: 200, body: {} };
      }
      default:
        return error('UnknownOperationException', `not served here: ${operation}`);
    }
  }
}
