import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  trace,
  TraceFlags,
} from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { type ReadableSpan, TracerProvider } from '@opentelemetry/sdk-trace';
import { parseConfig } from '../../service/src/config';
import { ContinuedRootIdGenerator } from '../../service/src/telemetry/continued-root';
import { createPropagator } from '../../service/src/telemetry/propagation';
import { createSampler } from '../../service/src/telemetry/sampler';

const spanContext = {
  traceId: '6b061bcb455e26f4ee40d579b6498c3a',
  spanId: '53995c3f42cd8ad8',
  traceFlags: TraceFlags.SAMPLED,
};

describe('the composite propagator', () => {
  const propagator = createPropagator();

  it('writes both a W3C traceparent and an X-Amzn-Trace-Id on outgoing calls', () => {
    const carrier: Record<string, string> = {};
    const ctx = propagation.setBaggage(
      trace.setSpanContext(ROOT_CONTEXT, spanContext),
      propagation.createBaggage({ tenant: { value: 'cruddur' } }),
    );
    propagator.inject(ctx, carrier, {
      set: (c: Record<string, string>, k: string, v: string) => {
        c[k] = v;
      },
    });
    expect(carrier).toMatchObject({
      traceparent: '00-6b061bcb455e26f4ee40d579b6498c3a-53995c3f42cd8ad8-01',
      'x-amzn-trace-id':
        'Root=1-6b061bcb-455e26f4ee40d579b6498c3a;Parent=53995c3f42cd8ad8;Sampled=1',
      baggage: 'tenant=cruddur',
    });
  });

  it('reads either header', () => {
    const getter = {
      get: (c: Record<string, string>, k: string) => c[k],
      keys: (c: Record<string, string>) => Object.keys(c),
    };
    const fromXray = propagator.extract(
      context.active(),
      {
        'x-amzn-trace-id':
          'Root=1-6b061bcb-455e26f4ee40d579b6498c3a;Parent=53995c3f42cd8ad8;Sampled=1',
      },
      getter,
    );
    expect(trace.getSpanContext(fromXray)).toMatchObject({ ...spanContext, isRemote: true });
    const fromW3c = propagator.extract(
      context.active(),
      { traceparent: '00-6b061bcb455e26f4ee40d579b6498c3a-53995c3f42cd8ad8-01' },
      getter,
    );
    expect(trace.getSpanContext(fromW3c)).toMatchObject({ ...spanContext, isRemote: true });
  });
});

/**
 * What an ALB (or API Gateway without tracing) sends: a Root and no Parent. The server span
 * is started as http/server-span.ts starts it, against the real SDK, so this also holds the
 * SDK to what telemetry/continued-root.ts relies on (the trace id is asked for inside
 * startSpan, with the extracted context active).
 */
describe('a caller’s X-Ray Root without a Parent', () => {
  const root = '67891233abcdef012345678912345678';
  const header = `Root=1-${root.slice(0, 8)}-${root.slice(8)}`;
  const propagator = createPropagator();
  const getter = {
    get: (c: Record<string, string>, k: string) => c[k],
    keys: (c: Record<string, string>) => Object.keys(c),
  };
  const manager = new AsyncLocalStorageContextManager();

  beforeAll(() => context.setGlobalContextManager(manager.enable()));
  afterAll(() => {
    context.disable();
  });

  function serverSpan(headers: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
    const telemetry = parseConfig(env).telemetry;
    const provider = new TracerProvider({
      idGenerator: new ContinuedRootIdGenerator(),
      sampler: createSampler(telemetry, resourceFromAttributes({})),
    });
    const parent = propagator.extract(ROOT_CONTEXT, headers, getter);
    const tracer = provider.getTracer('test');
    return context.with(
      parent,
      () => tracer.startSpan('GET', { kind: SpanKind.SERVER }) as unknown as ReadableSpan,
    );
  }
  const sampled = (span: ReadableSpan) =>
    (span.spanContext().traceFlags & TraceFlags.SAMPLED) !== 0;

  it.each([
    ['Root only', header],
    ['Root after an ALB’s Self', `Self=1-67891234-123456789abcdef012345678;${header}`],
    ['Root and Sampled=1', `${header};Sampled=1`],
  ])('continues the trace with the server span as its root: %s', (_, value) => {
    const span = serverSpan({ 'x-amzn-trace-id': value });
    expect(span.spanContext().traceId).toBe(root);
    expect(span.parentSpanContext).toBeUndefined();
    expect(sampled(span)).toBe(true);
  });

  it('respects Sampled=0, and Sampled=1 over a local sampler that samples nothing', () => {
    const unsampled = serverSpan({ 'x-amzn-trace-id': `${header};Sampled=0` });
    expect(unsampled.spanContext().traceId).toBe(root);
    expect(sampled(unsampled)).toBe(false);
    const env = { OTEL_TRACES_SAMPLER: 'parentbased_always_off' };
    expect(sampled(serverSpan({ 'x-amzn-trace-id': `${header};Sampled=1` }, env))).toBe(true);
    expect(sampled(serverSpan({ 'x-amzn-trace-id': header }, env))).toBe(false);
  });

  it.each(['Root=1-67891233-abcdef01234567891234567', 'Root=1-00000000-000000000000000000000000'])(
    'starts a new trace for a malformed Root (%s)',
    (value) => {
      const span = serverSpan({ 'x-amzn-trace-id': value });
      expect(span.spanContext().traceId).toMatch(/^[0-9a-f]{32}$/);
      expect(span.spanContext().traceId).not.toBe(root);
      expect(span.spanContext().traceId).not.toBe('0'.repeat(32));
      expect(span.parentSpanContext).toBeUndefined();
    },
  );

  it.each([
    ['a Root', header],
    ['a Root and Parent', `${header};Parent=53995c3f42cd8ad8;Sampled=1`],
  ])('lets a W3C traceparent win over %s', (_, value) => {
    const span = serverSpan({
      'x-amzn-trace-id': value,
      traceparent: `00-${spanContext.traceId}-${spanContext.spanId}-01`,
    });
    expect(span.spanContext().traceId).toBe(spanContext.traceId);
    expect(span.parentSpanContext?.spanId).toBe(spanContext.spanId);
  });

  it('continues only the span started in that context', () => {
    serverSpan({ 'x-amzn-trace-id': header });
    const other = serverSpan({});
    expect(other.spanContext().traceId).not.toBe(root);
  });
});
