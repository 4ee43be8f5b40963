import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { repoRoot } from '../support/prerequisites';

const chartDir = path.join(repoRoot, 'charts/cruddur');
/** Values documented as one row, not key by key. */
const DOCUMENTED_WHOLE = new Set([
  'api.resources',
  'xrayDaemon.resources',
  'collector.resources',
  'collector.podSecurityContext',
  'podSecurityContext',
  'containerSecurityContext',
  'serviceAccount.annotations',
  'collector.serviceAccount.annotations',
]);

function valueKeys(values: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(values).flatMap(([key, value]) => {
    const name = prefix ? `${prefix}.${key}` : key;
    const nested =
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      !DOCUMENTED_WHOLE.has(name);
    return nested && Object.keys(value).length > 0
      ? valueKeys(value as Record<string, unknown>, name)
      : [name];
  });
}

describe('the chart README', () => {
  it('documents every key of values.yaml', () => {
    const values = parse(fs.readFileSync(path.join(chartDir, 'values.yaml'), 'utf8')) as Record<
      string,
      unknown
    >;
    const readme = fs.readFileSync(path.join(chartDir, 'README.md'), 'utf8');
    const documented = new Set([...readme.matchAll(/`([A-Za-z][\w.]*)`/g)].map((m) => m[1]));
    const missing = valueKeys(values).filter((key) => !documented.has(key));
    expect(missing).toEqual([]);
  });
});
