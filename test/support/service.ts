import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from './prerequisites';

export interface RunningService {
  url: string;
  port: number;
  process: ChildProcess;
  /** Everything the service wrote to stdout and stderr so far. */
  stdout: () => string;
  stderr: () => string;
  /** The rate-limited JSON warn lines the service printed on stderr for `source`. */
  warnings: (source: string) => Record<string, unknown>[];
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
}

/**
 * Starts the built service (dist/, made by `npm test`'s build step) the way `npm start`
 * does, with telemetry preloaded, on a free port. Resolves once it logs "listening".
 */
export async function startService(
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 15_000,
): Promise<RunningService> {
  const child = spawn(
    process.execPath,
    [
      '--require',
      path.join(repoRoot, 'dist/telemetry/preload.js'),
      path.join(repoRoot, 'dist/main.js'),
    ],
    {
      cwd: repoRoot,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: '0',
        OTEL_TRACES_EXPORTER: 'none',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => {
      resolve(code);
    }),
  );

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(
        new Error(`service did not start in ${timeoutMs} ms\nstdout:\n${out}\nstderr:\n${err}`),
      );
    }, timeoutMs);
    const check = () => {
      const match =
        /"message":"listening"[^\n]*"port":(\d+)|"port":(\d+)[^\n]*"message":"listening"/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1] ?? match[2]));
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(
        new Error(`service exited with ${code} before listening\nstdout:\n${out}\nstderr:\n${err}`),
      );
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    process: child,
    stdout: () => out,
    stderr: () => err,
    warnings: (source) =>
      err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.source === source),
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}
