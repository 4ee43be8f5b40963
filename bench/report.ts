import type { Breakdown } from './breakdown';
import { delta, fixed, ms, optional, ratio, signed, table } from './format';
import type { CaseResult } from './load';
import type { PairedRoute, PairedSettings } from './paired';
import { compared, extraCpu, spread, throughputRatio } from './rounds';
import { goalsTable } from './goals';
import { CALIBRATION_MICROS } from './bare-koa';
import { loggingTable } from './logging';
import { flaskTargets, flaskText } from './report-flask';
import { spanPathTable } from './span-path';
import type { BenchResults } from './results';
import type { StartupResult } from './startup';
import type { AccountFigures } from './support';
import type { SteadyResults } from './steady';
import { targets } from './targets';

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
    exportCalls(entry),
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
      'export calls: over 1 ms, longest',
      'exit code',
    ],
    rows,
  );
}

function exportCalls(entry: AccountFigures): string {
  if (!entry.exportCalls) return '–';
  return `${entry.exportCalls}: ${optional(entry.slowExportCalls)}, ${ms(entry.longestExportCallMs ?? 0)}`;
}

function steadyTable(steady: SteadyResults): string {
  const off = steady.cases[0];
  return [
    table(
      [
        'case',
        'requests',
        'errors',
        'p50',
        'p99',
        'p99 vs off',
        'peak RSS MiB',
        'spans ended',
        'exported',
        'export calls: over 1 ms, longest',
      ],
      steady.cases.map((entry) => [
        `${entry.name}, ${entry.rate} req/s for ${entry.seconds} s`,
        String(entry.requests),
        String(entry.errors),
        ms(entry.p50Ms),
        ms(entry.p99Ms),
        off ? delta(entry.p99Ms, off.p99Ms) : '–',
        fixed(entry.peakRssMiB, 1),
        optional(entry.spansEnded),
        optional(entry.spansExported),
        exportCalls(entry),
      ]),
    ),
    '',
    `The Collector accepted ${steady.receivedByCollector} spans meanwhile.`,
  ].join('\n');
}

function pairedRows(route: PairedRoute): string[][] {
  return route.contenders.map((entry) => {
    const times = compared(route, entry.id, 'off', throughputRatio);
    const cpu = compared(route, entry.id, 'off', extraCpu);
    return [
      entry.name,
      route.route,
      fixed(spread(entry.turns.map((turn) => turn.requestsPerSecond)).median),
      times ? `${fixed(times.median, 2)}×` : '–',
      times ? `${fixed(times.min, 2)}–${fixed(times.max, 2)}×` : '–',
      fixed(spread(entry.turns.map((turn) => turn.cpuMicros)).median),
      cpu ? signed(cpu.median) : '–',
    ];
  });
}

/** How much of the service's core other work took during the turns, when it was pinned. */
function othersNote(paired: PairedRoute[]): string[] {
  const shares = paired.flatMap((route) =>
    route.contenders.flatMap((entry) => entry.turns.flatMap((turn) => turn.othersOnCpu ?? [])),
  );
  if (shares.length === 0) return [];
  const { median, max } = spread(shares);
  const percent = (share: number) => `${fixed(share * 100)}%`;
  return [
    '',
    `Other processes and interrupts took ${percent(median)} of the services' CPU in the median turn, ${percent(max)} at most.`,
  ];
}

/**
 * What a known amount of work shows as: bare Koa given CALIBRATION_MICROS more CPU per
 * request, against bare Koa, in the same rounds. Above 1, this machine adds to every µs a
 * server spends at that rate (docs/performance.md, "This machine").
 */
function calibrationNote(paired: PairedRoute[]): string[] {
  const home = paired.find((route) => route.contenders.some((entry) => entry.id === 'bare-koa'));
  const extra = compared(home, 'bare-koa-work', 'bare-koa', extraCpu);
  if (!extra) return [];
  const per = (value: number) => fixed(value / CALIBRATION_MICROS, 2);
  return [
    '',
    `Calibration: ${CALIBRATION_MICROS} µs more CPU per request in bare Koa measured ${signed(extra.median)} µs (${signed(extra.min)} to ${signed(extra.max)} over rounds): ${per(extra.median)} µs measured per µs spent (${per(extra.min)} to ${per(extra.max)}).`,
  ];
}

