/** The targets, judged on one run's results (reported, never asserted). */
import type { CaseId } from './cases';
import { delta, fixed, MIB_PER_MB, ms } from './format';
import type { PairedRoute } from './paired';
import { compared, extraCpu, throughputRatio } from './rounds';
import type { BenchResults } from './results';
import type { SteadyResults } from './steady';

export interface Target {
  goal: string;
  measured: string;
  met: boolean;
}

const byId = <T extends { id: CaseId }>(list: T[], id: CaseId) =>
  list.find((entry) => entry.id === id);

/** The worst route's interleaved figures for `id` against tracing off: lowest ratio, largest extra CPU. */
function worstRoute(paired: PairedRoute[], id: CaseId) {
  const ratios = paired.flatMap((route) => compared(route, id, 'off', throughputRatio) ?? []);
  const extra = paired.flatMap((route) => compared(route, id, 'off', extraCpu) ?? []);
  if (ratios.length === 0) return undefined;
  return {
    ratio: Math.min(...ratios.map((entry) => entry.median)),
    extraCpu: Math.max(...extra.map((entry) => entry.median)),
  };
}

function throughputTargets(paired: PairedRoute[]): Target[] {
  const list: Target[] = [];
  const unsampled = worstRoute(paired, 'unsampled');
  if (unsampled) {
    list.push({
      goal: 'an unsampled request costs ≤ 10 µs of CPU more than untraced (worst route)',
      measured: `+${fixed(unsampled.extraCpu, 1)} µs`,
      met: unsampled.extraCpu <= 10,
    });
  }
  for (const [id, floor, goal] of [
    ['production', 0.85, 'production sampling keeps ≥ 0.85×'],
    ['full', 0.6, '100% sampling keeps ≥ 0.60× (goal 0.75×)'],
  ] as const) {
    const worst = worstRoute(paired, id);
    if (!worst) continue;
    list.push({
      goal: `${goal} of untraced throughput (worst route)`,
      measured: `${fixed(worst.ratio, 2)}×`,
      met: worst.ratio >= floor,
    });
  }
  return list;
}

function steadyTargets(steady: SteadyResults | undefined): Target[] {
  const off = steady && byId(steady.cases, 'off');
  if (!steady || !off) return [];
  const list: Target[] = [];
  for (const [id, budget] of [
    ['production', 1],
    ['full', 2],
  ] as const) {
    const entry = byId(steady.cases, id);
    if (!entry) continue;
    list.push({
      goal: `${entry.name}: p99 at a steady ${entry.rate} req/s within ${budget} ms of untraced`,
      measured: delta(entry.p99Ms, off.p99Ms),
      met: entry.p99Ms - off.p99Ms <= budget,
    });
  }
  const full = byId(steady.cases, 'full');
  const ended = steady.cases.reduce((sum, entry) => sum + (entry.spansEnded ?? 0), 0);
  if (full) {
    list.push({
      goal: `no span lost at ${full.rate} req/s for ${full.seconds} s at 100% (and at the production default)`,
      measured: `${steady.receivedByCollector} of ${ended} received`,
      met: steady.receivedByCollector === ended && steady.cases.every((e) => e.errors === 0),
    });
  }
  return list;
}

/** The targets, judged on these results (reported, never asserted). */
export function targets(results: BenchResults): Target[] {
  const steady = results.steady?.cases ?? [];
  const list = [...throughputTargets(results.paired), ...steadyTargets(results.steady)];
  const exporting = [...results.cases, ...steady].filter((entry) => entry.exportCalls);
  if (exporting.length > 0) {
    const sum = (pick: (entry: (typeof exporting)[number]) => number | undefined) =>
      exporting.reduce((total, entry) => total + (pick(entry) ?? 0), 0);
    const slow = sum((entry) => entry.slowExportCalls);
    const longest = Math.max(...exporting.map((entry) => entry.longestExportCallMs ?? 0));
    list.push({
      goal: 'no export call blocks the event loop for more than 1 ms (every case)',
      measured: `${slow} of ${sum((entry) => entry.exportCalls)} calls over 1 ms; longest ${ms(longest)}`,
      met: slow === 0,
    });
  }
  const traced = results.startup.find((entry) => entry.name.startsWith('tracing on'));
  if (traced) {
    list.push({
      goal: 'start to ready < 1.5 s with tracing on',
      measured: ms(traced.readyMs),
      met: traced.readyMs < 1500,
    });
  }
  const peak = Math.max(...[...results.cases, ...steady].map((e) => e.peakRssMiB));
  list.push({
    goal: 'peak RSS < 150 MB in every case, CloudWatch shipping included',
    measured: `${fixed(peak / MIB_PER_MB)} MB`,
    met: peak / MIB_PER_MB < 150,
  });
  return list;
}
