import { spawnSync } from 'node:child_process';
import { parse } from 'yaml';
import { renderCollectorConfig, tempFile, valuesFiles } from '../support/helm';
import { describeWith, missingTools, toolPath } from '../support/prerequisites';

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
    const config = renderCollectorConfig(valuesFile);
    // The eks detector loads the in-cluster Kubernetes config when it is created, so
    // outside a cluster it is validated as far as it can be: everything but that detector.
    const checkable = config.replace('"eks",', '');
    expect(validate(checkable)).toEqual({ status: 0, output: '' });
    if (valuesFile === 'values-eks.yaml') expect(config).toContain('"eks"');
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
    ]);
  });

  it('fails validation on a broken config, so the checks above can fail', () => {
    const broken = renderCollectorConfig('values.yaml').replace(
      'limit_percentage: 80',
      'limit_percentage: 180',
    );
    expect(validate(broken).status).not.toBe(0);
  });
});
