import type { Middleware } from 'koa';
import type { User } from '../domain/user.js';
import type { AppState } from './state.js';

/** Until authentication exists, every request acts as the configured demo user. */
export function currentUser(user: User): Middleware<AppState> {
  return (ctx, next) => {
    ctx.state.user = user;
    return next();
  };
}
