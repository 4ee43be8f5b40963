/** The processes below one, from /proc (Linux, as the bench's pinning and cgroups are). */
import { readdirSync, readFileSync } from 'node:fs';

/** The parent of each running process. */
function parents(): Map<number, number> {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // The field after the name, which is in parentheses and may hold spaces.
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parentOf.set(Number(entry), ppid);
    } catch {
      // It exited meanwhile.
    }
  }
  return parentOf;
}

/** Every process below `pid`. */
export function descendants(pid: number): number[] {
  const parentOf = [...parents()];
  const found: number[] = [];
  for (let level = [pid]; level.length > 0;) {
    level = parentOf.filter(([, ppid]) => level.includes(ppid)).map(([child]) => child);
    found.push(...level);
  }
  return found;
}
