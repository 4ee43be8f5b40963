/**
 * An interrupted bench (Ctrl-C, a SIGTERM to it) stops what it started: the services pinned
 * to CPU 0, the Collector, the X-Ray daemon, wrk, and removes their memory cgroups. Its
 * `finally` blocks never run on a signal, and a SIGTERM reaches only this process, so every
 * process below it would go on running.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { removeCgroups } from './support';

/** The parent of each process, from /proc (Linux, as the bench's pinning and cgroups are). */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // It exited meanwhile.
    }
  }
  return parentOf;
}

/** Every process below `pid`. */
export function descendants(pid: number): number[] {
  const parentOf = [...parents()];
  const found: number[] = [];
  for (let level = [pid]; level.length > 0;) {
    level = parentOf.filter(([, ppid]) => level.includes(ppid)).map(([child]) => child);
    found.push(...level);
  }
  return found;
}

function signal(pids: number[], name: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, name);
    } catch {
      // Already gone.
    }
  }
}

/** SIGTERM to everything below, SIGKILL to what is left after 5 s, then the cgroups. */
async function stopEverything(): Promise<void> {
  signal(descendants(process.pid), 'SIGTERM');
  for (let waited = 0; waited < 5_000 && descendants(process.pid).length > 0; waited += 100)
    await sleep(100);
  signal(descendants(process.pid), 'SIGKILL');
  await sleep(100);
  removeCgroups();
}

export function stopEverythingOnSignals(): void {
  for (const [name, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    process.once(name, () => {
      process.stderr.write(`bench: ${name}, stopping what it started\n`);
      void stopEverything().finally(() => process.exit(code));
    });
  }
}
