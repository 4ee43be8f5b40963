import Router from '@koa/router';
import type { MessageService } from '../../services/messages.js';
import { answerJson } from '../json-response.js';
import { respond } from '../respond.js';
import type { AppState } from '../state.js';

export function messagesRouter(messages: MessageService): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api' });

  router.get('/message_groups', async (ctx) => {
    answerJson(ctx, await messages.groups(ctx.state.user));
  });
  router.get('/messages/@', (ctx) => {
    respond(ctx, { kind: 'invalid', errors: ['blank_user_handle'] });
  });
  router.get('/messages/@:handle', async (ctx) => {
    respond(ctx, await messages.conversationWith(ctx.state.user, ctx.params.handle ?? ''));
  });
  router.post('/messages', async (ctx) => {
    respond(ctx, await messages.send(ctx.request.body, ctx.state.user));
  });
  return router;
}
