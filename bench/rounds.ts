/** Figures over the rounds of the interleaved comparison: per-round values, their median and range. */
import type { ContenderId, PairedRoute } from './paired';
import { percentile } from './support';

export interface Turn {
  requestsPerSecond: number;
  /** Service CPU per request over the turn. */
  cpuMicros: number;
  /**
   * The share of the turn that the service's CPU spent on anything else (other processes,
   * interrupts): on a shared machine, what took the core from the service. Absent in
   * results from before issue 22.
   */
  othersOnCpu?: number;
}

export interface Spread {
  median: number;
  min: number;
  max: number;
}

export function spread(values: number[]): Spread {
  return { median: percentile(values, 50), min: Math.min(...values), max: Math.max(...values) };
}

/** `figure` of each round's value of `of` against the same round's value of `base`. */
export function perRound<T>(of: T[], base: T[], figure: (turn: T, base: T) => number): number[] {
  return of.flatMap((turn, round) => {
    const other = base[round];
    return other ? [figure(turn, other)] : [];
  });
}

export const throughputRatio = (turn: Turn, base: Turn) =>
  turn.requestsPerSecond / base.requestsPerSecond;
export const extraCpu = (turn: Turn, base: Turn) => turn.cpuMicros - base.cpuMicros;
/**
 * The throughput ratio each would reach with the core to itself: the inverse ratio of CPU
 * per request. On a shared core, req/s depends on the share of it each turn got.
 */
export const capacityRatio = (turn: Turn, base: Turn) => base.cpuMicros / turn.cpuMicros;

/** `figure` of contender `id` against `base` on `route`, over the rounds; undefined if either is missing. */
export function compared(
  route: PairedRoute | undefined,
  id: ContenderId,
  base: ContenderId,
  figure: (turn: Turn, base: Turn) => number,
): Spread | undefined {
  const of = route?.contenders.find((entry) => entry.id === id);
  const against = route?.contenders.find((entry) => entry.id === base);
  if (!of || !against) return undefined;
  const values = perRound(of.turns, against.turns, figure);
  return values.length > 0 ? spread(values) : undefined;
}
