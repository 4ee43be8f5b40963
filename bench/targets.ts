/** The targets, judged on one run's results (reported, never asserted). */
import type { CaseId } from './cases';
import { delta, fixed, MIB_PER_MB, ms, optional } from './format';
import type { CaseResult, SustainedResult } from './load';
import type { BenchResults } from './results';

export interface Target {
  goal: string;
  measured: string;
  met: boolean;
}

const byId = <T extends { id: CaseId }>(list: T[], id: CaseId) =>
  list.find((entry) => entry.id === id);

/** The worst route's throughput ratio and CPU difference of `entry` against `off`. */
function worstRoute(entry: CaseResult, off: CaseResult) {
  const routes = entry.routes.map((route, i) => {
    const base = off.routes[i] ?? route;
    return {
      ratio: route.requestsPerSecond / base.requestsPerSecond,
      extraCpu: route.cpuMicrosPerRequest - base.cpuMicrosPerRequest,
    };
  });
  return {
    ratio: Math.min(...routes.map((route) => route.ratio)),
    extraCpu: Math.max(...routes.map((route) => route.extraCpu)),
  };
}

function throughputTargets(cases: CaseResult[]): Target[] {
  const off = byId(cases, 'off');
  const list: Target[] = [];
  const unsampled = byId(cases, 'unsampled');
  const production = byId(cases, 'production');
  const full = byId(cases, 'full');
  if (!off) return list;
  if (unsampled) {
    const { extraCpu } = worstRoute(unsampled, off);
    list.push({
      goal: 'an unsampled request costs ≤ 10 µs of CPU more than untraced (worst route)',
      measured: `+${fixed(extraCpu, 1)} µs`,
      met: extraCpu <= 10,
    });
  }
  if (production) {
    const { ratio } = worstRoute(production, off);
    list.push({
      goal: 'production sampling keeps ≥ 0.85× of untraced throughput (worst route)',
      measured: `${fixed(ratio, 2)}×`,
      met: ratio >= 0.85,
    });
  }
  if (full) {
    const { ratio } = worstRoute(full, off);
    list.push({
      goal: '100% sampling keeps ≥ 0.60× of untraced throughput, goal 0.75× (worst route)',
      measured: `${fixed(ratio, 2)}×`,
      met: ratio >= 0.6,
    });
  }
  return list;
}

function steadyTargets(sustained: SustainedResult[]): Target[] {
  const off = byId(sustained, 'off');
  if (!off) return [];
  const list: Target[] = [];
  for (const [id, budget] of [
    ['production', 1],
    ['full', 2],
  ] as const) {
    const entry = byId(sustained, id);
    if (!entry) continue;
    const added = entry.p99Ms - off.p99Ms;
    list.push({
      goal: `${entry.name}: p99 at a steady ${entry.rate} req/s within ${budget} ms of untraced`,
      measured: delta(entry.p99Ms, off.p99Ms),
      met: added <= budget,
    });
  }
  const full = byId(sustained, 'full');
  if (full) {
    const received = full.spansReceivedByCollector ?? 0;
    list.push({
      goal: `no span lost at ${full.rate} req/s for ${full.seconds} s at 100%`,
      measured: `${received} of ${optional(full.spansEnded)} received`,
      met: received === full.spansEnded && full.errors === 0,
    });
  }
  return list;
}

/** The targets, judged on these results (reported, never asserted). */
export function targets(results: BenchResults): Target[] {
  const list = [...throughputTargets(results.cases), ...steadyTargets(results.sustained)];
  const calls = [...results.cases, ...results.sustained].flatMap((entry) =>
    entry.longestExportCallMs === undefined ? [] : [entry.longestExportCallMs],
  );
  if (calls.length > 0) {
    const longest = Math.max(...calls);
    list.push({
      goal: 'no export call blocks the event loop for more than 1 ms (every case)',
      measured: ms(longest),
      met: longest <= 1,
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
  const peak = Math.max(...[...results.cases, ...results.sustained].map((e) => e.peakRssMiB));
  list.push({
    goal: 'peak RSS < 150 MB in every case, CloudWatch shipping included',
    measured: `${fixed(peak / MIB_PER_MB)} MB`,
    met: peak / MIB_PER_MB < 150,
  });
  return list;
}
