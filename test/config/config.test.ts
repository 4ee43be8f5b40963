import { parseConfig } from '../../service/src/config';

describe('parseConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.port).toBe(4567);
    expect(config.demoUser).toEqual({ handle: 'andrewbrown', display_name: 'Andrew Brown' });
    expect(config.corsOrigins).toEqual(['http://localhost:3000', 'http://localhost:4567']);
    expect(config.shutdownGraceMs).toBe(15_000);
    expect(config.bodyLimit).toBe('64kb');
  });

  it('treats empty strings as unset', () => {
    expect(parseConfig({ PORT: '', FRONTEND_URL: '' }).port).toBe(4567);
  });

  it.each([
    ['PORT', 'eighty'],
    ['PORT', '70000'],
    ['FRONTEND_URL', 'not a url'],
    ['LOG_FORMAT', 'xml'],
    ['SHUTDOWN_GRACE_SECONDS', '-1'],
    ['BODY_LIMIT', 'lots'],
  ])('names the variable when %s=%s is invalid', (name, value) => {
    expect(() => parseConfig({ [name]: value })).toThrow(
      new RegExp(`^invalid configuration: ${name}: .*${JSON.stringify(value)}`),
    );
  });
});

describe('telemetry configuration', () => {
  it('shows traces locally when nothing is configured', () => {
    expect(parseConfig({}).telemetry.exporters).toEqual(['tree']);
  });

  it('exports OTLP when a collector endpoint or a Honeycomb key is set', () => {
    expect(
      parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317' }).telemetry,
    ).toMatchObject({
      exporters: ['otlp'],
      honeycombDirect: undefined,
    });
    expect(parseConfig({ HONEYCOMB_API_KEY: 'k' }).telemetry).toMatchObject({
      exporters: ['otlp'],
      honeycombDirect: { endpoint: 'https://api.honeycomb.io:443', apiKey: 'k' },
    });
  });

  it('sends to the collector, not Honeycomb, when both are configured', () => {
    const config = parseConfig({
      HONEYCOMB_API_KEY: 'k',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4317',
    });
    expect(config.telemetry.honeycombDirect).toBeUndefined();
  });

  it('honours an explicit exporter list, and none', () => {
    expect(parseConfig({ OTEL_TRACES_EXPORTER: 'otlp,console' }).telemetry.exporters).toEqual([
      'otlp',
      'console',
    ]);
    expect(parseConfig({ OTEL_TRACES_EXPORTER: 'none' }).telemetry.exporters).toEqual([]);
    expect(() => parseConfig({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(/OTEL_TRACES_EXPORTER/);
  });

  it.each([
    ['https://api.honeycomb.io:443', 'https://ui.honeycomb.io'],
    ['https://api.eu1.honeycomb.io', 'https://ui.eu1.honeycomb.io'],
    ['http://127.0.0.1:4317', 'https://ui.honeycomb.io'],
  ])('links traces for API endpoint %s to %s', (endpoint, ui) => {
    const config = parseConfig({
      HONEYCOMB_API_ENDPOINT: endpoint,
      HONEYCOMB_TEAM: 't',
      HONEYCOMB_ENVIRONMENT: 'e',
    });
    expect(config.telemetry.honeycombUi?.baseUrl).toBe(ui);
  });

  it('validates the sampler settings', () => {
    expect(
      parseConfig({
        OTEL_TRACES_SAMPLER: 'parentbased_traceidratio',
        OTEL_TRACES_SAMPLER_ARG: '0.25',
      }).telemetry.sampler,
    ).toEqual({
      parentBased: true,
      root: 'traceidratio',
      ratio: 0.25,
    });
    expect(() => parseConfig({ OTEL_TRACES_SAMPLER_ARG: '2' })).toThrow(/OTEL_TRACES_SAMPLER_ARG/);
  });

  it('takes the X-Ray sampling fallback rate, and only with remote sampling', () => {
    expect(parseConfig({}).telemetry.xraySampling).toBeUndefined();
    expect(
      parseConfig({ XRAY_SAMPLING: 'remote', XRAY_SAMPLING_FALLBACK_RATE: '0.25' }).telemetry
        .xraySampling,
    ).toEqual({ endpoint: 'http://localhost:2000', fallbackRate: 0.25 });
    expect(() => parseConfig({ XRAY_SAMPLING_FALLBACK_RATE: '1.5' })).toThrow(
      /XRAY_SAMPLING_FALLBACK_RATE/,
    );
  });
});

describe('log shipping and error reporting configuration', () => {
  it('leaves CloudWatch, Rollbar and the debug routes off by default', () => {
    const config = parseConfig({});
    expect(config.cloudWatch).toBeUndefined();
    expect(config.rollbar).toBeUndefined();
    expect(config.debugRoutes).toBe(false);
  });

  it('names the stream after the pod, and takes the region from the AWS variables', () => {
    const config = parseConfig({
      CLOUDWATCH_LOG_GROUP: 'cruddur',
      K8S_POD_NAME: 'cruddur-api-abc',
      AWS_DEFAULT_REGION: 'eu-west-1',
      CLOUDWATCH_RETENTION_DAYS: '14',
    });
    expect(config.cloudWatch).toEqual({
      logGroup: 'cruddur',
      logStream: 'cruddur-api-abc',
      region: 'eu-west-1',
      retentionDays: 14,
      uploadIntervalMs: 2000,
      maxQueue: 10_000,
    });
    expect(
      parseConfig({ CLOUDWATCH_LOG_GROUP: 'cruddur', CLOUDWATCH_LOG_STREAM: 'mine' }).cloudWatch
        ?.logStream,
    ).toBe('mine');
  });

  it.each([
    ['CLOUDWATCH_RETENTION_DAYS', '10'],
    ['CLOUDWATCH_LOG_GROUP', 'has spaces'],
    ['CLOUDWATCH_UPLOAD_INTERVAL_MS', '10'],
    ['ROLLBAR_ENDPOINT', 'nowhere'],
    ['DEBUG_ROUTES', 'yes'],
  ])('rejects %s=%s', (name, value) => {
    expect(() => parseConfig({ CLOUDWATCH_LOG_GROUP: 'cruddur', [name]: value })).toThrow(
      new RegExp(`invalid configuration: ${name}: `),
    );
  });

  it('enables Rollbar with a token, and never repeats a secret in an error', () => {
    expect(parseConfig({ ROLLBAR_ACCESS_TOKEN: 'abc' }).rollbar).toEqual({
      accessToken: 'abc',
      endpoint: 'https://api.rollbar.com/api/1/item/',
    });
    expect(() =>
      parseConfig({
        ROLLBAR_ACCESS_TOKEN: 'token-value',
        HONEYCOMB_API_KEY: ['key-value'] as never,
      }),
    ).toThrow(/HONEYCOMB_API_KEY: .*\(got a hidden value\)/);
  });
});
