/**
 * Work to finish before the process exits (flushing spans, logs, error reports).
 * A module-level registry, so the telemetry preload can register before main runs.
 */
type Hook = () => Promise<unknown>;

const hooks: { name: string; run: Hook }[] = [];

export function onShutdown(name: string, run: Hook): void {
  hooks.push({ name, run });
}

/**
 * Runs the hooks in reverse order of registration (the last set up is the first torn
 * down), each bounded by `timeoutMs`, and returns the names of those that failed or
 * timed out.
 */
export async function runShutdownHooks(timeoutMs: number): Promise<string[]> {
  const failed: string[] = [];
  for (const hook of [...hooks].reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => {
        resolve('timeout');
      }, timeoutMs);
    });
    try {
      if ((await Promise.race([hook.run(), timeout])) === 'timeout')
        failed.push(`${hook.name} (timed out)`);
    } catch {
      failed.push(hook.name);
    } finally {
      clearTimeout(timer);
    }
  }
  return failed;
}
