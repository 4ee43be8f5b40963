import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { freePort } from '../test/support/ports';

export const root = path.resolve(__dirname, '..');
/** The node flags of `npm start` and the image. */
export const servicePreload = [
  '--max-semi-space-size=8',
  '--require',
  path.join(root, 'dist/telemetry/preload.js'),
];

/**
 * With two or more CPUs the service runs alone on CPU 0 and everything else (this process
 * with the load generator, the Collector, the stand-ins) on the others, so that every case
 * measures what the service itself spends. Without taskset, nothing is pinned.
 */
export const cpuCount = os.availableParallelism();
const canPin = cpuCount >= 2 && spawnSync('taskset', ['-V']).status === 0;
const otherCpus = cpuCount === 2 ? '1' : `1-${cpuCount - 1}`;

export function pinningNote(): string {
  return canPin
    ? `service pinned to CPU 0; load generator, Collector and stand-ins on CPU ${otherCpus}`
    : 'nothing pinned (needs taskset and 2 CPUs)';
}

/** Moves this process (every thread) off the service's CPU; what it starts inherits that. */
export function pinSelf(): void {
  if (canPin) spawnSync('taskset', ['-a', '-p', '-c', otherCpus, String(process.pid)]);
}

/** The API container's memory limit in the chart, in bytes. */
function chartMemoryLimit(): number {
  const values = parse(readFileSync(path.join(root, 'charts/cruddur/values.yaml'), 'utf8')) as {
    api: { resources: { limits: { memory: string } } };
  };
  const limit = values.api.resources.limits.memory;
  const match = /^(\d+)(Mi|Gi)$/.exec(limit);
  if (!match) throw new Error(`api.resources.limits.memory: expected Mi or Gi, got ${limit}`);
  return Number(match[1]) * 2 ** (match[2] === 'Gi' ? 30 : 20);
}

/**
 * A memory cgroup with the chart's limit, so that the service sizes its heap as it does in
 * its container (Node reads the limit). Needs root and a writable cgroup v1 or v2 tree;
 * undefined otherwise.
 */
function memoryCgroup(): { procs: string; limitMiB: number; remove: () => void } | undefined {
  const limit = chartMemoryLimit();
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const dir = v2 ? '/sys/fs/cgroup/cruddur-bench' : '/sys/fs/cgroup/memory/cruddur-bench';
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(limit));
  } catch {
    // No permission, or no memory controller delegated to this level.
    if (existsSync(dir)) rmdirSync(dir);
    return undefined;
  }
  return {
    procs: path.join(dir, 'cgroup.procs'),
    limitMiB: limit / 2 ** 20,
    remove: () => {
      rmdirSync(dir);
    },
  };
}

let cgroup: ReturnType<typeof memoryCgroup> | null = null;

/** The cgroup the service runs in, created on first use. */
function serviceCgroup(): ReturnType<typeof memoryCgroup> {
  cgroup ??= memoryCgroup();
  return cgroup;
}

export function memoryNote(): string {
  const limited = serviceCgroup();
  return limited
    ? `service in a memory cgroup of ${limited.limitMiB} MiB (the chart's limit)`
    : 'service without a memory limit (needs root and a writable cgroup tree)';
}

/** Removes the cgroup once every service is stopped. */
export function removeCgroup(): void {
  cgroup?.remove();
  cgroup = null;
}

/** The command that runs node with `args` on CPU 0 and in the memory cgroup, when possible. */
function serviceCommand(args: string[]): [string, string[]] {
  const pinned = canPin
    ? ['taskset', '-c', '0', process.execPath, ...args]
    : [process.execPath, ...args];
  const limited = serviceCgroup();
  if (!limited) return [pinned[0] as string, pinned.slice(1)];
  // The shell joins the cgroup, then becomes the service (same pid).
  return ['sh', ['-c', `echo $$ > ${limited.procs} && exec "$@"`, 'sh', ...pinned]];
}

export interface Started {
  url: string;
  /** From spawn to the first 200 from /api/ready. */
  readyMs: number;
  /** Current and peak resident memory, and user+system CPU time so far. */
  usage: () => { rssMiB: number; peakRssMiB: number; cpuMs: number };
  /** The last 64 KiB the service wrote to stderr. */
  stderrTail: () => string;
  /** SIGTERM (spans and log lines are flushed, as in production); resolves with the exit code. */
  stop: () => Promise<number | null>;
}

const CLOCK_TICKS_PER_SECOND = 100;

function usageOf(pid: number): { rssMiB: number; peakRssMiB: number; cpuMs: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name in parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return {
    rssMiB: kib('VmRSS') / 1024,
    peakRssMiB: kib('VmHWM') / 1024,
    cpuMs: (ticks * 1000) / CLOCK_TICKS_PER_SECOND,
  };
}

/** Starts dist/main.js (on CPU 0 when pinning) with the node flags and env, and waits until ready. */
export async function startServer(
  nodeArgs: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<Started> {
  const port = await freePort();
  const [command, args] = serviceCommand([...nodeArgs, path.join(root, 'dist/main.js')]);
  const started = performance.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { PATH: process.env.PATH, PORT: String(port), ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-65_536);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`service exited with ${child.exitCode}: ${stderr}`);
    const ready = await fetch(`${url}/api/ready`).then(
      (res) => res.ok,
      () => false,
    );
    if (ready) break;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const readyMs = performance.now() - started;
  return {
    url,
    readyMs,
    usage: () => usageOf(child.pid as number),
    stderrTail: () => stderr,
    stop: async () => {
      const force = setTimeout(() => child.kill('SIGKILL'), 15_000);
      child.kill('SIGTERM');
      const code = await exited;
      clearTimeout(force);
      return code;
    },
  };
}

/** The service's shutdown line: `telemetry: N spans ended; otlp: N exported, N failed, N dropped`. */
export function spanAccount(stderr: string): { ended: number; exported: number } | undefined {
  const match = /telemetry: (\d+) spans ended; \w+: (\d+) exported/.exec(stderr);
  return match ? { ended: Number(match[1]), exported: Number(match[2]) } : undefined;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}
