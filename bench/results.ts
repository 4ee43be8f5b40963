import type { Breakdown } from './breakdown';
import type { FlaskSection } from './flask';
import type { CaseResult, LoadSettings } from './load';
import type { LoggingResult } from './logging';
import type { PairedRoute, PairedSettings } from './paired';
import type { SpanPathResult } from './span-path';
import type { StartupResult } from './startup';
import type { SteadyResults } from './steady';

/** Everything one `npm run bench` measured: bench/results/latest.json. */
export interface BenchResults {
  date: string;
  machine: {
    cpu: string;
    cpus: number;
    memoryGiB: number;
    node: string;
    placement: string;
    /** The 1-minute load average before and after, and BENCH_NOTE (absent before issue 22). */
    busy?: { loadAtStart: number; loadAtEnd: number; note: string | undefined };
  };
  settings: LoadSettings & { startupRuns: number; paired: PairedSettings };
  startup: StartupResult[];
  /** The cases interleaved, which the throughput targets judge. */
  paired: PairedRoute[];
  /** Every case, one after another. */
  cases: CaseResult[];
  steady?: SteadyResults;
  /** A log line through winston against a bare write (absent in results from before issue 22). */
  logging?: LoggingResult;
  /** Tracing's own CPU per request with no socket under it (absent before it was added). */
  spanPath?: SpanPathResult;
  breakdown: Breakdown[];
  flask?: FlaskSection;
}
