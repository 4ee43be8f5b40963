import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';

const fixtures = path.join(__dirname, 'fixtures');

/** Runs `args` with Node in a temporary folder of its own; what it left there, and its output. */
function runInOwnTmpdir(args: string[]): { status: number | null; output: string; left: string[] } {
  const tmpdir = mkdtempSync(path.join(os.tmpdir(), 'temp-files-test-'));
  try {
    const result = spawnSync(process.execPath, args, {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, TMPDIR: tmpdir },
    });
    return {
      status: result.status,
      output: `${result.stdout}${result.stderr}`,
      left: readdirSync(tmpdir).filter((entry) => entry.startsWith('cruddur-')),
    };
  } finally {
    rmSync(tmpdir, { recursive: true, force: true });
  }
}

// Jest runs test files in workers that outlive them: a temporary file must go when its test
// file ends, or every run leaves folders in /tmp (the chart suites alone left 14 a run).
describe('temporary files made by the test helpers', () => {
  it('are removed when the test file that made them ends', () => {
    const run = runInOwnTmpdir([
      require.resolve('jest/bin/jest'),
      '--testMatch',
      '**/test/suites/fixtures/temp-files.fixture.ts',
      '--runInBand',
    ]);
    expect(run.output).toContain('Tests:       1 passed, 1 total');
    expect(run.status).toBe(0);
    expect(run.left).toEqual([]);
  });

  it('are removed at exit outside Jest, as the benchmarks use them', () => {
    const run = runInOwnTmpdir([
      require.resolve('tsx/cli'),
      path.join(fixtures, 'temp-file-script.ts'),
    ]);
    expect(run.status).toBe(0);
    expect(run.output).toMatch(/collector\.yaml$/);
    expect(run.left).toEqual([]);
  });
});
