import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

export const root = path.resolve(__dirname, '..');

export interface Started {
  port: number;
  startupMs: number;
  rssMiB: () => number;
  stop: () => Promise<void>;
}

/** Starts dist/main.js with the given node flags and waits for its "listening" line. */
export function startServer(nodeArgs: string[], env: NodeJS.ProcessEnv = {}): Promise<Started> {
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, path.join(root, 'dist/main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => {
      reject(new Error(`server exited with ${code}: ${out}`));
    });
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /"message":"listening","port":(\d+)/.exec(out);
      if (!match) return;
      const startupMs = performance.now() - started;
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        port: Number(match[1]),
        startupMs,
        rssMiB: () => {
          const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
          return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
        },
        // SIGTERM, so that spans and log lines are flushed as in production.
        stop: () =>
          new Promise((done) => {
            child.removeAllListeners('exit');
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}
