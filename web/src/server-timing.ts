/**
 * The duration in milliseconds of one metric in a `Server-Timing` header
 * (e.g. `app;dur=12.5, db;dur=3`), or undefined when the header or the metric is absent.
 * https://www.w3.org/TR/server-timing/#the-server-timing-header-field
 */
export function serverTimingDuration(header: string | null, metric: string): number | undefined {
  for (const entry of (header ?? '').split(',')) {
    const [name, ...params] = entry.split(';').map((part) => part.trim());
    if (name !== metric) continue;
    for (const param of params) {
      const [key, value] = param.split('=').map((part) => part.trim());
      const duration = Number(value);
      if (key?.toLowerCase() === 'dur' && value !== '' && Number.isFinite(duration)) {
        return duration;
      }
    }
  }
  return undefined;
}
