import { z } from 'zod';

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** Counts what a person sees as characters (grapheme clusters), so an emoji counts once. */
export function characterCount(text: string): number {
  return Array.from(graphemes.segment(text)).length;
}

/** A required message of at most `max` characters, with the API's error codes. */
export function messageText(max: number) {
  return z
    .string({ error: 'message_blank' })
    .trim()
    .min(1, 'message_blank')
    .refine((text) => characterCount(text) <= max, 'message_exceed_max_chars');
}

/** A required handle, with the given error code when missing or blank. */
export function handleText(blankCode: string) {
  return z
    .string({ error: blankCode })
    .trim()
    .min(1, blankCode)
    .transform((handle) => handle.replace(/^@/, '').toLowerCase());
}
