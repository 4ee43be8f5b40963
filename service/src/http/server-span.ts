import {
  type Attributes,
  context,
  type Context,
  INVALID_TRACEID,
  propagation,
  ROOT_CONTEXT,
  type Span,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api';
import type { Middleware } from 'koa';
import { scrubQuery } from '../diagnostics/scrub.js';
import { traceFlagsHex } from '../diagnostics/trace-ids.js';
import { matchedRoute } from './request-telemetry.js';
import type { AppContext, AppState } from './state.js';

const tracer = trace.getTracer('cruddur-backend/http');

/** Probes run every few seconds; tracing them would bury real traffic. */
const PROBES = new Set(['/api/health', '/api/ready']);

/** What the X-Ray sampling rules match on (path, method, host), known before the span starts. */
function samplingAttributes(ctx: AppContext): Attributes {
  return {
    'http.request.method': ctx.method,
    'url.path': ctx.path,
    'server.address': ctx.hostname,
  };
}

/**
 * A caller's span as parent: the sampler decides by the parent's flag, and attributes are
 * added only if the span is recorded. Without one, the sampler is given what X-Ray rules
 * match on, and the span is started with the extracted context active: a trace the caller
 * named without a parent span (an ALB's Root-only X-Amzn-Trace-Id) is continued by the
 * SDK's id generator, which is given no context and reads the active one
 * (telemetry/continued-root.ts). The first path, which unsampled requests take, needs
 * neither: measured in the service, each cost about as much as the sampling decision.
 */
function startServerSpan(ctx: AppContext, parent: Context): Span {
  if (trace.getSpanContext(parent)) {
    const span = tracer.startSpan(ctx.method, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) span.setAttributes(samplingAttributes(ctx));
    return span;
  }
  const attributes = samplingAttributes(ctx);
  return context.with(parent, () =>
    tracer.startSpan(ctx.method, { kind: SpanKind.SERVER, attributes }),
  );
}

/** The rest of the request's description: computed only for a span that is recorded. */
function requestAttributes(ctx: AppContext): Attributes {
  const attributes: Attributes = {
    'url.scheme': ctx.protocol,
    'client.address': ctx.ip,
    'network.protocol.version': ctx.req.httpVersion,
  };
  const userAgent = ctx.get('user-agent');
  if (userAgent) attributes['user_agent.original'] = userAgent;
  // Every token/key/secret-like parameter scrubbed, as in logs and error reports.
  if (ctx.querystring) attributes['url.query'] = scrubQuery(ctx.querystring);
  return attributes;
}

/** The outcome: route template (also in the name, never a raw path), user, status, error. */
function describeOutcome(span: Span, ctx: AppContext): void {
  const route = matchedRoute(ctx);
  if (route !== undefined) {
    span.setAttribute('http.route', route);
    span.updateName(`${ctx.method} ${route}`);
  }
  span.setAttributes({
    'http.response.status_code': ctx.status,
    'enduser.id': ctx.state.user.handle,
    'app.user_id': ctx.state.user.handle,
  });
  if (ctx.state.error) {
    span.recordException(ctx.state.error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: ctx.state.error.message });
    if (ctx.state.errorReference)
      span.setAttribute('app.error_reference', ctx.state.errorReference);
  } else if (ctx.status >= 500) {
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
}

/**
 * The request's SERVER span, started here rather than by instrumentation-http's incoming
 * side, which wraps every request's and response's event listeners even when the request
 * is not sampled (docs/performance.md). The parent comes from the W3C or X-Ray headers;
 * an unsampled request gets a non-recording span, so it costs a sampling decision and
 * little else. The W3C `traceresponse` header hands the trace id (and whether it was
 * sampled) to the client, so a bug report can point at its trace. Attribute names are the
 * stable HTTP semantic conventions. Mounted first, and only when telemetry is enabled.
 */
export function serverSpan(): Middleware<AppState> {
  return async (ctx, next) => {
    if (PROBES.has(ctx.path)) {
      await next();
      return;
    }
    const parent = propagation.extract(ROOT_CONTEXT, ctx.headers);
    const span = startServerSpan(ctx, parent);
    const { traceId, spanId, traceFlags } = span.spanContext();
    // All zeros only if the SDK failed to start: then there is no trace to name. (A string
    // comparison: isSpanContextValid's two regular expressions cost more, on every request.)
    if (traceId !== INVALID_TRACEID) {
      ctx.state.trace = { traceId, spanId, startedAt: new Date() };
      ctx.set('traceresponse', `00-${traceId}-${spanId}-${traceFlagsHex(traceFlags)}`);
    }
    if (span.isRecording()) span.setAttributes(requestAttributes(ctx));
    try {
      await context.with(trace.setSpan(parent, span), next);
    } finally {
      if (span.isRecording()) describeOutcome(span, ctx);
      span.end();
    }
  };
}
