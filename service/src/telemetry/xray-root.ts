import {
  type Context,
  createContextKey,
  isValidTraceId,
  type TextMapGetter,
  type TextMapPropagator,
  type TextMapSetter,
} from '@opentelemetry/api';
import { AWSXRAY_TRACE_ID_HEADER, AWSXRayPropagator } from '@opentelemetry/propagator-aws-xray';

/** A trace the caller named without naming a parent span: its id, and its decision if it made one. */
export interface CallerRoot {
  traceId: string;
  sampled: boolean | undefined;
}

const CALLER_ROOT = createContextKey('cruddur caller root trace');
/** The header's fields, each between semicolons (an ALB puts `Self=` before the Root). */
const ROOT_FIELD = /(?:^|;)\s*Root=1-([0-9a-f]{8})-([0-9a-f]{24})\s*(?:;|$)/;
const SAMPLED_FIELD = /(?:^|;)\s*Sampled=([01])\s*(?:;|$)/;

/** The trace an extracted context asks the next root span to continue, if any. */
export function callerRoot(context: Context): CallerRoot | undefined {
  return context.getValue(CALLER_ROOT) as CallerRoot | undefined;
}

/** The Root and the Sampled decision (if stated) of an X-Ray header; undefined without a valid Root. */
function parseRoot(header: string): CallerRoot | undefined {
  const root = ROOT_FIELD.exec(header);
  const traceId = root ? `${root[1] ?? ''}${root[2] ?? ''}` : '';
  if (!isValidTraceId(traceId)) return undefined;
  const sampled = SAMPLED_FIELD.exec(header)?.[1];
  return { traceId, sampled: sampled === undefined ? undefined : sampled === '1' };
}

/**
 * The X-Ray propagator, plus what it drops: a header with a Root and no Parent, which is
 * what an ALB (and API Gateway without tracing) sends in front of the service. The
 * library treats such a header as invalid, so the service would start a new trace; here
 * the Root is kept in the context (not as a parent span: there is none to point at), and
 * telemetry/continued-root.ts makes the server span the root of that trace.
 * test/tracing/xray-propagator-contract.test.ts fails if the library starts accepting it.
 */
export class XRayRootPropagator implements TextMapPropagator {
  private readonly xray = new AWSXRayPropagator();

  inject(context: Context, carrier: unknown, setter: TextMapSetter): void {
    this.xray.inject(context, carrier, setter);
  }

  extract(context: Context, carrier: unknown, getter: TextMapGetter): Context {
    const extracted = this.xray.extract(context, carrier, getter);
    if (extracted !== context) return extracted;
    const value = getter.get(carrier, AWSXRAY_TRACE_ID_HEADER);
    const header = Array.isArray(value) ? value[0] : value;
    const root = header === undefined ? undefined : parseRoot(header);
    return root ? context.setValue(CALLER_ROOT, root) : context;
  }

  fields(): string[] {
    return this.xray.fields();
  }
}
