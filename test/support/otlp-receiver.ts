import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import protobuf from 'protobufjs';

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
  protocol: 'grpc' | 'http/protobuf';
  /** gRPC metadata or HTTP headers. */
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

const PROTO = path.join(__dirname, 'otlp', 'trace_service.proto');
/** The same decoded shape from both transports, as proto-loader hands gRPC requests over. */
const DECODE_OPTIONS = { longs: String, bytes: Buffer, defaults: true, oneofs: true };

const traceService = (
  grpc.loadPackageDefinition(protoLoader.loadSync(PROTO, DECODE_OPTIONS)) as unknown as {
    opentelemetry: {
      proto: { collector: { trace: { v1: { TraceService: grpc.ServiceClientConstructor } } } };
    };
  }
).opentelemetry.proto.collector.trace.v1.TraceService;

const exportRequest = protobuf
  .loadSync(PROTO)
  .lookupType('opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest');

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      resolve(request.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body);
    });
    request.on('error', reject);
  });
}

function listenHttp(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve) => {
    server.listen(port, host, () => {
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function listenGrpc(server: grpc.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(`${host}:${port}`, grpc.ServerCredentials.createInsecure(), (error, bound) => {
      if (error) reject(error);
      else resolve(bound);
    });
  });
}

/**
 * A real OTLP trace receiver on 127.0.0.1 (or on `host`, e.g. the local cluster's bridge
 * address, so that pods can reach it), over both transports: OTLP/gRPC and OTLP/HTTP with
 * protobuf bodies. It decodes each ExportTraceServiceRequest off the wire and keeps the
 * spans and the metadata or headers for assertions.
 */
export class OtlpReceiver {
  readonly exports: ReceivedExport[] = [];
  private waiters: (() => void)[] = [];

  private constructor(
    private readonly grpcServer: grpc.Server,
    private readonly httpServer: http.Server,
    readonly host: string,
    readonly grpcPort: number,
    readonly httpPort: number,
  ) {}

  /** gRPC on `port` (0: any free port), OTLP/HTTP on a free port. */
  static async start(port = 0, host = '127.0.0.1'): Promise<OtlpReceiver> {
    const grpcServer = new grpc.Server();
    const httpServer = http.createServer();
    const receiver = new OtlpReceiver(
      grpcServer,
      httpServer,
      host,
      await listenGrpc(grpcServer, port, host),
      await listenHttp(httpServer, 0, host),
    );
    grpcServer.addService(traceService.service, {
      Export: (
        call: grpc.ServerUnaryCall<WireRequest, unknown>,
        callback: grpc.sendUnaryData<{ partialSuccess: null }>,
      ) => {
        const metadata = Object.entries(call.metadata.getMap()).map(
          ([key, value]) => [key, value.toString()] as const,
        );
        receiver.received('grpc', Object.fromEntries(metadata), call.request);
        callback(null, { partialSuccess: null });
      },
    });
    httpServer.on('request', (request: http.IncomingMessage, response: http.ServerResponse) => {
      void readBody(request).then((body) => {
        const decoded = exportRequest.toObject(exportRequest.decode(body), DECODE_OPTIONS);
        const headers = Object.entries(request.headers).map(
          ([key, value]) => [key, String(value)] as const,
        );
        receiver.received('http/protobuf', Object.fromEntries(headers), decoded as WireRequest);
        // An empty ExportTraceServiceResponse: full success.
        response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      });
    });
    return receiver;
  }

  private received(
    protocol: ReceivedExport['protocol'],
    metadata: Record<string, string>,
    request: WireRequest,
  ): void {
    this.exports.push({ protocol, metadata, spans: decode(request) });
    for (const wake of this.waiters.splice(0)) wake();
  }

  /** For OTEL_EXPORTER_OTLP_ENDPOINT with the gRPC protocol, or a Collector's otlp exporter. */
  get grpcEndpoint(): string {
    return `http://${this.host}:${this.grpcPort}`;
  }

  /** For OTEL_EXPORTER_OTLP_ENDPOINT with http/protobuf (traces go to /v1/traces). */
  get httpEndpoint(): string {
    return `http://${this.host}:${this.httpPort}`;
  }

  /** A service that exports here over `protocol` (by default the service's own: HTTP), every 100 ms. */
  serviceEnv(protocol: ReceivedExport['protocol'] = 'http/protobuf'): NodeJS.ProcessEnv {
    return {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: protocol,
      OTEL_EXPORTER_OTLP_ENDPOINT: protocol === 'grpc' ? this.grpcEndpoint : this.httpEndpoint,
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

  async stop(): Promise<void> {
    this.httpServer.closeAllConnections();
    await Promise.all([
      new Promise((resolve) => this.httpServer.close(resolve)),
      new Promise((resolve) => {
        this.grpcServer.tryShutdown(() => {
          resolve(undefined);
        });
      }),
    ]);
  }
}
