/** What a use case can answer; the HTTP layer maps each kind to a status. */
export type Outcome<T> =
  | { kind: 'ok'; value: T }
  | { kind: 'invalid'; errors: string[] }
  | { kind: 'not_found'; error: string };

export const ok = <T>(value: T): Outcome<T> => ({ kind: 'ok', value });
export const invalid = <T>(errors: string[]): Outcome<T> => ({ kind: 'invalid', errors });
export const notFound = <T>(error: string): Outcome<T> => ({ kind: 'not_found', error });
