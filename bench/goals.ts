/**
 * The goals table (issue 22's, and issue 21's cost of CloudWatch shipping), every figure of
 * it judged on one run: the issue's "today", what this run measured (the median over
 * rounds), the range over rounds, the floor and the goal.
 */
import { fixed, MIB_PER_MB, signed, table } from './format';
import { flaskTimes } from './report-flask';
import type { CaseId } from './cases';
import type { PairedRoute } from './paired';
import type { BenchResults } from './results';
import { capacityRatio, compared, extraCpu, type Spread, spread, throughputRatio } from './rounds';
import type { SteadyResults } from './steady';
import { HOME } from './routes';

interface Goal {
  measure: string;
  today: string;
  /** Higher is better (a ratio) or lower (a cost). */
  better: 'higher' | 'lower';
  floor: number;
  goal: number;
  unit: (value: number) => string;
  figure: Spread | undefined;
  /** How the figure's range was taken, when not over the interleaved rounds. */
  rangeNote?: string;
  /** A throughput ratio from CPU per request instead (rounds.ts capacityRatio). */
  byCpu?: Spread;
}

const times = (value: number) => `${fixed(value, 2)}×`;
const micros = (value: number) => `${signed(value)} µs`;
const millis = (value: number) => `${signed(value)} ms`;

function verdict({ better, floor, goal, figure }: Goal): string {
  if (!figure) return '–';
  const reaches = (bound: number) =>
    better === 'higher' ? figure.median >= bound : figure.median <= bound;
  if (reaches(goal)) return 'goal';
  return reaches(floor) ? 'floor' : '**no**';
}

const withRange = ({ median, min, max }: Spread, unit: (value: number) => string) =>
  min === max ? unit(median) : `${unit(median)} (${unit(min)} to ${unit(max)})`;

function row(goal: Goal): string[] {
  const { figure, unit } = goal;
  const bound = (value: number) => `${goal.better === 'higher' ? '≥' : '≤'} ${unit(value)}`;
  return [
    goal.measure,
    goal.today,
    figure ? unit(figure.median) : 'not measured',
    goal.rangeNote ?? (figure ? `${unit(figure.min)} to ${unit(figure.max)}` : '–'),
    bound(goal.floor),
    bound(goal.goal),
    verdict(goal),
    goal.byCpu ? withRange(goal.byCpu, unit) : '–',
  ];
}

/** The route whose median extra CPU for `id` over `base` is largest. */
function worstExtraCpu(paired: PairedRoute[], id: CaseId, base: CaseId) {
  const figures = paired.flatMap((route) => {
    const figure = compared(route, id, base, extraCpu);
    return figure ? [{ route: route.route, figure }] : [];
  });
  return figures.sort((a, b) => b.figure.median - a.figure.median)[0];
}

/** Production's p99 minus untraced's, all turns together, and round by round. */
function steadyP99(steady: SteadyResults | undefined): Spread | undefined {
  const off = steady?.cases.find((entry) => entry.id === 'off');
  const production = steady?.cases.find((entry) => entry.id === 'production');
  if (!off || !production) return undefined;
  const rounds = production.turnP99Ms.map((p99, i) => p99 - (off.turnP99Ms[i] ?? p99));
  return { ...spread(rounds), median: production.p99Ms - off.p99Ms };
}

type Judged = Pick<Goal, 'measure' | 'today' | 'floor' | 'goal' | 'figure' | 'byCpu'>;

const ratioGoal = (goal: Judged): Goal => ({
  ...goal,
  better: 'higher',
  unit: (value) => fixed(value, 2),
});
const costGoal = (goal: Judged, unit: (value: number) => string): Goal => ({
  ...goal,
  better: 'lower',
  unit,
});

