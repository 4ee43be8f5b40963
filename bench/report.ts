import type { CaseResult, LoadSettings, SustainedResult } from './load';
import type { StartupResult } from './startup';

export interface BenchResults {
  date: string;
  machine: { cpu: string; cpus: number; memoryGiB: number; node: string; placement: string };
  settings: LoadSettings & { startupRuns: number };
  startup: StartupResult[];
  cases: CaseResult[];
  sustained: SustainedResult[];
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

/** The targets, judged on these results (reported, never asserted). */
export function targets(results: BenchResults): Target[] {
  const [off, collector] = results.cases;
  const list: Target[] = [];
  if (off && collector) {
    const ratios = collector.routes.map(
      (route, i) => route.requestsPerSecond / (off.routes[i]?.requestsPerSecond ?? Infinity),
    );
    const added = collector.routes.map((route, i) => route.p99Ms - (off.routes[i]?.p99Ms ?? 0));
    list.push(
      {
        goal: 'tracing → Collector keeps ≥ 90% of the throughput (worst route)',
        measured: `${fixed(Math.min(...ratios) * 100)}%`,
        met: Math.min(...ratios) >= 0.9,
      },
      {
        goal: 'tracing → Collector adds ≤ 1 ms to p99 (worst route)',
        measured: ms(Math.max(...added)),
        met: Math.max(...added) <= 1,
      },
    );
  }
  const [steadyOff, steady] = results.sustained;
  if (steadyOff && steady) {
    const added = steady.p99Ms - steadyOff.p99Ms;
    const received = steady.spansReceivedByCollector ?? 0;
    list.push(
      {
        goal: `tracing → Collector adds ≤ 1 ms to p99 at a steady ${steady.rate} req/s`,
        measured: ms(added),
        met: added <= 1,
      },
      {
        goal: `no span lost at ${steady.rate} req/s for ${steady.seconds} s, default settings`,
        measured: `${received} of ${optional(steady.spansEnded)} received`,
        met: received === steady.spansEnded && steady.errors === 0,
      },
    );
  }
  const traced = results.startup.find((entry) => entry.name.startsWith('tracing on'));
  if (traced) {
    list.push({
      goal: 'start to ready < 1.5 s with tracing on',
      measured: ms(traced.readyMs),
      met: traced.readyMs < 1500,
    });
  }
  const peak = Math.max(...results.cases.map((entry) => entry.peakRssMiB));
  list.push({
    goal: 'RSS < 150 MB under load (worst case)',
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
    startupTable(results.startup),
    '',
  ].join('\n');
}
