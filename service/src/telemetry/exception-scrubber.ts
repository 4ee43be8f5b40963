import type { ReadableSpan, SpanProcessor } from '@opentelemetry/sdk-trace';
import { scrubText } from '../diagnostics/scrub.js';

const TEXT_ATTRIBUTES = ['exception.message', 'exception.stacktrace'];

/**
 * Masks `secret=value` pairs and bearer tokens in the exception events of every span.
 * Instrumentations (koa's router layer, for one) record errors with their raw messages;
 * this runs before the exporting processors, which read the span afterwards.
 */
export class ExceptionScrubber implements SpanProcessor {
  onStart(): void {}

  onEnd(span: ReadableSpan): void {
    for (const event of span.events) {
      if (event.name !== 'exception' || !event.attributes) continue;
      const attributes = event.attributes as Record<string, unknown>;
      for (const key of TEXT_ATTRIBUTES) {
        const value = attributes[key];
        if (typeof value === 'string') attributes[key] = scrubText(value);
      }
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
