const HOUR_MS = 3_600_000;

/**
 * ISO 8601 with an explicit offset, the format Cruddur's frontend has always received.
 * Always UTC and of one width, so two of them compare as strings as their times do: the
 * feed orders and filters on that, without parsing a date per comparison.
 */
export function isoTimestamp(date: Date): string {
  return date.toISOString().replace('Z', '+00:00');
}

export function hoursFrom(date: Date, hours: number): Date {
  return new Date(date.getTime() + hours * HOUR_MS);
}

export function daysFrom(date: Date, days: number): Date {
  return hoursFrom(date, days * 24);
}
