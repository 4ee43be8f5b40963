import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

type AttributeValue =
  string | number | boolean | AttributeValue[] | { [key: string]: AttributeValue } | null;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: Record<string, AttributeValue>;
  events: { name: string; attributes: Record<string, AttributeValue> }[];
  status: { code: number; message: string };
  resource: Record<string, AttributeValue>;
  scope: string;
}

export interface ReceivedExport {
  metadata: Record<string, string>;
  spans: ReceivedSpan[];
}

interface WireAnyValue {
  value?: string;
  stringValue?: string;
  boolValue?: boolean;
  intValue?: string;
  doubleValue?: number;
  arrayValue?: { values: WireAnyValue[] };
  kvlistValue?: { values: WireKeyValue[] };
  bytesValue?: Buffer;
}
interface WireKeyValue {
  key: string;
  value?: WireAnyValue;
}
interface WireSpan {
  traceId: Buffer;
  spanId: Buffer;
  parentSpanId: Buffer;
  name: string;
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: WireKeyValue[];
  events: { name: string; attributes: WireKeyValue[] }[];
  status?: { code: number; message: string };
}
interface WireRequest {
  resourceSpans: {
    resource?: { attributes: WireKeyValue[] };
    scopeSpans: { scope?: { name: string }; spans: WireSpan[] }[];
  }[];
}

function anyValue(value: WireAnyValue | undefined): AttributeValue {
  if (!value?.value) return null;
  switch (value.value) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue':
      return Number(value.intValue);
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(anyValue);
    case 'kvlistValue':
      return attributes(value.kvlistValue?.values ?? []);
    case 'bytesValue':
      return value.bytesValue?.toString('hex') ?? '';
    default:
      return null;
  }
}

function attributes(list: WireKeyValue[]): Record<string, AttributeValue> {
  return Object.fromEntries(list.map((kv) => [kv.key, anyValue(kv.value)]));
}

function decode(request: WireRequest): ReceivedSpan[] {
  return request.resourceSpans.flatMap((resourceSpans) => {
    const resource = attributes(resourceSpans.resource?.attributes ?? []);
    return resourceSpans.scopeSpans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        traceId: span.traceId.toString('hex'),
        spanId: span.spanId.toString('hex'),
        parentSpanId: span.parentSpanId.toString('hex'),
        name: span.name,
        kind: span.kind,
        startTimeUnixNano: BigInt(span.startTimeUnixNano),
        endTimeUnixNano: BigInt(span.endTimeUnixNano),
        attributes: attributes(span.attributes),
        events: span.events.map((event) => ({
          name: event.name,
          attributes: attributes(event.attributes),
        })),
        status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
        resource,
        scope: scopeSpans.scope?.name ?? '',
      })),
    );
  });
}

const definition = protoLoader.loadSync(path.join(__dirname, 'otlp', 'trace_service.proto'), {
  longs: String,
  bytes: Buffer,
  defaults: true,
  oneofs: true,
});
const traceService = (
  grpc.loadPackageDefinition(definition) as unknown as {
    opentelemetry: {
      proto: { collector: { trace: { v1: { TraceService: grpc.ServiceClientConstructor } } } };
    };
  }
).opentelemetry.proto.collector.trace.v1.TraceService;

/**
 * A real OTLP/gRPC trace receiver on 127.0.0.1 (or on `host`, e.g. the local cluster's
 * bridge address, so that pods can reach it): it decodes each ExportTraceServiceRequest
 * off the wire and keeps the spans and the call metadata (headers) for assertions.
 */
export class OtlpReceiver {
  readonly exports: ReceivedExport[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly server: grpc.Server,
    readonly port: number,
    readonly host: string,
  ) {}

  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpReceiver> {
    const server = new grpc.Server();
    const bound = await new Promise<number>((resolve, reject) => {
      server.bindAsync(
        `${host}:${port}`,
        grpc.ServerCredentials.createInsecure(),
        (error, actual) => {
          if (error) reject(error);
          else resolve(actual);
        },
      );
    });
    const receiver = new OtlpReceiver(server, bound, host);
    server.addService(traceService.service, {
      Export: (
        call: grpc.ServerUnaryCall<WireRequest, unknown>,
        callback: grpc.sendUnaryData<{ partialSuccess: null }>,
      ) => {
        const metadata = Object.fromEntries(
          Object.entries(call.metadata.getMap()).map(([key, value]) => [key, value.toString()]),
        );
        receiver.exports.push({ metadata, spans: decode(call.request) });
        for (const wake of receiver.waiters.splice(0)) wake();
        callback(null, { partialSuccess: null });
      },
    });
    return receiver;
  }

  get endpoint(): string {
    return `http://${this.host}:${this.port}`;
  }

  /** The environment of a service that exports its spans here, in batches every 100 ms. */
  get serviceEnv(): NodeJS.ProcessEnv {
    return {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_ENDPOINT: this.endpoint,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
  }

  get spans(): ReceivedSpan[] {
    return this.exports.flatMap((received) => received.spans);
  }

  /** Resolves with all spans once `ready(spans)` holds; rejects after `timeoutMs`. */
  async waitFor(
    ready: (spans: ReceivedSpan[]) => boolean,
    timeoutMs = 10_000,
  ): Promise<ReceivedSpan[]> {
    const deadline = Date.now() + timeoutMs;
    while (!ready(this.spans)) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `OTLP receiver: condition not met in ${timeoutMs} ms; got ${this.spans.map((s) => s.name).join(', ')}`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 250));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.spans;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      this.server.tryShutdown(() => {
        resolve();
      });
    });
  }
}
