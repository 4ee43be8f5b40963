import { z } from 'zod';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Counts what a person sees as characters (grapheme clusters), so an emoji counts once. */
function characterCount(text: string): number {
  const segments = graphemes.segment(text)[Symbol.iterator]();
  let count = 0;
  while (segments.next().done !== true) count += 1;
  return count;
}

/**
 * Whether `text` has at most `max` characters. A grapheme is at least one UTF-16 unit, so
 * a text no longer than `max` units is counted only when it is longer: segmenting costs
 * several microseconds a message.
 */
export function fitsCharacters(text: string, max: number): boolean {
  return text.length <= max || characterCount(text) <= max;
}

/** A required message of at most `max` characters, with the API's error codes. */
export function messageText(max: number) {
  return z
    .string({ error: 'message_blank' })
    .trim()
    .min(1, 'message_blank')
    .refine((text) => fitsCharacters(text, max), 'message_exceed_max_chars');
}

/** A required handle, with the given error code when missing or blank. */
export function handleText(blankCode: string) {
  return z
    .string({ error: blankCode })
    .trim()
    .min(1, blankCode)
    .transform((handle) => handle.replace(/^@/, '').toLowerCase());
}
