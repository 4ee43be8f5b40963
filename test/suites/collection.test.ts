import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';

const THIS_SUITE = path.relative(repoRoot, __filename);

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return testFiles(full);
    return entry.name.endsWith('.test.ts') ? [full] : [];
  });
}

// A skipped suite's body still runs while Jest collects tests, so a `describe.each` table
// or a describe body that calls a tool breaks `npm test` exactly where the tool is missing.
// This collects every other suite as a fresh clone would (no built tools, nothing on PATH
// but Node and the system, no Docker engine), runs no test, and fails on any child process.
describe('collecting every suite with no tools and no Docker engine', () => {
  it('starts no process and fails no suite', () => {
    const emptyToolsDir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-no-tools-'));
    // Not CI (a skip would fail), nor this run's skip record.
    const env = { ...process.env };
    delete env.CI;
    delete env.CRUDDUR_SKIP_RECORD;
    const result = spawnSync(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--testPathIgnorePatterns',
        THIS_SUITE,
        '--setupFiles',
        path.join(__dirname, '../support/forbid-spawn.ts'),
        '--testNamePattern',
        '^$', // matches no test: only collection runs
        '--runInBand', // one process: collection is cheap, and timing-sensitive suites run beside it
      ],
      {
        cwd: repoRoot,
        encoding: 'utf8',
        timeout: 240_000,
        env: {
          ...env,
          CRUDDUR_TOOLS_DIR: emptyToolsDir,
          PATH: `${path.dirname(process.execPath)}:/usr/bin:/bin`,
          DOCKER_HOST: `unix://${path.join(emptyToolsDir, 'docker.sock')}`,
        },
      },
    );
    rmSync(emptyToolsDir, { recursive: true, force: true });
    const output = `${result.stdout}${result.stderr}`;
    // Jest names each suite that failed to run (FAIL) and says why (the line after "●").
    const lines = output.split('\n').filter((line) => line.trim() !== '');
    const failures = [
      ...new Set(
        lines.flatMap((line, i) =>
          line.startsWith('FAIL') || line.includes('●') ? [line.trim(), lines[i + 1]?.trim()] : [],
        ),
      ),
    ];
    expect({ status: result.status, failures, error: result.error }).toEqual({
      status: 0,
      failures: [],
      error: undefined,
    });
    const suites = testFiles(path.join(repoRoot, 'test')).length - 1;
    expect(output).toMatch(new RegExp(`Test Suites: ${suites} skipped, 0 of ${suites} total`));
  }, 300_000);
});
