import type { Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  type Sampler,
  TraceIdRatioBasedSampler,
} from '@opentelemetry/sdk-trace';
import type { TelemetryConfig } from '../config.js';
import { CallerRootSampler } from './continued-root.js';
import { XRayRulesSampler } from './xray-rules.js';

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
 * X-Ray rules with XRAY_SAMPLING=remote, otherwise OTEL_TRACES_SAMPLER. A caller's Sampled
 * flag on a Root-only X-Ray header (telemetry/xray-root.ts) counts where a parent's would.
 */
export function createSampler(config: TelemetryConfig, resource: Resource): Sampler {
  if (config.xraySampling) {
    const rules = new XRayRulesSampler({ resource, ...config.xraySampling });
    return new ParentBasedSampler({ root: new CallerRootSampler(rules) });
  }
  const local = localRoot(config.sampler);
  return config.sampler.parentBased
    ? new ParentBasedSampler({ root: new CallerRootSampler(local) })
    : local;
}
