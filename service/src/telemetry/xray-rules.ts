import type { Attributes, Context, Link, SpanKind } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import { _AWSXRayRemoteSampler } from '@opentelemetry/sampler-aws-xray';
import {
  type Sampler,
  type SamplingResult,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';

/** How often the library polls the daemon for rules once it has them. */
const RULES_POLL_SECONDS = 60;
/** Until rules arrive, the poll made at start is repeated after 1, 2, 4 … 32 s. */
const FIRST_RETRY_MS = 1_000;

/**
 * Whether the remote sampler has unexpired rules from the daemon. The library has no
 * public way to say so, and it never uses another fallback than its own (1/s + 5%); so
 * this reads its private rule cache. The package is pinned to an exact version and
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
 * (the daemon not up yet, an X-Ray or IAM outage), or after they expire, a fixed share of
 * new traces is sampled (XRAY_SAMPLING_FALLBACK_RATE, the shipped rule's rate), never all
 * of them. The library polls once when created, then every minute: a first poll that
 * failed is retried sooner, by creating it anew (its only public way to poll).
 */
export class XRayRulesSampler implements Sampler {
  private remote: _AWSXRayRemoteSampler;
  private readonly fallback: Sampler;

  constructor(
    private readonly settings: { resource: Resource; endpoint: string; fallbackRate: number },
  ) {
    this.fallback = new TraceIdRatioBasedSampler(settings.fallbackRate);
    this.remote = this.connect();
    this.retryUntilLoaded(FIRST_RETRY_MS);
  }

  shouldSample(
    context: Context,
    traceId: string,
    spanName: string,
    spanKind: SpanKind,
    attributes: Attributes,
    links: Link[],
  ): SamplingResult {
    const sampler = rulesLoaded(this.remote) ? this.remote : this.fallback;
    return sampler.shouldSample(context, traceId, spanName, spanKind, attributes, links);
  }

  toString(): string {
    return `XRayRulesSampler{${this.remote.toString()}, fallback=${this.fallback.toString()}}`;
  }

  private connect(): _AWSXRayRemoteSampler {
    return new _AWSXRayRemoteSampler({
      resource: this.settings.resource,
      endpoint: this.settings.endpoint,
      pollingInterval: RULES_POLL_SECONDS,
    });
  }

  /** Past a minute the library's own poll is as soon as a retry: it takes over. */
  private retryUntilLoaded(delayMs: number): void {
    if (delayMs >= RULES_POLL_SECONDS * 1000) return;
    setTimeout(() => {
      if (rulesLoaded(this.remote)) return;
      this.remote.stopPollers();
      this.remote = this.connect();
      this.retryUntilLoaded(delayMs * 2);
    }, delayMs).unref();
  }
}
