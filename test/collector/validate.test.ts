import { spawnSync } from 'node:child_process';
import { parse, stringify } from 'yaml';
import { renderCollectorConfig, valuesFiles } from '../support/helm';
import { describeWith, missingTools, toolPath } from '../support/prerequisites';
import { tempFile } from '../support/temp';

function validate(config: string): { status: number | null; output: string } {
  const result = spawnSync(
    toolPath('otelcol-cruddur') ?? 'otelcol-cruddur',
    ['validate', `--config=${tempFile('collector.yaml', config)}`],
    {
      encoding: 'utf8',
      // The DaemonSet provides these; validation checks K8S_NODE_NAME is set, and without a
      // region the X-Ray exporter would ask EC2 instance metadata (off this machine).
      env: {
        PATH: process.env.PATH,
        HONEYCOMB_API_KEY: 'validate-only',
        K8S_NODE_NAME: 'node-1',
        AWS_REGION: 'us-east-1',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    },
  );
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const onOff = [true, false];
const combinations = onOff.flatMap((honeycomb) =>
  onOff.flatMap((awsxray) => onOff.map((debug) => ({ honeycomb, awsxray, debug }))),
);

describeWith(missingTools('helm', 'otelcol-cruddur'), 'the shipped Collector config', () => {
  it.each(combinations)('validates with exporters %j', (exporters) => {
    const config = renderCollectorConfig('values.yaml', {
      'collector.exporters.honeycomb.enabled': exporters.honeycomb,
      'collector.exporters.awsxray.enabled': exporters.awsxray,
      'collector.exporters.debug.enabled': exporters.debug,
    });
    const { status, output } = validate(config);
    expect([status, output]).toEqual([0, '']);
    const pipeline = (
      parse(config) as { service: { pipelines: { traces: { exporters: string[] } } } }
    ).service.pipelines.traces.exporters;
    expect(pipeline.includes('otlp_grpc/honeycomb')).toBe(exporters.honeycomb);
    expect(pipeline.includes('awsxray')).toBe(exporters.awsxray);
    // With no destination left, debug keeps the pipeline valid.
    expect(pipeline.includes('debug')).toBe(
      exporters.debug || (!exporters.honeycomb && !exporters.awsxray),
    );
  });

  it.each(valuesFiles)('validates as rendered with %s', (valuesFile) => {
    const config = parse(renderCollectorConfig(valuesFile)) as {
      processors: { resource_detection: { detectors: string[] } };
    };
    // The eks detector loads the in-cluster Kubernetes config when it is created, so
    // outside a cluster it is validated as far as it can be: everything but that detector.
    const detectors = config.processors.resource_detection.detectors;
    if (valuesFile === 'values-eks.yaml') expect(detectors).toContain('eks');
    config.processors.resource_detection.detectors = detectors.filter((d) => d !== 'eks');
    expect(validate(stringify(config))).toEqual({ status: 0, output: '' });
  });

  it('puts memory_limiter first and never the API key itself in the config', () => {
    const text = renderCollectorConfig('values.yaml', {
      'secrets.honeycombApiKey': 'hcaik_never_in_configmap',
    });
    expect(text).not.toContain('hcaik_never_in_configmap');
    expect(text).toContain('x-honeycomb-team: ${env:HONEYCOMB_API_KEY}');
    const config = parse(text) as { service: { pipelines: { traces: { processors: string[] } } } };
    expect(config.service.pipelines.traces.processors).toEqual([
      'memory_limiter',
      'k8s_attributes',
      'resource_detection',
      'resource_detection/collector_node',
    ]);
  });

  it('merges collector.config over the generated config, and the result validates', () => {
    const extra = {
      processors: { 'resource_detection/env': { detectors: ['env'] } },
      exporters: { 'otlp_grpc/honeycomb': { sending_queue: { batch: { flush_timeout: '5s' } } } },
      service: {
        pipelines: {
          traces: {
            processors: ['memory_limiter', 'k8s_attributes', 'resource_detection/env'],
          },
        },
      },
    };
    const values = tempFile('values.yaml', stringify({ collector: { config: extra } }));
    const text = renderCollectorConfig(values);
    expect(validate(text)).toEqual({ status: 0, output: '' });
    const config = parse(text) as {
      processors: Record<string, unknown>;
      exporters: Record<string, { sending_queue?: Record<string, unknown> }>;
      service: { pipelines: { traces: { processors: string[]; exporters: string[] } } };
    };
    expect(config.service.pipelines.traces.processors).toEqual(
      extra.service.pipelines.traces.processors,
    );
    // Generated parts stay: the other processors, the exporters and their other settings.
    expect(Object.keys(config.processors).sort()).toEqual([
      'k8s_attributes',
      'memory_limiter',
      'resource_detection',
      'resource_detection/collector_node',
      'resource_detection/env',
    ]);
    expect(config.exporters['otlp_grpc/honeycomb']?.sending_queue).toEqual({
      enabled: true,
      batch: { flush_timeout: '5s' },
    });
    expect(config.service.pipelines.traces.exporters).toContain('awsxray');
  });

  it('fails validation when collector.config names a processor it does not define', () => {
    const values = tempFile(
      'values.yaml',
      stringify({
        collector: {
          config: {
            service: { pipelines: { traces: { processors: ['memory_limiter', 'tail_sampling'] } } },
          },
        },
      }),
    );
    expect(validate(renderCollectorConfig(values)).status).not.toBe(0);
  });

  it('fails validation on a broken config, so the checks above can fail', () => {
    const broken = renderCollectorConfig('values.yaml').replace(
      'limit_percentage: 80',
      'limit_percentage: 180',
    );
    expect(validate(broken).status).not.toBe(0);
  });
});
