import { containerDetector } from '@opentelemetry/resource-detector-container';
import {
  defaultResource,
  detectResources,
  hostDetector,
  osDetector,
  processDetector,
  resourceAttributesEnvDetector,
  type Resource,
  resourceFromAttributes,
  serviceInstanceIdDetector,
  serviceNameEnvDetector,
} from '@opentelemetry/resources';
import type { Config } from '../config.js';

/**
 * What the service says about itself, from weakest to strongest: the SDK defaults, our
 * defaults, then the detected host, process and container, and last
 * OTEL_RESOURCE_ATTRIBUTES (the chart puts the pod identity there, from the downward API)
 * and OTEL_SERVICE_NAME (the env detectors), so an operator's explicit setting always wins.
 */
export function createResource(config: Config): Resource {
  const ours = resourceFromAttributes({
    'service.name': config.serviceName,
    'service.version': config.serviceVersion,
    'deployment.environment.name': config.environment,
  });
  const detected = detectResources({
    detectors: [
      containerDetector,
      hostDetector,
      osDetector,
      processDetector,
      serviceInstanceIdDetector,
      resourceAttributesEnvDetector,
      serviceNameEnvDetector,
    ],
  });
  return defaultResource().merge(ours).merge(detected);
}
