/**
 * Words that make a header, field, parameter or variable name a secret's name: the one
 * list that config errors, logs, spans and error reports (Rollbar's own lists too) use.
 */
export const SECRET_WORDS = [
  'token',
  'password',
  'passwd',
  'secret',
  'key',
  'authorization',
  'cookie',
  'session',
  'x-honeycomb-team',
];
const SECRET_NAME = new RegExp(SECRET_WORDS.join('|'), 'i');

/** Whether `name` (case-insensitive) contains one of SECRET_WORDS. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export const SCRUBBED = '[scrubbed]';

/** A deep copy of `value` with the value of every secret-named key replaced. */
export function scrubSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => scrubSecrets(item)) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      isSecretName(key) ? SCRUBBED : scrubSecrets(item as unknown),
    ]),
  ) as T;
}

function scrubParams(params: URLSearchParams): void {
  for (const name of [...params.keys()]) {
    if (isSecretName(name)) params.set(name, SCRUBBED);
  }
}

/** The URL with the values of secret-named query parameters replaced. */
export function scrubUrl(url: string): string {
  const parsed = new URL(url, 'http://relative.invalid');
  scrubParams(parsed.searchParams);
  return parsed.origin === 'http://relative.invalid'
    ? `${parsed.pathname}${parsed.search}`
    : parsed.toString();
}

/** A query string (without "?") with the values of secret-named parameters replaced. */
export function scrubQuery(query: string): string {
  const params = new URLSearchParams(query);
  scrubParams(params);
  return params.toString();
}

/** `name=value` or `name: value` where the name is a secret's; the value may be quoted. */
const SECRET_ASSIGNMENT = new RegExp(
  `\\b([\\w-]*(?:${SECRET_WORDS.join('|')})[\\w-]*)(\\s*[=:]\\s*)((?:Bearer\\s+)?(?:\\[scrubbed\\]|"[^"]*"|'[^']*'|[^\\s,;&)\\]}'"]+))`,
  'gi',
);
const BEARER = /\bBearer\s+(?!\[scrubbed\])[\w\-.~+/]+=*/g;

/** Free text (an error message, a stack) with `secret=value` pairs and bearer tokens masked. */
export function scrubText(text: string): string {
  return text.replace(SECRET_ASSIGNMENT, `$1$2${SCRUBBED}`).replace(BEARER, `Bearer ${SCRUBBED}`);
}

/** A copy of `error`, of the same class, whose message and stack went through scrubText. */
export function scrubError(error: Error): Error {
  const copy = Object.create(Object.getPrototypeOf(error) as object) as Error;
  Object.defineProperties(copy, {
    name: { value: error.name, writable: true, configurable: true },
    message: { value: scrubText(error.message), writable: true, configurable: true },
    stack: { value: error.stack && scrubText(error.stack), writable: true, configurable: true },
  });
  return copy;
}
