/**
 * Reports failures of the process's own plumbing (log shipping, error reporting, span
 * export) on stderr: the first failure of each source at once, then at most one line per
 * interval with a count of what was held back, so a dependency that stays down for hours
 * costs a handful of lines instead of one per attempt.
 */
export class DependencyFailures {
  private readonly sources = new Map<string, { lastAt: number; suppressed: number }>();

  constructor(
    private readonly write: (line: string) => void = (line) => process.stderr.write(line),
    private readonly intervalMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  report(source: string, problem: unknown): void {
    const at = this.now();
    const state = this.sources.get(source);
    if (state && at - state.lastAt < this.intervalMs) {
      state.suppressed += 1;
      return;
    }
    const suppressed = state?.suppressed ?? 0;
    this.sources.set(source, { lastAt: at, suppressed: 0 });
    const line = {
      time: new Date(at).toISOString(),
      level: 'warn',
      message: `${source} failed`,
      source,
      error: describe(problem),
      ...(suppressed > 0 ? { suppressed_since_last_report: suppressed } : {}),
    };
    this.write(`${JSON.stringify(line)}\n`);
  }
}

/** The error's name and message only: stacks and request details stay out of the line. */
function describe(problem: unknown): string {
  if (problem instanceof Error) {
    const code = (problem as { code?: unknown }).code;
    const name = problem.name === 'Error' && typeof code === 'string' ? code : problem.name;
    return `${name}: ${problem.message}`;
  }
  return String(problem);
}
