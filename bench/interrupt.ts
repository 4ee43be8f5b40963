/**
 * An interrupted bench (Ctrl-C, a SIGTERM to it) stops what it started: the services pinned
 * to CPU 0, the Collector, the X-Ray daemon, wrk, and removes their memory cgroups. Its
 * `finally` blocks never run on a signal, and a SIGTERM reaches only this process, so every
 * process below it would go on running.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { descendants } from './process-tree';
import { removeCgroups } from './support';

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
