// A Jest setup file for test/suites/collection.test.ts: any child process started while
// suites are collected (no test or hook runs in that pass) fails the suite, except the
// Docker probe that decides whether a suite can run at all.
import childProcess from 'node:child_process';

const PROBES = new Set(['docker']);
const SPAWNERS = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'];
const patched = Symbol.for('cruddur.forbidSpawn');

type Module = Record<string, unknown> & { [patched]?: true };
const target = childProcess as unknown as Module;

if (!target[patched]) {
  target[patched] = true;
  for (const name of SPAWNERS) {
    const original = target[name] as (...args: unknown[]) => unknown;
    target[name] = (...args: unknown[]) => {
      const command = String(args[0]).split(' ')[0] ?? '';
      if (!PROBES.has(command)) {
        throw new Error(`${name}(${command}) while tests were collected`);
      }
      return original(...args);
    };
  }
}
