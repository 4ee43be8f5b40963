/**
 * What a log line costs: the service's logger (winston, serializing once) against the floor,
 * a bare process.stdout.write of the same JSON, in a process placed like the service with
 * its stdout discarded as the bench's services' is (bench/log-lines.cjs).
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fixed, table } from './format';
import { perRound, type Spread, spread } from './rounds';
import { root, serviceCommand } from './support';

export interface LoggingResult {
  rounds: number;
  linesPerRound: number;
  winstonMicros: number[];
  stdoutWriteMicros: number[];
}

export function loggingBench(rounds = 7, linesPerRound = 20_000): LoggingResult {
  const [command, ...args] = serviceCommand([
    process.execPath,
    path.join(root, 'bench/log-lines.cjs'),
    String(rounds),
    String(linesPerRound),
  ]);
  const run = spawnSync(command as string, args, {
    cwd: root,
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`bench/log-lines.cjs failed:\n${run.stderr}`);
  const figures = JSON.parse(run.stderr) as { winston: number[]; stdoutWrite: number[] };
  return {
    rounds,
    linesPerRound,
    winstonMicros: figures.winston,
    stdoutWriteMicros: figures.stdoutWrite,
  };
}

export function loggingTable(result: LoggingResult): string {
  const over = spread(perRound(result.winstonMicros, result.stdoutWriteMicros, (a, b) => a / b));
  const micros = (figure: Spread) =>
    `${fixed(figure.median, 2)} (${fixed(figure.min, 2)}–${fixed(figure.max, 2)})`;
  return [
    `A log line (the access log's fields), CPU µs per line, ${result.rounds} rounds of ${result.linesPerRound} lines each way, alternating; median (range):`,
    '',
    table(
      ['winston (the service logger)', 'process.stdout.write of the same JSON', 'winston ÷ write'],
      [
        [
          micros(spread(result.winstonMicros)),
          micros(spread(result.stdoutWriteMicros)),
          `${fixed(over.median, 2)}× (${fixed(over.min, 2)}–${fixed(over.max, 2)}×)`,
        ],
      ],
    ),
  ].join('\n');
}
