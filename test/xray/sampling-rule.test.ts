import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseConfig } from '../../service/src/config';
import { repoRoot } from '../support/prerequisites';

interface RuleFile {
  SamplingRule: Record<string, unknown>;
}

const shipped = JSON.parse(
  readFileSync(path.join(repoRoot, 'xray', 'sampling-rule.json'), 'utf8'),
) as RuleFile;

describe('the shipped X-Ray sampling rule', () => {
  it('is the seed’s rule: priority 9000, 10% after a reservoir of 5 per second', () => {
    expect(shipped.SamplingRule).toMatchObject({
      RuleName: 'Cruddur',
      Priority: 9000,
      FixedRate: 0.1,
      ReservoirSize: 5,
    });
  });

  it('sets the rate the service samples at while it has no rules (XRAY_SAMPLING_FALLBACK_RATE)', () => {
    const xray = parseConfig({ XRAY_SAMPLING: 'remote' }).telemetry.xraySampling;
    expect(xray?.fallbackRate).toBe(shipped.SamplingRule.FixedRate);
  });

  it('matches the service by the name its spans carry by default', () => {
    expect(shipped.SamplingRule.ServiceName).toBe(parseConfig({}).serviceName);
  });

  it('has every field CreateSamplingRule requires', () => {
    const required = [
      'RuleName',
      'ResourceARN',
      'Priority',
      'FixedRate',
      'ReservoirSize',
      'ServiceName',
      'ServiceType',
      'Host',
      'HTTPMethod',
      'URLPath',
      'Version',
    ];
    expect(Object.keys(shipped.SamplingRule).sort()).toEqual(expect.arrayContaining(required));
  });
});
