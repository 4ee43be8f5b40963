import Router from '@koa/router';
import type { ActivityService } from '../../services/activities.js';
import { answerJson } from '../json-response.js';
import { respond } from '../respond.js';
import type { AppState } from '../state.js';

/** /api/activities: literal segments are registered before /:activity_uuid so they win. */
export function activitiesRouter(activities: ActivityService): Router<AppState> {
  const router = new Router<AppState>({ prefix: '/api/activities' });

  router.get('/home', async (ctx) => {
    answerJson(ctx, await activities.home());
  });
  router.get('/notifications', async (ctx) => {
    answerJson(ctx, await activities.notifications(ctx.state.user));
  });
  router.get('/search', async (ctx) => {
    const term = ctx.query.term;
    respond(ctx, await activities.search(typeof term === 'string' ? term : undefined));
  });
  router.get('/@', (ctx) => {
    respond(ctx, { kind: 'invalid', errors: ['blank_user_handle'] });
  });
  router.get('/@:handle', async (ctx) => {
    respond(ctx, await activities.userActivities(ctx.params.handle ?? ''));
  });
  router.post('/', async (ctx) => {
    respond(ctx, await activities.create(ctx.request.body, ctx.state.user));
  });
  router.get('/:activity_uuid', async (ctx) => {
    respond(ctx, await activities.show(ctx.params.activity_uuid ?? ''));
  });
  router.post('/:activity_uuid/reply', async (ctx) => {
    respond(
      ctx,
      await activities.reply(ctx.params.activity_uuid ?? '', ctx.request.body, ctx.state.user),
    );
  });
  return router;
}
