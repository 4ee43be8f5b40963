import type { Breakdown } from './breakdown';
import type { FlaskSection } from './flask';
import type { LoadSettings, CaseResult, SustainedResult } from './load';
import type { StartupResult } from './startup';

/** Everything one `npm run bench` measured: bench/results/latest.json. */
export interface BenchResults {
  date: string;
  machine: { cpu: string; cpus: number; memoryGiB: number; node: string; placement: string };
  settings: LoadSettings & { startupRuns: number };
  startup: StartupResult[];
  cases: CaseResult[];
  sustained: SustainedResult[];
  breakdown: Breakdown[];
  flask?: FlaskSection;
}
