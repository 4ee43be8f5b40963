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

/** The CloudWatch Logs API operations the service's code calls, as IAM actions. */
function cloudWatchActionsCalled(): string[] {
  const infra = path.join(repoRoot, 'service/src/infra');
  const source = fs
    .readdirSync(infra)
    .filter((name) => name.startsWith('cloudwatch'))
    .map((name) => fs.readFileSync(path.join(infra, name), 'utf8'))
    .join('\n');
  // Methods of the aggregated client, and commands it sends (`new PutLogEventsCommand(`).
  const calls = /this\.client\s*\.(?!send\()(\w+)\(|new (\w+)Command\(/g;
  const operations = [...source.matchAll(calls)].map((m) => m[1] ?? m[2] ?? '');
  return [...new Set(operations)].map((op) => `logs:${op[0]?.toUpperCase() ?? ''}${op.slice(1)}`);
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

  it('lists exactly the CloudWatch Logs actions the service calls in its IAM table', () => {
    const readme = fs.readFileSync(path.join(chartDir, 'README.md'), 'utf8');
    const listed = [...new Set([...readme.matchAll(/`(logs:\w+)`/g)].map((m) => m[1]))];
    const called = cloudWatchActionsCalled();
    expect(called).toContain('logs:PutLogEvents');
    expect(listed.sort()).toEqual(called.sort());
  });
});
