/**
 * The sum of a counter over its label sets, in the Collector's Prometheus text. Values are
 * floats in Go's shortest form, so a count of a million or more reads like `1.0234e+06`.
 */
export function counterTotal(metrics: string, name: string): number {
  const line = new RegExp(`^${name}(?:_total)?(?:\\{[^}]*\\})? (\\S+)`, 'gm');
  return [...metrics.matchAll(line)]
    .map((match) => Number(match[1]))
    .reduce((sum, value) => sum + value, 0);
}
