/** PutLogEvents' limits: events and bytes per call (26 bytes counted per event), event size, time span. */
const MAX_BATCH_EVENTS = 10_000;
const MAX_BATCH_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_MESSAGE_BYTES = 256 * 1024 - EVENT_OVERHEAD_BYTES;
const MAX_BATCH_SPAN_MS = 24 * 60 * 60 * 1000;

/** The line cut to the largest event CloudWatch takes, and its size as PutLogEvents counts it. */
function fitted(line: string): { message: string; size: number } {
  const bytes = Buffer.byteLength(line);
  if (bytes <= MAX_MESSAGE_BYTES) return { message: line, size: bytes + EVENT_OVERHEAD_BYTES };
  // Room for a multi-byte character cut in half, which decodes to U+FFFD (3 bytes).
  return fitted(
    Buffer.from(line)
      .subarray(0, MAX_MESSAGE_BYTES - 3)
      .toString(),
  );
}

/**
 * Log events that make one valid PutLogEvents call, as the JSON of its `logEvents`: each
 * line is escaped into it once, as it is logged, so that no object per line waits for the
 * upload and the SDK does not serialize the events (its serializer writes a character at a
 * time, about 2 µs a line). Within the call's count and byte limits and 24 hours, and
 * sealed in time order: lines come in the order they were logged, which is time order
 * unless the clock was set back, and a batch out of order or over 24 hours would be
 * refused whole, every time it was sent.
 */
export class Batch {
  private used: number;
  private times: number[] = [];
  /** Events before it were dropped; the bytes and span still count them (an upper bound). */
  private first = 0;
  private bytes = 0;
  private earliest = Infinity;
  private latest = -Infinity;

  /** `json`: each event's JSON and a comma; `ends`: where each ends in it. */
  constructor(
    private json = Buffer.allocUnsafe(64 * 1024),
    private ends: number[] = [],
  ) {
    this.used = ends.at(-1) ?? 0;
  }

  get length(): number {
    return this.ends.length - this.first;
  }

  /** Adds the line unless the call would then be over its limits; says whether it did. */
  add(line: string, timestamp: number): boolean {
    const { message, size } = fitted(line);
    const earliest = Math.min(this.earliest, timestamp);
    const latest = Math.max(this.latest, timestamp);
    const full =
      this.length === MAX_BATCH_EVENTS ||
      this.bytes + size > MAX_BATCH_BYTES ||
      latest - earliest > MAX_BATCH_SPAN_MS;
    if (this.length > 0 && full) return false;
    const text = `{"timestamp":${timestamp},"message":${JSON.stringify(message)}},`;
    this.reserve(text.length * 3);
    this.used += this.json.write(text, this.used);
    this.ends.push(this.used);
    this.times.push(timestamp);
    this.bytes += size;
    this.earliest = earliest;
    this.latest = latest;
    return true;
  }

  dropOldest(count: number): void {
    this.first += count;
  }

  /** The events in time order, in a batch of their own size; this one is emptied for reuse. */
  seal(): Batch {
    const kept = this.ends.map((_, i) => i).slice(this.first);
    const inOrder = kept.every((i) => i === this.first || this.time(i - 1) <= this.time(i));
    const order = inOrder ? kept : kept.sort((a, b) => this.time(a) - this.time(b));
    const pieces = inOrder
      ? [this.json.subarray(this.start(this.first), this.used)]
      : order.map((i) => this.json.subarray(this.start(i), this.ends[i]));
    let end = 0;
    const ends = order.map((i) => (end += (this.ends[i] ?? 0) - this.start(i)));
    const sealed = new Batch(Buffer.concat(pieces), ends);
    this.used = this.first = this.bytes = 0;
    this.ends = [];
    this.times = [];
    this.earliest = Infinity;
    this.latest = -Infinity;
    return sealed;
  }

  /** The `logEvents` array's contents: the events' JSON without the last comma. */
  events(): Buffer {
    return this.json.subarray(this.start(this.first), this.used - 1);
  }

  private time(event: number): number {
    return this.times[event] ?? 0;
  }

  private start(event: number): number {
    return event === 0 ? 0 : (this.ends[event - 1] ?? 0);
  }

  private reserve(bytes: number): void {
    if (this.used + bytes <= this.json.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.json.length * 2, this.used + bytes));
    this.json.copy(grown, 0, 0, this.used);
    this.json = grown;
  }
}
