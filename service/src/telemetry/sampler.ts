import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { _AWSXRayRemoteSampler } from '@opentelemetry/sampler-aws-xray';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../config.js';
import { CallerRootSampler } from './continued-root.js';

const RULES_POLL_SECONDS = 60;

function localRoot(settings: TelemetryConfig['sampler']): Sampler {
  switch (settings.root) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(settings.ratio);
  }
}

/**
 * Whether the remote sampler has unexpired rules from the daemon. The library has no
 * public way to say so, and its own fallback (1/s + 5%) would override OTEL_TRACES_SAMPLER;
 * so this reads its private rule cache. The package is pinned to an exact version and
 * test/tracing/xray-sampler-contract.test.ts fails on an upgrade that changes the cache.
 */
export function rulesLoaded(remote: _AWSXRayRemoteSampler): boolean {
  const cache = (
    remote as unknown as {
      ruleCache?: { isExpired?: () => boolean; ruleAppliers?: unknown[] };
    }
  ).ruleCache;
  return (cache?.ruleAppliers?.length ?? 0) > 0 && cache?.isExpired?.() === false;
}

/**
 * X-Ray centralized sampling through the daemon's proxy. Until rules have been fetched
 * (daemon absent or unreachable), or after they expire, decisions come from the locally
 * configured sampler instead of the library's built-in 1/s + 5% fallback, so a service
 * without a daemon samples the way OTEL_TRACES_SAMPLER says.
 */
class XRayRulesOrLocal implements Sampler {
  constructor(
    private readonly remote: _AWSXRayRemoteSampler,
    private readonly local: Sampler,
  ) {}

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const sampler = rulesLoaded(this.remote) ? this.remote : this.local;
    return sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `XRayRulesOrLocal{${this.remote.toString()}, fallback=${this.local.toString()}}`;
  }
}

export function createSampler(config: TelemetryConfig, resource: Resource): Sampler {
  const local = localRoot(config.sampler);
  if (config.xraySampling) {
    const remote = new _AWSXRayRemoteSampler({
      resource,
      endpoint: config.xraySampling.endpoint,
      pollingInterval: RULES_POLL_SECONDS,
    });
    return new ParentBasedSampler({
      root: new CallerRootSampler(new XRayRulesOrLocal(remote, local)),
    });
  }
  // A caller's Sampled flag counts where a parent's would, and only there.
  return config.sampler.parentBased
    ? new ParentBasedSampler({ root: new CallerRootSampler(local) })
    : local;
}