function pairedTable(paired: PairedRoute[], settings: PairedSettings): string {
  return [
    `Interleaved (${settings.processes ?? 1} server${(settings.processes ?? 1) > 1 ? 's' : ''} per case, a round's figure their mean; ${settings.rounds} rounds of ${settings.seconds} s turns; medians over rounds, ratios and differences taken within each round):`,
    '',
    table(
      ['case', 'route', 'req/s', '× off', 'range over rounds', 'CPU µs/req', 'CPU µs/req vs off'],
      paired.flatMap(pairedRows),
    ),
    ...calibrationNote(paired),
    ...othersNote(paired),
  ].join('\n');
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

const total = (values: Record<string, number> | undefined) =>
  Object.values(values ?? {}).reduce((sum, value) => sum + value, 0);

/** What the profile holds beyond tracing's parts and GC, more than untraced, and its largest owners. */
function restOf(entry: Breakdown, off: Breakdown | undefined): [string, string] {
  const grown = Object.entries(entry.others ?? {})
    .map(([who, micros]) => [who, micros - (off?.others?.[who] ?? 0)] as const)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([who, micros]) => `${who === 'other' ? 'Node' : who} ${signed(micros)}`);
  return [fixed(total(entry.others) - total(off?.others), 1), grown.join(', ')];
}

/** CPU the process spent outside the profiled thread's JS (other threads, the kernel, the profiler). */
const outside = (entry: Breakdown) =>
  entry.cpuMicrosPerRequest - total(entry.parts) - entry.gcMicrosPerRequest - total(entry.others);

function breakdownTable(breakdown: Breakdown[]): string {
  const off = breakdown.find((entry) => entry.id === 'off');
  const traced = breakdown.filter((entry) => entry.id !== 'off');
  const parts = Object.keys(traced[0]?.parts ?? {});
  const gc = (entry: Breakdown) => entry.gcMicrosPerRequest - (off?.gcMicrosPerRequest ?? 0);
  const row = (name: string, figure: (entry: Breakdown) => string) => [name, ...traced.map(figure)];
  const rows = [
    ...parts.map((part) => row(part, (entry) => fixed(entry.parts[part] ?? 0, 1))),
    row('garbage collection, more than untraced', (entry) => fixed(gc(entry), 1)),
    row('**sum of the parts**', (entry) => fixed(total(entry.parts) + gc(entry), 1)),
    row(
      'the rest of the profile (Koa, Node, logging, the app), more than untraced',
      (entry) => restOf(entry, off)[0],
    ),
    row('… most of it', (entry) => restOf(entry, off)[1]),
    row('outside the profile (other threads, the kernel), more than untraced', (entry) =>
      fixed(outside(entry) - (off ? outside(off) : 0), 1),
    ),
    row('**measured CPU µs/req, more than untraced** (profiler running)', (entry) =>
      fixed(entry.cpuMicrosPerRequest - (off?.cpuMicrosPerRequest ?? 0), 1),
    ),
  ];
  return [
    `Where tracing's CPU goes on GET /api/activities/home, µs per request, from a CPU profile of each case (untraced: ${fixed(off?.cpuMicrosPerRequest ?? 0)} µs/req while profiled); the parts, the rest and what lies outside the profile add up to the measured difference:`,
    '',
    table(['part', ...traced.map((entry) => entry.name)], rows),
  ].join('\n');
}

/** What else the machine was doing: the load average around the run, and BENCH_NOTE. */
function busyNote(busy: BenchResults['machine']['busy']): string[] {
  if (!busy) return [];
  const load = `The 1-minute load average was ${fixed(busy.loadAtStart, 1)} when it started and ${fixed(busy.loadAtEnd, 1)} when it ended`;
  return [busy.note ? `${load}; meanwhile: ${busy.note}.` : `${load}.`];
}

const caseNames = (results: BenchResults) =>
  new Map(results.cases.map((entry) => [entry.id, entry.name]));

export function markdown(results: BenchResults): string {
  const { machine, settings } = results;
  return [
    `Measured ${results.date} on ${machine.cpus} × ${machine.cpu}, ${fixed(machine.memoryGiB)} GiB, Node ${machine.node}; ${machine.placement}.`,
    ...busyNote(machine.busy),
    `autocannon, ${settings.connections} connections, ${settings.durationSeconds} s per route after ${settings.warmupSeconds} s of warm-up; start-up is the median of ${settings.startupRuns} runs.`,
    '',
    goalsTable(results),
    '',
    'The targets of earlier issues:',
    '',
    table(
      ['target', 'measured', 'met'],
      [...targets(results), ...flaskTargets(results.flask)].map((t) => [
        t.goal,
        t.measured,
        t.met ? 'yes' : '**no**',
      ]),
    ),
    '',
    pairedTable(results.paired, settings.paired),
    '',
    ...(results.logging ? [loggingTable(results.logging), ''] : []),
    ...(results.spanPath ? [spanPathTable(results.spanPath, caseNames(results)), ''] : []),
    'Each case on its own, one after another (every route, and memory, spans and export calls):',
    '',
    routeTable(results.cases),
    '',
    caseTable(results.cases),
    '',
    ...(results.steady ? [steadyTable(results.steady), ''] : []),
    ...(results.breakdown.length > 0 ? [breakdownTable(results.breakdown), ''] : []),
    startupTable(results.startup),
    '',
    ...(results.flask ? [flaskText(results.flask)] : []),
  ].join('\n');
}
