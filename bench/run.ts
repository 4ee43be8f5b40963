/**
 * `npm run bench`: start-up and load benchmarks of the built service. Writes
 * bench/results/latest.json and latest.md and prints the Markdown. Settings from the
 * environment: BENCH_DURATION, BENCH_WARMUP (seconds per route), BENCH_CONNECTIONS,
 * BENCH_PAIRED_ROUNDS, BENCH_PAIRED_SECONDS and BENCH_PAIRED_PROCESSES (the interleaved comparison),
 * BENCH_SUSTAINED_SECONDS (0 skips the steady-rate run), BENCH_SUSTAINED_RATE, BENCH_STARTUP_RUNS;
 * BENCH_FLASK=0 skips the comparison with the Flask backend; BENCH_ONLY=flask runs only that,
 * BENCH_ONLY=paired only the interleaved comparison, and either puts what it measured into
 * the last results (latest.json) in place of what they had. BENCH_NOTE says in the report
 * what else ran on the machine meanwhile.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { breakdownBench } from './breakdown';
import { type Destinations, startDestinations } from './cases';
import { flaskSection } from './flask';
import { stopEverythingOnSignals } from './interrupt';
import { type LoadSettings, loadBench } from './load';
import { loggingBench } from './logging';
import { pairedBench, type PairedSettings } from './paired';
import { markdown } from './report';
import { spanPathBench } from './span-path';
import type { BenchResults } from './results';
import { startupBench } from './startup';
import { steadyBench } from './steady';
import { cpuCount, memoryNote, pinningNote, pinSelf, removeCgroups, root } from './support';

const setting = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const withFlask = process.env.BENCH_FLASK !== '0';
const out = path.join(root, 'bench/results');

type Settings = LoadSettings & { startupRuns: number; paired: PairedSettings };

/** The cases the targets compare with tracing off (first), and CloudWatch shipping with 100%. */
const COMPARED = ['off', 'unsampled', 'production', 'full', 'cloudwatch'];
const STEADY = ['off', 'production', 'full'];

const interleaved = ({ cases }: Destinations, settings: PairedSettings) =>
  pairedBench(
    cases.filter((c) => COMPARED.includes(c.id)),
    settings,
  );

async function measure(settings: Settings) {
  try {
    const startup = await startupBench(settings.startupRuns);
    const destinations = await startDestinations();
    const { cases, collector } = destinations;
    try {
      const paired = await interleaved(destinations, settings.paired);
      const steady =
        settings.sustainedSeconds > 0
          ? await steadyBench(
              cases.filter((c) => STEADY.includes(c.id)),
              collector,
              settings,
            )
          : undefined;
      process.stderr.write('bench: a log line, winston and a bare write\n');
      const logging = loggingBench();
      process.stderr.write("bench: the request path's telemetry with no socket\n");
      const spanPath = await spanPathBench(cases);
      const load = await loadBench(settings, destinations);
      const breakdown = await breakdownBench(cases, settings);
      const flask = withFlask ? await flaskSection(settings, destinations) : undefined;
      return { startup, paired, steady, logging, spanPath, cases: load, breakdown, flask };
    } finally {
      await destinations.stop();
    }
  } finally {
    removeCgroups();
  }
}

type Only = 'flask' | 'paired';

/** What BENCH_ONLY measures again, with its settings, in place of what `last` had. */
async function section(
  only: Only,
  settings: Settings,
  destinations: Destinations,
  last: BenchResults,
): Promise<Partial<BenchResults>> {
  if (only === 'flask') return { flask: await flaskSection(settings, destinations) };
  return {
    paired: await interleaved(destinations, settings.paired),
    settings: { ...last.settings, paired: settings.paired },
  };
}

/** BENCH_ONLY: the last run's results, with one part measured again. */
async function onlyOne(only: Only, settings: Settings): Promise<BenchResults> {
  const last = JSON.parse(readFileSync(path.join(out, 'latest.json'), 'utf8')) as BenchResults;
  try {
    const destinations = await startDestinations();
    try {
      return { ...last, ...(await section(only, settings, destinations, last)) };
    } finally {
      await destinations.stop();
    }
  } finally {
    removeCgroups();
  }
}

async function fullRun(settings: Settings): Promise<BenchResults> {
  process.stderr.write('bench: start-up\n');
  const placement = `${pinningNote()}; ${memoryNote()}`;
  const loadAtStart = os.loadavg()[0] ?? 0;
  const measured = await measure(settings);
  return {
    date: new Date().toISOString().slice(0, 10),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown CPU',
      cpus: cpuCount,
      memoryGiB: os.totalmem() / 2 ** 30,
      node: process.version,
      placement,
      busy: { loadAtStart, loadAtEnd: os.loadavg()[0] ?? 0, note: process.env.BENCH_NOTE },
    },
    settings,
    ...measured,
  };
}

async function main(): Promise<void> {
  pinSelf();
  stopEverythingOnSignals();
  const settings = {
    durationSeconds: setting('BENCH_DURATION', 10),
    warmupSeconds: setting('BENCH_WARMUP', 3),
    connections: setting('BENCH_CONNECTIONS', 10),
    sustainedSeconds: setting('BENCH_SUSTAINED_SECONDS', 60),
    sustainedRate: setting('BENCH_SUSTAINED_RATE', 1000),
    startupRuns: setting('BENCH_STARTUP_RUNS', 7),
    paired: {
      rounds: setting('BENCH_PAIRED_ROUNDS', 5),
      seconds: setting('BENCH_PAIRED_SECONDS', 3),
      connections: setting('BENCH_CONNECTIONS', 10),
      processes: setting('BENCH_PAIRED_PROCESSES', 3),
    },
  };
  const only = process.env.BENCH_ONLY;
  if (only !== undefined && only !== 'flask' && only !== 'paired')
    throw new Error(`BENCH_ONLY=${only}: only flask or paired`);
  const results = only ? await onlyOne(only, settings) : await fullRun(settings);
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  const text = markdown(results);
  writeFileSync(path.join(out, 'latest.md'), text);
  process.stdout.write(text);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
