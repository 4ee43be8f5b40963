import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './ports';
import { repoRoot } from './prerequisites';

/**
 * The node flags production starts the service with, read from package.json's `start`
 * script (the image's CMD is checked against the same script), with paths made absolute.
 */
export function productionNodeFlags(): string[] {
  const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    scripts: { start: string };
  };
  // `exec scripts/with-node.sh` only chooses the Node binary and replaces the shell.
  const command = manifest.scripts.start.replace(/^exec scripts\/with-node\.sh /, '');
  const [node, ...args] = command.split(/\s+/);
  if (node !== 'node' || args.pop() !== 'dist/main.js')
    throw new Error(`unexpected start script: ${manifest.scripts.start}`);
  return args.map((arg) => (arg.startsWith('./') ? path.join(repoRoot, arg) : arg));
}

/** The shutdown line: `telemetry: N spans ended; otlp: N exported, N failed, N dropped, N export calls (N over 1 ms, longest N ms)`. */
export interface SpanAccount {
  ended: number;
  exporter: string;
  exported: number;
  failed: number;
  dropped: number;
  exportCalls: number;
  slowExportCalls: number;
  longestExportCallMs: number;
}

export function spanAccount(stderr: string): SpanAccount | undefined {
  const match =
    /telemetry: (\d+) spans ended; ([\w-]+): (\d+) exported, (\d+) failed, (\d+) dropped, (\d+) export calls \((\d+) over 1 ms, longest ([\d.]+) ms\)/.exec(
      stderr,
    );
  if (!match) return undefined;
  const [ended, exported, failed, dropped, calls, slow, longest] = [1, 3, 4, 5, 6, 7, 8].map((i) =>
    Number(match[i]),
  );
  return {
    ended: ended ?? 0,
    exporter: match[2] ?? '',
    exported: exported ?? 0,
    failed: failed ?? 0,
    dropped: dropped ?? 0,
    exportCalls: calls ?? 0,
    slowExportCalls: slow ?? 0,
    longestExportCallMs: longest ?? 0,
  };
}

export interface LaunchOptions {
  /** Node flags before dist/main.js; production's by default. */
  nodeFlags?: string[];
  /** Turns `node ...args` into the command to spawn (a benchmark pins it to a CPU). */
  wrap?: (command: string[]) => string[];
  /** Tests read the log lines; a benchmark discards them, as a log collector would read them. */
  stdout?: 'pipe' | 'ignore';
  timeoutMs?: number;
}

export interface RunningService {
  url: string;
  port: number;
  process: ChildProcess;
  /** From spawn to the first 200 from /api/ready (the readiness probe). */
  readyMs: number;
  /** Everything the service wrote to stdout (when piped) and stderr so far. */
  stdout: () => string;
  stderr: () => string;
  /** The rate-limited JSON warn lines the service printed on stderr for `source`. */
  warnings: (source: string) => Record<string, unknown>[];
  /** The span account printed at exit, once the service has exited. */
  spanAccount: () => SpanAccount | undefined;
  /** Sends a signal and resolves with the exit code. */
  stop: (signal?: NodeJS.Signals) => Promise<number | null>;
  exited: Promise<number | null>;
}

async function untilReady(
  url: string,
  child: ChildProcess,
  timeoutMs: number,
  output: () => string,
) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode} before it was ready\n${output()}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready in ${timeoutMs} ms\n${output()}`);
    }
    const ready = await fetch(`${url}/api/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) return;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * The one way tests and benchmarks start the built service (dist/, made by `npm test`'s
 * build step): production's node flags and telemetry preload, on a free port, ready when
 * /api/ready answers 200, as Kubernetes judges it.
 */
export async function launchService(
  env: NodeJS.ProcessEnv,
  options: LaunchOptions = {},
): Promise<RunningService> {
  const port = await freePort();
  const node = [
    process.execPath,
    ...(options.nodeFlags ?? productionNodeFlags()),
    path.join(repoRoot, 'dist/main.js'),
  ];
  const [command, ...args] = options.wrap ? options.wrap(node) : node;
  const started = performance.now();
  const child = spawn(command as string, args, {
    cwd: repoRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), ...env },
    stdio: ['ignore', options.stdout ?? 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  await untilReady(
    url,
    child,
    options.timeoutMs ?? 15_000,
    () => `stdout:\n${out}\nstderr:\n${err}`,
  );
  return {
    url,
    port,
    process: child,
    readyMs: performance.now() - started,
    stdout: () => out,
    stderr: () => err,
    warnings: (source) =>
      err
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>)
        .filter((line) => line.source === source),
    spanAccount: () => spanAccount(err),
    exited,
    stop: (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** For tests: no spans anywhere unless the test names an exporter. */
export function startService(env: NodeJS.ProcessEnv = {}, timeoutMs?: number) {
  return launchService({ OTEL_TRACES_EXPORTER: 'none', ...env }, { timeoutMs });
}
