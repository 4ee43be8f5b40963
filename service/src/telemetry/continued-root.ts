import {
  type Attributes,
  context,
  type Context,
  type Link,
  type SpanKind,
} from '@opentelemetry/api';
import { AWSXRayIdGenerator } from '@opentelemetry/id-generator-aws-xray';
import {
  type IdGenerator,
  type Sampler,
  SamplingDecision,
  type SamplingResult,
} from '@opentelemetry/sdk-trace';
import { callerRoot } from './xray-root.js';

/**
 * X-Ray-compatible ids (epoch seconds first), except that a root span started in a context
 * that carries a caller's Root (telemetry/xray-root.ts) gets that Root as its trace id.
 * The SDK asks for a trace id only for a span without a valid parent, synchronously inside
 * startSpan, and passes it no context: so the server span is started with its extracted
 * context active (http/server-span.ts), and the id is read from there.
 * test/tracing/propagator.test.ts checks this against the SDK.
 */
export class ContinuedRootIdGenerator implements IdGenerator {
  private readonly ids = new AWSXRayIdGenerator();

  generateTraceId(): string {
    return callerRoot(context.active())?.traceId ?? this.ids.generateTraceId();
  }

  generateSpanId(): string {
    return this.ids.generateSpanId();
  }
}

/**
 * For a root span that continues a caller's Root: the caller's `Sampled=1`/`0` decides, as
 * a parent's sampled flag would; without one, `root` (X-Ray rules or the local sampler) does.
 */
export class CallerRootSampler implements Sampler {
  constructor(private readonly root: Sampler) {}

  shouldSample(
    parent: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const sampled = callerRoot(parent)?.sampled;
    if (sampled === undefined)
      return this.root.shouldSample(parent, traceId, spanName, spanKind, attributes, links);
    return {
      decision: sampled ? SamplingDecision.RECORD_AND_SAMPLED : SamplingDecision.NOT_RECORD,
    };
  }

  toString(): string {
    return `CallerRootSampler{${this.root.toString()}}`;
  }
}
