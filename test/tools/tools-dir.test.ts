import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describeWith, repoRoot } from '../support/prerequisites';

/** CRUDDUR_TOOLS_DIR as scripts/tools-dir.sh resolves it in `env`, a clean environment. */
function resolved(env: Record<string, string>): string {
  return execFileSync('bash', ['-c', '. scripts/tools-dir.sh && printf %s "$CRUDDUR_TOOLS_DIR"'], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
  });
}

const shellScripts = [
  '.ci/run',
  ...readdirSync(path.join(repoRoot, 'scripts'), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.sh'))
    .map((file) => path.join('scripts', file)),
];

describe('one tools folder for every entry point', () => {
  it('has its default in scripts/tools-dir.sh only, which every script using it sources', () => {
    const users = shellScripts.filter((file) =>
      readFileSync(path.join(repoRoot, file), 'utf8').includes('CRUDDUR_TOOLS_DIR'),
    );
    expect(users).toEqual(expect.arrayContaining(['scripts/tools.sh', 'scripts/provision.sh']));
    const wrong = users
      .filter((file) => file !== 'scripts/tools-dir.sh')
      .flatMap((file) => {
        const text = readFileSync(path.join(repoRoot, file), 'utf8');
        const assigns = /CRUDDUR_TOOLS_DIR(=|:-)/.test(text);
        const sources = /^\s*\. "?[^"\s]*scripts\/(tools-dir|env)\.sh"?$/m.test(text);
        return assigns || !sources ? [`${file}: assigns=${assigns} sources=${sources}`] : [];
      });
    expect(wrong).toEqual([]);
  });

  it('defaults to the XDG cache, then ~/.cache, and keeps an explicit value', () => {
    expect(resolved({ HOME: '/home/ada' })).toBe('/home/ada/.cache/cruddur/tools');
    expect(resolved({ HOME: '/home/ada', XDG_CACHE_HOME: '/c' })).toBe('/c/cruddur/tools');
    expect(resolved({ HOME: '/home/ada', CRUDDUR_TOOLS_DIR: '/t' })).toBe('/t');
  });

  it('is where tools.sh builds and env.sh puts on PATH', () => {
    const home = mkdtempSync(path.join(os.tmpdir(), 'cruddur-home-'));
    try {
      const env = { PATH: process.env.PATH ?? '', HOME: home };
      execFileSync('scripts/tools.sh', ['--missing', 'node'], { cwd: repoRoot, env });
      expect(existsSync(path.join(home, '.cache/cruddur/tools/bin'))).toBe(true);
      const pathSeen = execFileSync('bash', ['-c', '. scripts/env.sh && printf %s "$PATH"'], {
        cwd: repoRoot,
        encoding: 'utf8',
        env,
      });
      expect(pathSeen.split(':')[0]).toBe(path.join(home, '.cache/cruddur/tools/bin'));
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  describeWith(
    process.getuid?.() === 0 ? undefined : 'not root (sudo sets SUDO_USER for root only)',
    'under sudo',
    () => {
      it("is the invoking user's cache, not root's", () => {
        const home = execFileSync('getent', ['passwd', 'nobody'], { encoding: 'utf8' }).split(
          ':',
        )[5];
        expect(resolved({ HOME: '/root', SUDO_USER: 'nobody' })).toBe(
          `${home}/.cache/cruddur/tools`,
        );
        expect(resolved({ HOME: '/root', SUDO_USER: 'root' })).toBe('/root/.cache/cruddur/tools');
      });
    },
  );
});
