import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';

/**
 * The API image's tag must follow the working tree: a tag from the index (what the script
 * used before) deployed a stale image after an unstaged edit, because the tag was already
 * in the registry. Runs the real script in a throwaway repository.
 */
describe('scripts/images.sh api-tag', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], {
      cwd: repo,
      stdio: 'pipe',
    });
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
    writeFileSync(path.join(repo, file), text);
  };
  const tag = () =>
    execFileSync(path.join(repo, 'scripts/images.sh'), ['api-tag'], { encoding: 'utf8' }).trim();

  beforeAll(() => {
    repo = mkdtempSync(path.join(os.tmpdir(), 'cruddur-images-'));
    for (const script of ['scripts/images.sh', 'scripts/tools-dir.sh'])
      cpSync(path.join(repoRoot, script), path.join(repo, script));
    write('service/src/main.ts', 'main\n');
    write('package.json', '{}\n');
    git('init', '-q');
    git('add', '.');
    git('commit', '-q', '-m', 'start');
  });

  afterAll(() => {
    rmSync(repo, { recursive: true, force: true });
  });

  it('changes with an unstaged edit or a new file, and not with staging', () => {
    const committed = tag();
    expect(committed).toMatch(/^[0-9a-f]{12}$/);
    write('service/src/main.ts', 'main, edited\n');
    const edited = tag();
    expect(edited).not.toBe(committed);
    git('add', 'service/src/main.ts');
    expect(tag()).toBe(edited);
    write('service/src/new.ts', 'new\n');
    expect(tag()).not.toBe(edited);
    rmSync(path.join(repo, 'service/src/new.ts'));
    git('checkout', '-q', 'HEAD', '--', 'service/src/main.ts');
    expect(tag()).toBe(committed);
  });
});
