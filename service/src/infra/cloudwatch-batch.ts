/** A log line as PutLogEvents takes it. */
export interface LogEvent {
  message: string;
  timestamp: number;
}

/** PutLogEvents' limits: events and bytes per batch (26 bytes counted per event), event size, time span. */
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_MESSAGE_BYTES = 256 * 1024 - EVENT_OVERHEAD_BYTES;
const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

/**
 * The line cut to the largest event CloudWatch takes. A string of n UTF-16 units is at most
 * 3n bytes of UTF-8, so an ordinary line is returned without being encoded to count them.
 */
export function truncated(message: string): string {
  if (message.length * 3 <= MAX_MESSAGE_BYTES) return message;
  const bytes = Buffer.from(message);
  // Room for a multi-byte character cut in half, which decodes to U+FFFD (3 bytes).
  return bytes.length <= MAX_MESSAGE_BYTES
    ? message
    : bytes.subarray(0, MAX_MESSAGE_BYTES - 3).toString();
}

/**
 * Takes the oldest events that make one valid PutLogEvents call off the queue: within its
 * count and byte limits, spanning at most 24 hours, and in time order. The queue is in the
 * order lines were logged, which is time order unless the clock was set back; a batch out
 * of order or over 24 hours would be refused whole, every time it was sent.
 */
export function takeBatch(queue: LogEvent[]): LogEvent[] {
  let bytes = 0;
  let count = 0;
  let earliest = Infinity;
  let latest = -Infinity;
  for (const event of queue) {
    bytes += Buffer.byteLength(event.message) + EVENT_OVERHEAD_BYTES;
    earliest = Math.min(earliest, event.timestamp);
    latest = Math.max(latest, event.timestamp);
    const full =
      count === MAX_BATCH_EVENTS ||
      bytes > MAX_BATCH_BYTES ||
      latest - earliest > MAX_BATCH_SPAN_MS;
    if (count > 0 && full) break;
    count += 1;
  }
  return queue.splice(0, count).sort((a, b) => a.timestamp - b.timestamp);
}
