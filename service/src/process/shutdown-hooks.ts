/**
 * Work to finish before the process exits (flushing spans, logs, error reports).
 * A module-level registry, so the telemetry preload can register before main runs.
 * Each hook is told how long it has left and should give up by then.
 */
type Hook = (timeoutMs: number) => Promise<unknown>;

const hooks: { name: string; run: Hook }[] = [];

export function onShutdown(name: string, run: Hook): void {
  hooks.push({ name, run });
}

/**
 * Runs every hook at once (each sends to its own destination and waits on no other) and
 * returns within `timeoutMs` with the names of the hooks that failed or were still running.
 */
export async function runShutdownHooks(timeoutMs: number): Promise<string[]> {
  const failed: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, timeoutMs);
  });
  const pending = new Set(hooks.map((hook) => hook.name));
  const runs = hooks.map(async (hook) => {
    try {
      await hook.run(timeoutMs);
    } catch {
      failed.push(hook.name);
    } finally {
      pending.delete(hook.name);
    }
  });
  await Promise.race([Promise.all(runs), deadline]);
  clearTimeout(timer);
  return [...failed, ...[...pending].map((name) => `${name} (timed out)`)];
}
