import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { CLOCK_TICKS_PER_SECOND, cpuTimeMs } from '../test/support/cpu-time';
import { launchService, type RunningService, type SpanAccount } from '../test/support/service';

export const root = path.resolve(__dirname, '..');

/**
 * With two or more CPUs the service runs alone on CPU 0 and everything else (this process
 * with the load generator, the Collector, the stand-ins) on the others, so that every case
 * measures what the service itself spends. Without taskset, nothing is pinned.
 */
export const cpuCount = os.availableParallelism();
let pinnable: boolean | undefined;
/** Asked when first needed, not on import: the test suites import this module. */
export function canPin(): boolean {
  pinnable ??= cpuCount >= 2 && spawnSync('taskset', ['-V']).status === 0;
  return pinnable;
}
const otherCpus = cpuCount === 2 ? '1' : `1-${cpuCount - 1}`;

export function pinningNote(): string {
  return canPin()
    ? `service pinned to CPU 0; load generator, Collector and stand-ins on CPU ${otherCpus}`
    : 'nothing pinned (needs taskset and 2 CPUs)';
}

/** Moves this process (every thread) off the service's CPU; what it starts inherits that. */
export function pinSelf(): void {
  if (canPin()) spawnSync('taskset', ['-a', '-p', '-c', otherCpus, String(process.pid)]);
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

interface Cgroup {
  procs: string;
  remove: () => void;
}

const chartLimit = chartMemoryLimit();

/**
 * A memory cgroup with the chart's limit, so that the service sizes its heap as it does in
 * its container (Node reads the limit). Needs root and a writable cgroup v1 or v2 tree;
 * undefined otherwise.
 */
function memoryCgroup(name: string): Cgroup | undefined {
  const v2 = existsSync('/sys/fs/cgroup/cgroup.controllers');
  const dir = v2 ? `/sys/fs/cgroup/${name}` : `/sys/fs/cgroup/memory/${name}`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, v2 ? 'memory.max' : 'memory.limit_in_bytes'), String(chartLimit));
  } catch {
    // No permission, or no memory controller delegated to this level.
    if (existsSync(dir)) rmdirSync(dir);
    return undefined;
  }
  return {
    procs: path.join(dir, 'cgroup.procs'),
    remove: () => {
      rmdirSync(dir);
    },
  };
}

/** One cgroup per service started, named after this bench process so two benches never share. */
const cgroups: Cgroup[] = [];
let cgroupsWork: boolean | undefined;

function newCgroup(): Cgroup | undefined {
  if (cgroupsWork === false) return undefined;
  const cgroup = memoryCgroup(`cruddur-bench-${process.pid}-${cgroups.length}`);
  cgroupsWork = cgroup !== undefined;
  if (cgroup) cgroups.push(cgroup);
  return cgroup;
}

export function memoryNote(): string {
  const probe = newCgroup();
  return probe
    ? `each service in a memory cgroup of ${chartLimit / 2 ** 20} MiB (the chart's limit)`
    : 'service without a memory limit (needs root and a writable cgroup tree)';
}

/** Removes the cgroups once every service is stopped. */
export function removeCgroups(): void {
  for (const cgroup of cgroups.splice(0)) {
    try {
      cgroup.remove();
    } catch (error) {
      // A process still in it: the others are removed all the same.
      process.stderr.write(`bench: a cgroup not removed: ${String(error)}\n`);
    }
  }
}

/**
 * The command of a service under test (ours, or the Flask backend it is compared with) run
 * on CPU 0 and in a memory cgroup of its own, when possible.
 */
export function serviceCommand(command: string[]): string[] {
  const pinned = canPin() ? ['taskset', '-c', String(SERVICE_CPU), ...command] : command;
  const limited = newCgroup();
  if (!limited) return pinned;
  // The shell joins the cgroup, then becomes the service (same pid).
  return ['sh', '-c', `echo $$ > ${limited.procs} && exec "$@"`, 'sh', ...pinned];
}

/** Current and peak resident memory, and user+system CPU time so far (every thread). */
export interface Usage {
  rssMiB: number;
  peakRssMiB: number;
  cpuMs: number;
}

export interface Started extends RunningService {
  usage: () => Usage;
}

export function usageOf(pid: number): Usage {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return {
    rssMiB: kib('VmRSS') / 1024,
    peakRssMiB: kib('VmHWM') / 1024,
    cpuMs: cpuTimeMs(pid),
  };
}

/**
 * Starts the service as the tests do (test/support/service.ts: production's flags unless
 * `nodeFlags` says otherwise), on CPU 0 and in the memory cgroup when possible, with its
 * log lines discarded.
 */
export async function startServer(
  env: NodeJS.ProcessEnv = {},
  nodeFlags?: string[],
): Promise<Started> {
  const service = await launchService(env, {
    nodeFlags,
    wrap: serviceCommand,
    stdout: 'ignore',
  });
  return { ...service, usage: () => usageOf(service.process.pid as number) };
}

/** The service's CPU, when pinned (see above). */
export const SERVICE_CPU = 0;

/** Busy time of one CPU so far (ms): user, nice, system, irq and softirq in /proc/stat. */
export function cpuBusyMs(cpu: number): number {
  const line = readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .find((entry) => entry.startsWith(`cpu${cpu} `));
  const [user, nice, system, , , irq, softirq] = (line ?? '').split(/\s+/).slice(1).map(Number);
  const ticks = [user, nice, system, irq, softirq].reduce<number>((sum, v) => sum + (v ?? 0), 0);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/** What a service's shutdown line said about its spans and export calls (test/support/service.ts). */
export interface AccountFigures {
  spansEnded?: number;
  spansExported?: number;
  /** Export calls, those that held the event loop over 1 ms, and the longest one. */
  exportCalls?: number;
  slowExportCalls?: number;
  longestExportCallMs?: number;
}

export function accountFigures(account: SpanAccount | undefined): AccountFigures {
  return {
    spansEnded: account?.ended,
    spansExported: account?.exported,
    exportCalls: account?.exportCalls,
    slowExportCalls: account?.slowExportCalls,
    longestExportCallMs: account?.longestExportCallMs,
  };
}