function goals(results: BenchResults): Goal[] {
  const home = results.paired.find((route) => route.route === HOME.name);
  const overBare = (id: 'off' | 'production' | 'full') => ({
    figure: compared(home, id, 'bare-koa', throughputRatio),
    byCpu: compared(home, id, 'bare-koa', capacityRatio),
  });
  const unsampled = worstExtraCpu(results.paired, 'unsampled', 'off');
  const cloudWatch = worstExtraCpu(results.paired, 'cloudwatch', 'full');
  const flask = flaskTimes(results.flask);
  const once = (value: number | undefined) =>
    value === undefined ? undefined : { median: value, min: value, max: value };
  return [
    ratioGoal({
      measure: 'ours untraced ÷ bare Koa (req/s, same run)',
      today: '0.20',
      floor: 0.4,
      goal: 0.5,
      ...overBare('off'),
    }),
    costGoal(
      {
        measure: `unsampled: extra CPU per request over untraced (worst route${unsampled ? `: ${unsampled.route}` : ''})`,
        today: '+40–50 µs',
        floor: 15,
        goal: 10,
        figure: unsampled?.figure,
      },
      micros,
    ),
    ratioGoal({
      measure: 'production default (the shipped X-Ray rule) ÷ bare Koa',
      today: 'about 0.17',
      floor: 0.33,
      goal: 0.4,
      ...overBare('production'),
    }),
    ratioGoal({
      measure: '100% to the Collector ÷ bare Koa',
      today: 'about 0.13',
      floor: 0.25,
      goal: 0.3,
      ...overBare('full'),
    }),
    costGoal(
      {
        measure: 'p99 at a steady 1000 req/s, production default vs untraced',
        today: '+34 ms (bench, 11-29)',
        floor: 5,
        goal: 1,
        figure: steadyP99(results.steady),
      },
      millis,
    ),
    costGoal(
      {
        measure: `CloudWatch shipping (issue 21): extra CPU per request over the same case without it (100% → Collector; worst route${cloudWatch ? `: ${cloudWatch.route}` : ''})`,
        today: 'about +400 µs',
        floor: 30,
        goal: 30,
        figure: cloudWatch?.figure,
      },
      micros,
    ),
    {
      measure: 'ours traced at 100% ÷ Flask traced (the Flask comparison, wrk)',
      today: '4.65× (bench, 11-29)',
      better: 'higher',
      floor: 8,
      goal: 10,
      unit: times,
      figure: once(flask?.requests),
      byCpu: once(flask?.cpu),
      rangeNote: 'one run',
    },
  ];
}

/** Peak RSS (every case) and start to ready with tracing on: no worse than 145 MB and 1.0 s. */
function memoryAndStartup(results: BenchResults): string[] {
  const steady = results.steady?.cases ?? [];
  const peakMB = Math.max(...[...results.cases, ...steady].map((e) => e.peakRssMiB)) / MIB_PER_MB;
  const traced = results.startup.find((entry) => entry.name.startsWith('tracing on'));
  const seconds = (ms: number) => `${fixed(ms / 1000, 2)} s`;
  const noWorse =
    peakMB <= 145 && traced !== undefined && Number(fixed(traced.readyMs / 1000, 1)) <= 1.0;
  return [
    'peak RSS, start to ready (tracing on)',
    '145 MB, 1.0 s',
    `${fixed(peakMB)} MB, ${traced ? seconds(traced.readyMs) : '–'}`,
    traced
      ? `start: ${seconds(traced.readyRangeMs[0])} to ${seconds(traced.readyRangeMs[1])}`
      : '–',
    'no worse',
    'no worse',
    noWorse ? 'goal' : '**no**',
    '–',
  ];
}

export function goalsTable(results: BenchResults): string {
  return [
    "Issue 22's goals and issue 21's cost of CloudWatch shipping (the median over the interleaved rounds, and its range; met: the goal, only the floor, or no). The last column puts each throughput ratio as the inverse ratio of CPU per request: what each would serve with the core to itself, which req/s shows only while nothing else runs on it:",
    '',
    table(
      [
        'measure',
        'the issue: today',
        'this run',
        'range over rounds',
        'floor',
        'goal',
        'met',
        'the ratio from CPU per request (range)',
      ],
      [...goals(results).map(row), memoryAndStartup(results)],
    ),
  ].join('\n');
}
