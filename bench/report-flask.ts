/** The Flask comparison's part of bench/results/latest.md: its target and its tables. */
import type { FlaskComparison, FlaskSection, StackResult } from './flask';
import { fixed, ms, ratio, table } from './format';
import type { Target } from './targets';

/** The goal: traced at 100% sampling, our service at least this many times Flask's req/s. */
const GOAL = 5;

// From the issue: a separate measurement of the same four targets.
const REFERENCE =
  'A separate measurement found Flask 918 req/s untraced and 542 traced, ours 6,849 and 2,160.';

function find(results: StackResult[], stack: StackResult['stack'], traced: boolean) {
  return results.find((entry) => entry.stack === stack && entry.traced === traced);
}

function spans(entry: StackResult): string {
  const received = entry.spansReceivedByCollector;
  if (received === undefined) return '–';
  return `${received} (${fixed(received / entry.requests, 2)} per request)`;
}

function resultTable(results: StackResult[]): string {
  return table(
    [
      'target',
      'req/s',
      'p50',
      'p90',
      'p99',
      'CPU µs/req',
      'peak RSS MiB',
      'socket errors',
      'HTTP errors',
      'body bytes',
      'spans received by Collector',
      'exit code',
    ],
    results.map((entry) => [
      entry.name,
      fixed(entry.requestsPerSecond),
      ms(entry.p50Ms),
      ms(entry.p90Ms),
      ms(entry.p99Ms),
      fixed(entry.cpuMicrosPerRequest),
      fixed(entry.peakRssMiB, 1),
      String(entry.socketErrors),
      String(entry.httpErrors),
      String(entry.bodyBytes),
      spans(entry),
      String(entry.exitCode),
    ]),
  );
}

/** Each pair as value ÷ base: throughput (higher is better) and CPU per request (lower is). */
function ratioTable(results: StackResult[]): string {
  const pairs: [string, StackResult | undefined, StackResult | undefined][] = [
    ['Flask: traced ÷ untraced', find(results, 'Flask', true), find(results, 'Flask', false)],
    ['ours: traced ÷ untraced', find(results, 'ours', true), find(results, 'ours', false)],
    ['untraced: ours ÷ Flask', find(results, 'ours', false), find(results, 'Flask', false)],
    ['traced: ours ÷ Flask', find(results, 'ours', true), find(results, 'Flask', true)],
  ];
  return table(
    ['ratio', 'req/s', 'CPU µs/req'],
    pairs.flatMap(([name, value, base]) =>
      value && base
        ? [
            [
              name,
              ratio(value.requestsPerSecond, base.requestsPerSecond),
              ratio(value.cpuMicrosPerRequest, base.cpuMicrosPerRequest),
            ],
          ]
        : [],
    ),
  );
}

/** Ours traced at 100% ÷ Flask traced, in req/s and in CPU per request (inverted), when the comparison ran. */
export function flaskTimes(
  section: FlaskSection | undefined,
): { requests: number; cpu: number } | undefined {
  if (!section || 'skipped' in section) return undefined;
  const ours = find(section.results, 'ours', true);
  const flask = find(section.results, 'Flask', true);
  if (!ours || !flask) return undefined;
  return {
    requests: ours.requestsPerSecond / flask.requestsPerSecond,
    cpu: flask.cpuMicrosPerRequest / ours.cpuMicrosPerRequest,
  };
}

/** The target for the comparison, when it ran. */
export function flaskTargets(section: FlaskSection | undefined): Target[] {
  const times = flaskTimes(section)?.requests;
  if (times === undefined) return [];
  return [
    {
      goal: `ours traced at 100% ≥ ${GOAL}× Flask traced (req/s, home feed, wrk)`,
      measured: `${fixed(times, 2)}×`,
      met: times >= GOAL,
    },
  ];
}

function comparison({ date, python, load, results }: FlaskComparison): string {
  return [
    `Compared with the Flask backend (bench/flask/, ${python}), measured ${date}: GET /api/activities/home, wrk with ${load.threads} thread(s) and ${load.connections} connections, ${load.durationSeconds} s after ${load.warmupSeconds} s of warm-up; each server placed as above; traced = 100% sampling to the Collector over OTLP/HTTP. ${REFERENCE}`,
    '',
    resultTable(results),
    '',
    ratioTable(results),
    '',
  ].join('\n');
}

export function flaskText(section: FlaskSection): string {
  return 'skipped' in section
    ? `Compared with the Flask backend: skipped (${section.skipped}).\n`
    : comparison(section);
}
