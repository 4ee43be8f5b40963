import { readFileSync } from 'node:fs';

/** Linux's USER_HZ, the unit of the CPU times in /proc (fixed at 100 on every architecture). */
export const CLOCK_TICKS_PER_SECOND = 100;

/** The user and system CPU time a process has used so far, in ms (every thread). */
export function cpuTimeMs(pid: number): number {
  // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name in parentheses.
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
