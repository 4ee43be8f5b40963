import {
  type Activity,
  createActivity,
  createReply,
  isLive,
  isUuid,
  matchesSearch,
  newActivitySchema,
  newReplySchema,
  type Reply,
} from '../domain/activity.js';
import { isoTimestamp } from '../domain/time.js';
import type { User } from '../domain/user.js';
import { validate } from '../domain/validation.js';
import type { ServiceContext } from './context.js';
import { FeedCache } from './feed-cache.js';
import { invalid, notFound, ok, type Outcome } from './outcome.js';
import { inSpan } from './span.js';

export class ActivityService {
  private readonly feeds = new FeedCache();

  constructor(private readonly ctx: ServiceContext) {}

  /** Live activities, newest first. */
  private async feed(now: Date): Promise<readonly Activity[]> {
    return this.feeds.of(await this.ctx.repository.listActivities(), now);
  }

  home(): Promise<readonly Activity[]> {
    this.ctx.logger.info('HomeActivities');
    return inSpan('home-activities', async (record) => {
      const now = this.ctx.now();
      const result = await this.feed(now);
      record(() => ({ 'app.now': isoTimestamp(now), 'app.result_length': result.length }));
      return result;
    });
  }

  notifications(user: User): Promise<readonly Activity[]> {
    return this.ctx.repository.listNotifications(user.handle);
  }

  userActivities(rawHandle: string): Promise<Outcome<Activity[]>> {
    return inSpan('user-activities', async (record): Promise<Outcome<Activity[]>> => {
      const handle = rawHandle.trim().toLowerCase();
      record(() => ({ 'app.user_handle': handle }));
      if (handle === '') return invalid(['blank_user_handle']);
      if (!(await this.ctx.repository.findUser(handle))) return notFound('user_not_found');
      const result = (await this.feed(this.ctx.now())).filter(
        (activity) => activity.handle === handle,
      );
      record(() => ({ 'app.result_length': result.length }));
      return ok(result);
    });
  }

  async search(term: string | undefined): Promise<Outcome<Activity[]>> {
    const needle = term?.trim() ?? '';
    if (needle === '') return invalid(['search_term_blank']);
    const live = await this.feed(this.ctx.now());
    return ok(live.filter((activity) => matchesSearch(activity, needle)));
  }

  async create(input: unknown, author: User): Promise<Outcome<Activity>> {
    const parsed = validate(newActivitySchema, input);
    if (!parsed.ok) return invalid(parsed.errors);
    const activity = createActivity(parsed.value, author, this.ctx.newId(), this.ctx.now());
    await this.ctx.repository.addActivity(activity);
    return ok(activity);
  }

  async show(uuid: string): Promise<Outcome<Activity>> {
    if (!isUuid(uuid)) return invalid(['activity_uuid_invalid']);
    const activity = await this.ctx.repository.findActivity(uuid);
    if (!activity || !isLive(activity, this.ctx.now())) return notFound('activity_not_found');
    return ok(activity);
  }

  async reply(activityUuid: string, input: unknown, author: User): Promise<Outcome<Reply>> {
    const errors = isUuid(activityUuid) ? [] : ['activity_uuid_invalid'];
    const parsed = validate(newReplySchema, input);
    if (!parsed.ok) errors.push(...parsed.errors);
    if (!parsed.ok || errors.length > 0) return invalid(errors);
    const target = await this.show(activityUuid);
    if (target.kind !== 'ok')
      return target.kind === 'invalid' ? invalid(target.errors) : notFound(target.error);
    const reply = createReply(parsed.value, author, target.value, this.ctx.newId(), this.ctx.now());
    return (await this.ctx.repository.addReply(reply)) ? ok(reply) : notFound('activity_not_found');
  }
}
