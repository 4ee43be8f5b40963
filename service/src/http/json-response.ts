import type { AppContext } from './state.js';

/** Each stored record's JSON, made on its first answer. */
const serialized = new WeakMap<object, string>();

/**
 * A value's JSON, made once for what never changes: the records the repository stores are
 * deeply frozen (infra/memory-repository.ts), and so is a feed of them. Anything else is
 * serialized as Koa would.
 */
function jsonOf(value: unknown): string {
  if (typeof value !== 'object' || value === null || !Object.isFrozen(value))
    return JSON.stringify(value);
  let json = serialized.get(value);
  if (json === undefined) {
    json = JSON.stringify(value);
    serialized.set(value, json);
  }
  return json;
}

/**
 * Answers with `value` as JSON: a frozen value's is made once (the home feed's, kept until
 * the feed changes: services/feed-cache.ts), any other list's is joined from its items'.
 */
export function answerJson(ctx: AppContext, value: object): void {
  ctx.type = 'json';
  ctx.body =
    Array.isArray(value) && !Object.isFrozen(value)
      ? `[${value.map(jsonOf).join(',')}]`
      : jsonOf(value);
}
