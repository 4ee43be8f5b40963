/**
 * The Python virtual environment the Flask comparison runs in: created with `python3 -m
 * venv` and filled by pip from bench/flask/requirements.txt, once per version of that file
 * (cached under the user's cache directory by its hash).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const FLASK_DIR = path.join(__dirname, 'flask');
const REQUIREMENTS = path.join(FLASK_DIR, 'requirements.txt');

function venvDir(): string {
  const hash = createHash('sha256').update(readFileSync(REQUIREMENTS)).digest('hex');
  const cache = process.env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache');
  return path.join(cache, 'cruddur', 'bench', `flask-venv-${hash.slice(0, 8)}`);
}

function run(command: string, args: string[]): { ok: boolean; output: string } {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return {
    ok: result.status === 0,
    output: `${result.error?.message ?? ''}${result.stdout}${result.stderr}`.trim(),
  };
}

/**
 * The venv's python, installing it first when needed; or why it cannot be had, in one line
 * that says what to install.
 */
export function flaskPython(): { python: string } | { missing: string } {
  const dir = venvDir();
  const python = path.join(dir, 'bin', 'python');
  // Written last, so that an install that was interrupted is started again.
  const complete = path.join(dir, '.installed');
  if (existsSync(complete)) return { python };
  if (!run('python3', ['--version']).ok)
    return { missing: 'python3 is not on PATH (Debian: apt-get install python3 python3-venv)' };
  rmSync(dir, { recursive: true, force: true });
  if (!run('python3', ['-m', 'venv', dir]).ok)
    return { missing: '`python3 -m venv` fails (Debian/Ubuntu: apt-get install python3-venv)' };
  process.stderr.write(`bench: installing bench/flask/requirements.txt into ${dir}\n`);
  const pip = run(python, ['-m', 'pip', 'install', '--quiet', '-r', REQUIREMENTS]);
  if (!pip.ok) {
    const last = pip.output.split('\n').at(-1) ?? '';
    return { missing: `pip could not install bench/flask/requirements.txt: ${last}` };
  }
  writeFileSync(complete, '');
  return { python };
}
