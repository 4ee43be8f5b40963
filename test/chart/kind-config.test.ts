import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/prerequisites';

interface KindConfig {
  nodes: { role: string }[];
  [setting: string]: unknown;
}

function kindConfig(file: string): KindConfig {
  return parse(readFileSync(path.join(repoRoot, file), 'utf8')) as KindConfig;
}

describe('the kind configs', () => {
  it('differ only in their nodes: three for node-locality, one for laptops', () => {
    const { nodes: three, ...threeSettings } = kindConfig('kind-config.yaml');
    const { nodes: one, ...oneSettings } = kindConfig('kind-config.single.yaml');
    expect(oneSettings).toEqual(threeSettings);
    expect(three.map((n) => n.role)).toEqual(['control-plane', 'worker', 'worker']);
    expect(one.map((n) => n.role)).toEqual(['control-plane']);
  });
});
