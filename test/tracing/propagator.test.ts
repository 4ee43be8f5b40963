import { context, propagation, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { createPropagator } from '../../service/src/telemetry/propagation';

describe('the composite propagator', () => {
  const propagator = createPropagator();
  const spanContext = {
    traceId: '6b061bcb455e26f4ee40d579b6498c3a',
    spanId: '53995c3f42cd8ad8',
    traceFlags: TraceFlags.SAMPLED,
  };

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
