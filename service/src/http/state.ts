import type { ParameterizedContext } from 'koa';
import type { User } from '../domain/user.js';

export interface AppState {
  user: User;
  /** Set when a request failed unexpectedly: the id the client, the logs and the error report share. */
  errorReference?: string;
}

export type AppContext = ParameterizedContext<AppState>;
