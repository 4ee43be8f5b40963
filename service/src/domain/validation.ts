import type { z } from 'zod';

export type Validated<T> = { ok: true; value: T } | { ok: false; errors: string[] };

/**
 * Runs a schema whose issue messages are the API's error codes and returns every
 * failing code once, in the schema's field order.
 */
export function validate<T>(schema: z.ZodType<T>, input: unknown): Validated<T> {
  const body = typeof input === 'object' && input !== null && !Array.isArray(input) ? input : {};
  const result = schema.safeParse(body);
  if (result.success) return { ok: true, value: result.data };
  return { ok: false, errors: [...new Set(result.error.issues.map((issue) => issue.message))] };
}
