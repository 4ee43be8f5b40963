import type { Outcome } from '../services/outcome.js';
import { answerJson } from './json-response.js';
import type { AppContext } from './state.js';

/** Writes a use case's outcome: 200 with the value, 422 with the error codes, or 404. */
export function respond<T extends object>(ctx: AppContext, outcome: Outcome<T>): void {
  switch (outcome.kind) {
    case 'ok':
      answerJson(ctx, outcome.value);
      return;
    case 'invalid':
      ctx.status = 422;
      ctx.body = outcome.errors;
      return;
    case 'not_found':
      ctx.status = 404;
      ctx.body = { error: outcome.error };
      return;
  }
}
