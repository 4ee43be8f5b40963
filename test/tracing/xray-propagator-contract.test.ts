import { ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import { AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';

const ROOT = 'Root=1-67891233-abcdef012345678912345678';
const getter = {
  get: (carrier: Record<string, string>, key: string) => carrier[key],
  keys: (carrier: Record<string, string>) => Object.keys(carrier),
};
const extract = (header: string) =>
  new AWSXRayPropagator().extract(ROOT_CONTEXT, { 'x-amzn-trace-id': header }, getter);

/**
 * telemetry/xray-root.ts continues a Root-only header (an ALB's) because the library drops
 * it: it hands back the context it was given. If an upgrade starts accepting such a header
 * (other languages' propagators did, some with a made-up parent span id), this fails, and
 * xray-root.ts must be looked at again: its fallback would no longer run.
 */
describe('the X-Ray propagator library on headers without a Parent', () => {
  it.each([ROOT, `Self=1-67891234-123456789abcdef012345678;${ROOT}`, `${ROOT};Sampled=1`])(
    'returns the context unchanged for %s',
    (header) => {
      expect(extract(header)).toBe(ROOT_CONTEXT);
    },
  );

  it('still parses a full header into a remote parent (what the service relies on otherwise)', () => {
    const extracted = extract(`${ROOT};Parent=53995c3f42cd8ad8;Sampled=1`);
    expect(trace.getSpanContext(extracted)).toEqual({
      traceId: '67891233abcdef012345678912345678',
      spanId: '53995c3f42cd8ad8',
      traceFlags: TraceFlags.SAMPLED,
      isRemote: true,
    });
  });
});
