import { RecordingServer } from './recording-server';

export interface SamplingRule {
  RuleName: string;
  Priority: number;
  FixedRate: number;
  ReservoirSize: number;
  URLPath?: string;
}

/** Rules by URL path: the home feed is never sampled, every other request always. */
export const NO_HOME_FEED_RULES: SamplingRule[] = [
  {
    RuleName: 'NoHomeFeed',
    Priority: 1,
    FixedRate: 0,
    ReservoirSize: 0,
    URLPath: '/api/activities/home',
  },
  { RuleName: 'Cruddur', Priority: 9000, FixedRate: 1, ReservoirSize: 0 },
];

export interface XRayCall {
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

/**
 * A local HTTP server speaking the X-Ray API's JSON wire format for the calls this
 * stack makes: PutTraceSegments (POST /TraceSegments), GetSamplingRules and
 * SamplingTargets. It records every call for assertions.
 */
export class XRayApi {
  rules: SamplingRule[] = [];
  /** How many GetSamplingRules calls to refuse first, as X-Ray does in an outage or to a role it denies. */
  failRulesCalls = 0;

  private constructor(private readonly recorder: { server?: RecordingServer }) {}

  static async start(host = '127.0.0.1'): Promise<XRayApi> {
    const recorder: { server?: RecordingServer } = {};
    const api = new XRayApi(recorder);
    recorder.server = await RecordingServer.start((request) => {
      if (request.path === '/GetSamplingRules' && api.failRulesCalls > 0) {
        api.failRulesCalls -= 1;
        return { status: 503, body: { message: 'Service Unavailable' } };
      }
      return { status: 200, body: api.answer(request.path) };
    }, host);
    return api;
  }

  /** Every call so far, with its parsed JSON body. */
  get calls(): XRayCall[] {
    return (this.recorder.server as RecordingServer).requests.map((request) => ({
      path: request.path,
      authorization: request.headers.authorization,
      body: request.raw === '' ? {} : (JSON.parse(request.raw) as Record<string, unknown>),
    }));
  }

  private answer(path: string): unknown {
    switch (path) {
      case '/TraceSegments':
        return { UnprocessedTraceSegments: [] };
      case '/GetSamplingRules':
        return {
          SamplingRuleRecords: this.rules.map((rule) => ({
            CreatedAt: 0,
            ModifiedAt: 1,
            SamplingRule: {
              RuleARN: `arn:aws:xray:us-east-1:123456789012:sampling-rule/${rule.RuleName}`,
              ResourceARN: '*',
              ServiceName: '*',
              ServiceType: '*',
              Host: '*',
              HTTPMethod: '*',
              URLPath: '*',
              Version: 1,
              Attributes: {},
              ...rule,
            },
          })),
        };
      case '/SamplingTargets':
        return { SamplingTargetDocuments: [], LastRuleModification: 1, UnprocessedStatistics: [] };
      default:
        return {};
    }
  }

  get endpoint(): string {
    return (this.recorder.server as RecordingServer).url;
  }

  /** The segment documents received through PutTraceSegments, parsed. */
  segments(): Record<string, unknown>[] {
    return this.calls
      .filter((call) => call.path === '/TraceSegments')
      .flatMap((call) =>
        (call.body.TraceSegmentDocuments as string[]).map(
          (doc) => JSON.parse(doc) as Record<string, unknown>,
        ),
      );
  }

  stop(): Promise<void> {
    return (this.recorder.server as RecordingServer).stop();
  }
}
