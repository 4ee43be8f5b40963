import { resourceFromAttributes } from '@opentelemetry/resources';
import { _AWSXRayRemoteSampler } from '@opentelemetry/sampler-aws-xray';
import { rulesLoaded } from '../../service/src/telemetry/xray-rules';
import { until } from '../support/wait';
import { XRayApi } from '../support/xray-api';

/**
 * telemetry/xray-rules.ts reads the remote sampler's private rule cache (it has no public
 * "rules loaded"). This fails when an upgrade changes what that read relies on.
 */
describe('the X-Ray remote sampler contract the service relies on', () => {
  let api: XRayApi;

  beforeAll(async () => {
    api = await XRayApi.start();
    api.rules = [{ RuleName: 'cruddur', Priority: 1, FixedRate: 1, ReservoirSize: 0 }];
  });

  afterAll(() => api.stop());

  it('is the pinned version', () => {
    const manifest = jest.requireActual<{ version: string }>(
      '@opentelemetry/sampler-aws-xray/package.json',
    );
    const pinned = jest.requireActual<{ dependencies: Record<string, string> }>(
      '../../package.json',
    ).dependencies['@opentelemetry/sampler-aws-xray'];
    expect(manifest.version).toBe(pinned);
  });

  it('says no rules before the daemon answered, and rules once it has', async () => {
    const sampler = new _AWSXRayRemoteSampler({
      resource: resourceFromAttributes({ 'service.name': 'cruddur-backend' }),
      endpoint: api.endpoint,
      pollingInterval: 60,
    });
    try {
      expect(rulesLoaded(sampler)).toBe(false);
      await until(() => (rulesLoaded(sampler) ? true : undefined), 'rules from GetSamplingRules');
      expect(api.calls.some((call) => call.path === '/GetSamplingRules')).toBe(true);
    } finally {
      sampler.stopPollers();
    }
  });

  it('says no rules when the daemon cannot be reached', async () => {
    const sampler = new _AWSXRayRemoteSampler({
      resource: resourceFromAttributes({ 'service.name': 'cruddur-backend' }),
      endpoint: 'http://127.0.0.1:9',
      pollingInterval: 60,
    });
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(rulesLoaded(sampler)).toBe(false);
    } finally {
      sampler.stopPollers();
    }
  });
});
