import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SamplingRule {
  RuleName: string;
  Priority: number;
  FixedRate: number;
  ReservoirSize: number;
  URLPath?: string;
}

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
  readonly calls: XRayCall[] = [];
  rules: SamplingRule[] = [];

  private constructor(private readonly server: http.Server) {}

  static async start(): Promise<XRayApi> {
    const server = http.createServer();
    const api = new XRayApi(server);
    server.on('request', (req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const body = raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
        api.calls.push({ path: req.url ?? '', authorization: req.headers.authorization, body });
        res.setHeader('Content-Type', 'application/json');
        res.end(JSON.stringify(api.answer(req.url ?? '')));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return api;
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
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
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
    this.server.closeAllConnections();
    return new Promise((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
