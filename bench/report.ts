import type { Breakdown } from './breakdown';
import type { CaseId } from './cases';
import type { CaseResult, LoadSettings, SustainedResult } from './load';
import type { StartupResult } from './startup';

export interface BenchResults {
  date: string;
  machine: { cpu: string; cpus: number; memoryGiB: number; node: string; placement: string };
  settings: LoadSettings & { startupRuns: number };
  startup: StartupResult[];
  cases: CaseResult[];
  sustained: SustainedResult[];
  breakdown: Breakdown[];
}

interface Target {
  goal: string;
  measured: string;
  met: boolean;
}

const MIB_PER_MB = 1_000_000 / 1_048_576;

const fixed = (value: number, digits = 0) => value.toFixed(digits);
const ms = (value: number) => `${fixed(value, value < 10 ? 2 : 1)} ms`;
const ratio = (value: number, base: number) => `${fixed(value / base, 2)}×`;
/** The change from `base`, signed. */
const delta = (value: number, base: number) => `${value >= base ? '+' : ''}${ms(value - base)}`;
const optional = (value: number | undefined) => (value === undefined ? '–' : String(value));

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

function routeTable(cases: CaseResult[]): string {
  const base = cases[0];
  const rows = cases.flatMap((entry) =>
    entry.routes.map((route, index) => {
      const off = base?.routes[index] ?? route;
      return [
        entry.name,
        route.route,
        fixed(route.requestsPerSecond),
        ratio(route.requestsPerSecond, off.requestsPerSecond),
        ms(route.p50Ms),
        ms(route.p90Ms),
        ms(route.p99Ms),
        delta(route.p99Ms, off.p99Ms),
        String(route.errors),
        fixed(route.cpuMicrosPerRequest),
      ];
    }),
  );
  return table(
    ['case', 'route', 'req/s', '× off', 'p50', 'p90', 'p99', 'p99 vs off', 'errors', 'CPU µs/req'],
    rows,
  );
}

/** Ended but never delivered: not received by the Collector, or else not exported. */
function lost(entry: CaseResult): string {
  const delivered = entry.spansReceivedByCollector ?? entry.spansExported;
  return entry.spansEnded === undefined || delivered === undefined
    ? '–'
    : String(entry.spansEnded - delivered);
}

function caseTable(cases: CaseResult[]): string {
  const rows = cases.map((entry) => [
    entry.name,
    fixed(entry.peakRssMiB, 1),
    fixed(entry.cpuSeconds, 1),
    optional(entry.spansEnded),
    optional(entry.spansExported),
    optional(entry.spansReceivedByCollector),
    lost(entry),
    entry.sampledShare === undefined ? '–' : `${fixed(entry.sampledShare * 100)}%`,
    entry.longestExportCallMs === undefined ? '–' : ms(entry.longestExportCallMs),
    String(entry.exitCode),
  ]);
  return table(
    [
      'case',
      'peak RSS MiB',
      'CPU s',
      'spans ended',
      'exported',
      'received by Collector',
      'lost',
      'sampled',
      'longest export call',
      'exit code',
    ],
    rows,
  );
}

function sustainedTable(sustained: SustainedResult[]): string {
  const off = sustained[0];
  return table(
    [
      'case',
      'requests',
      'errors',
      'p50',
      'p99',
      'p99 vs off',
      'peak RSS MiB',
      'spans ended',
      'received by Collector',
    ],
    sustained.map((entry) => [
      `${entry.name}, ${entry.rate} req/s for ${entry.seconds} s`,
      String(entry.requests),
      String(entry.errors),
      ms(entry.p50Ms),
      ms(entry.p99Ms),
      off ? delta(entry.p99Ms, off.p99Ms) : '–',
      fixed(entry.peakRssMiB, 1),
      optional(entry.spansEnded),
      optional(entry.spansReceivedByCollector),
    ]),
  );
}

function startupTable(startup: StartupResult[]): string {
  const base = startup[0];
  return table(
    ['preload', 'start to ready', '× no preload', 'RSS MiB after one request'],
    startup.map((entry) => [
      entry.name,
      ms(entry.readyMs),
      base ? ratio(entry.readyMs, base.readyMs) : '–',
      fixed(entry.rssMiB, 1),
    ]),
  );
}

function breakdownTable(breakdown: Breakdown[]): string {
  const off = breakdown.find((entry) => entry.id === 'off');
  const traced = breakdown.filter((entry) => entry.id !== 'off');
  const parts = Object.keys(traced[0]?.parts ?? {});
  const rows = [
    ...parts.map((part) => [part, ...traced.map((entry) => fixed(entry.parts[part] ?? 0, 1))]),
    [
      'garbage collection, more than untraced',
      ...traced.map((entry) => fixed(entry.gcMicrosPerRequest - (off?.gcMicrosPerRequest ?? 0), 1)),
    ],
    [
      '**sum of the parts**',
      ...traced.map((entry) =>
        fixed(
          Object.values(entry.parts).reduce((sum, value) => sum + value, 0) +
            entry.gcMicrosPerRequest -
            (off?.gcMicrosPerRequest ?? 0),
          1,
        ),
      ),
    ],
    [
      'measured CPU µs/req, more than untraced (profiler running)',
      ...traced.map((entry) =>
        fixed(entry.cpuMicrosPerRequest - (off?.cpuMicrosPerRequest ?? 0), 1),
      ),
    ],
  ];
  return [
    `Where tracing's CPU goes on GET /api/activities/home, µs per request, from a CPU profile of each case (untraced: ${fixed(off?.cpuMicrosPerRequest ?? 0)} µs/req while profiled):`,
    '',
    table(['part', ...traced.map((entry) => entry.name)], rows),
  ].join('\n');
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

export function markdown(results: BenchResults): string {
  const { machine, settings } = results;
  return [
    `Measured ${results.date} on ${machine.cpus} × ${machine.cpu}, ${fixed(machine.memoryGiB)} GiB, Node ${machine.node}; ${machine.placement}.`,
    `autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per route after ${settings.warmupSeconds} s of warm-up; start-up is the median of ${settings.startupRuns} runs.`,
    '',
    table(
      ['target', 'measured', 'met'],
      targets(results).map((t) => [t.goal, t.measured, t.met ? 'yes' : '**no**']),
    ),
    '',
    routeTable(results.cases),
    '',
    caseTable(results.cases),
    '',
    ...(results.sustained.length > 0 ? [sustainedTable(results.sustained), ''] : []),
    ...(results.breakdown.length > 0 ? [breakdownTable(results.breakdown), ''] : []),
    startupTable(results.startup),
    '',
  ].join('\n');
}
