import { Batch } from './cloudwatch-batch.js';

/** What the queue tells its owner: a batch is full (upload it), and events it dropped. */
export interface QueueEvents {
  full: () => void;
  dropped: (count: number) => void;
}

/**
 * The events waiting for upload, oldest first, at most `max` of them (the oldest dropped
 * first): the batch being filled, and the sealed ones before it, each a valid PutLogEvents
 * call (cloudwatch-batch.ts).
 */
export class LogQueue {
  private readonly open = new Batch();
  private readonly sealed: Batch[] = [];
  private count = 0;

  constructor(
    private readonly max: number,
    private readonly on: QueueEvents,
  ) {}

  push(line: string, timestamp: number): void {
    const filled = !this.open.add(line, timestamp);
    if (filled) {
      this.sealed.push(this.open.seal());
      this.open.add(line, timestamp);
    }
    this.count += 1;
    this.trim();
    if (filled) this.on.full();
  }

  /** Seals the batch being filled, so that the next uploads send what is queued now. */
  seal(): void {
    if (this.open.length > 0) this.sealed.push(this.open.seal());
  }

  /** The oldest sealed batch. */
  take(): Batch | undefined {
    const batch = this.sealed.shift();
    this.count -= batch?.length ?? 0;
    return batch;
  }

  /** Puts a batch that failed for the moment back at the head. */
  putBack(batch: Batch): void {
    this.sealed.unshift(batch);
    this.count += batch.length;
    this.trim();
  }

  private trim(): void {
    const excess = this.count - this.max;
    if (excess <= 0) return;
    this.count -= excess;
    for (let left = excess; left > 0;) {
      const oldest = this.sealed[0] ?? this.open;
      const dropped = Math.min(left, oldest.length);
      oldest.dropOldest(dropped);
      left -= dropped;
      if (oldest.length === 0 && oldest !== this.open) this.sealed.shift();
    }
    this.on.dropped(excess);
  }
}
