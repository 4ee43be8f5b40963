import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import semver from 'semver';
import { repoRoot } from '../support/prerequisites';

interface Manifest {
  engines?: { node?: string };
}

const manifest = JSON.parse(
  readFileSync(path.join(repoRoot, 'package.json'), 'utf8'),
) as Required<Manifest>;
const lock = JSON.parse(readFileSync(path.join(repoRoot, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, Manifest>;
};
const minimum = semver.minVersion(manifest.engines.node ?? '')?.version ?? '';

describe("package.json's engines", () => {
  const required = Object.entries(lock.packages)
    .filter(([name, info]) => name !== '' && info.engines?.node !== undefined)
    .map(([name, info]) => ({ name, range: info.engines?.node ?? '' }));

  it('admits no Node that a package in the lockfile refuses', () => {
    expect(required.length).toBeGreaterThan(100);
    const refusing = required.filter(({ range }) => !semver.satisfies(minimum, range));
    expect(refusing).toEqual([]);
  });

  it('is the true minimum: the highest minimum of any package', () => {
    const highest = required
      .map(({ range }) => semver.minVersion(range)?.version ?? '0.0.0')
      .sort(semver.compare)
      .at(-1);
    expect(minimum).toBe(highest);
  });

  it('makes npm install refuse an older Node at once, before installing anything', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-engines-'));
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) {
      copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    }
    // npm reads the running Node's version from process.version: present the one just below.
    const { major, minor } = semver.parse(minimum) ?? { major: 0, minor: 0 };
    const older = `${major}.${minor - 1}.0`;
    writeFileSync(
      path.join(dir, 'older-node.js'),
      `Object.defineProperty(process, 'version', { value: 'v${older}' });\n`,
    );
    const result = spawnSync('npm', ['install', '--no-audit', '--no-fund'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, NODE_OPTIONS: `--require ${path.join(dir, 'older-node.js')}` },
    });
    const installed = existsSync(path.join(dir, 'node_modules'));
    rmSync(dir, { recursive: true, force: true });
    expect({ status: result.status, installed }).toEqual({ status: 1, installed: false });
    expect(result.stderr).toContain('EBADENGINE');
    expect(result.stderr).toContain(`Required: {"node":"${manifest.engines.node}"}`);
  });
});
