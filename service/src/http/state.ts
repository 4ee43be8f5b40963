import type { ParameterizedContext } from 'koa';
import type { User } from '../domain/user.js';

export interface AppState {
  user: User;
  /** The request's server span, when it is traced. */
  trace?: { traceId: string; spanId: string; startedAt: Date };
  /** Set when a request failed unexpectedly: the id the client, the logs and the error report share. */
  errorReference?: string;
  /** The unexpected error behind a 5xx, recorded on the server span. */
  error?: Error;
}

export type AppContext = ParameterizedContext<AppState>;
