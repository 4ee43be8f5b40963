import request from 'supertest';
import { testApp } from '../support/test-app';

const json = { 'Content-Type': 'application/json' };

describe('GET /api/activities/home', () => {
  it('returns the three seeded activities with consistent fields', async () => {
    const { app, now } = testApp();
    const res = await request(app.callback()).get('/api/activities/home').expect(200);
    expect(res.body).toHaveLength(3);
    const byHandle = Object.fromEntries(
      (res.body as { handle: string }[]).map((activity) => [activity.handle, activity]),
    );
    expect(byHandle.andrewbrown).toMatchObject({
      display_name: 'Andrew Brown',
      message: 'Cloud is very fun!',
      likes_count: 5,
      replies_count: 1,
      reposts_count: 0,
      created_at: '2026-11-22T12:00:00.000+00:00',
      expires_at: '2026-11-29T12:00:00.000+00:00',
      replies: [
        {
          handle: 'worf',
          message: 'This post has no honor!',
          reply_to_activity_uuid: '68f126b0-1ceb-4a33-88be-d90fa7109eee',
          likes_count: 0,
          replies_count: 0,
          reposts_count: 0,
        },
      ],
    });
    expect(byHandle.worf).toMatchObject({ message: 'I am out of prune juice' });
    expect(byHandle.garek).toMatchObject({ message: 'My dear doctor, I am just simple tailor' });
    for (const activity of res.body as Record<string, unknown>[]) {
      expect(Object.keys(activity).sort()).toEqual(
        [
          'uuid',
          'handle',
          'display_name',
          'message',
          'created_at',
          'expires_at',
          'likes_count',
          'replies_count',
          'reposts_count',
          'replies',
        ].sort(),
      );
      expect(Date.parse(activity.expires_at as string)).toBeGreaterThan(now.getTime());
    }
  });
});

describe('GET /api/activities/notifications', () => {
  it("returns coco's activity with worf's reply", async () => {
    const res = await request(testApp().app.callback())
      .get('/api/activities/notifications')
      .expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({
        handle: 'coco',
        message: 'I am white unicorn',
        replies: [expect.objectContaining({ handle: 'worf', message: 'This post has no honor!' })],
      }),
    ]);
  });
});

describe('GET /api/activities/@:handle', () => {
  it("returns that user's activities", async () => {
    const res = await request(testApp().app.callback()).get('/api/activities/@worf').expect(200);
    expect(res.body).toEqual([
      expect.objectContaining({ handle: 'worf', message: 'I am out of prune juice' }),
    ]);
  });

  it.each(['/api/activities/@', '/api/activities/@%20%20'])(
    'answers 422 blank_user_handle for %s',
    async (path) => {
      const res = await request(testApp().app.callback()).get(path).expect(422);
      expect(res.body).toEqual(['blank_user_handle']);
    },
  );

  it('answers 404 for a user that does not exist', async () => {
    const res = await request(testApp().app.callback()).get('/api/activities/@nobody').expect(404);
    expect(res.body).toEqual({ error: 'user_not_found' });
  });
});

describe('GET /api/activities/search', () => {
  it('finds activities whose message matches the term, case-insensitively', async () => {
    const res = await request(testApp().app.callback())
      .get('/api/activities/search')
      .query({ term: 'PRUNE' })
      .expect(200);
    expect(res.body).toEqual([expect.objectContaining({ handle: 'worf' })]);
  });

  it.each(['', '?term=', '?term=%20'])('answers 422 search_term_blank for "%s"', async (query) => {
    const res = await request(testApp().app.callback())
      .get(`/api/activities/search${query}`)
      .expect(422);
    expect(res.body).toEqual(['search_term_blank']);
  });
});

describe('POST /api/activities', () => {
  it('creates an activity that then shows in home and by uuid', async () => {
    const { app, now } = testApp();
    const server = app.callback();
    const res = await request(server)
      .post('/api/activities')
      .set(json)
      .send({ message: 'Hello Cruddur', ttl: '3-hours' })
      .expect(200);
    expect(res.body).toMatchObject({
      display_name: 'Andrew Brown',
      handle: 'andrewbrown',
      message: 'Hello Cruddur',
      created_at: now.toISOString().replace('Z', '+00:00'),
      expires_at: '2026-11-24T15:00:00.000+00:00',
    });
    const uuid = (res.body as { uuid: string }).uuid;
    const home = await request(server).get('/api/activities/home').expect(200);
    expect((home.body as { uuid: string }[]).map((a) => a.uuid)).toContain(uuid);
    const shown = await request(server).get(`/api/activities/${uuid}`).expect(200);
    expect(shown.body).toMatchObject({ uuid, message: 'Hello Cruddur', replies: [] });
  });

  it.each([
    [{}, ['ttl_blank', 'message_blank']],
    [{ message: 'hi', ttl: 'forever' }, ['ttl_blank']],
    [{ message: '', ttl: '1-day' }, ['message_blank']],
    [{ message: 'a'.repeat(281), ttl: '1-day' }, ['message_exceed_max_chars']],
    [{ message: 'a'.repeat(281) }, ['ttl_blank', 'message_exceed_max_chars']],
  ])('refuses %j with 422 %j and stores nothing', async (body, codes) => {
    const { app, repository } = testApp();
    const before = (await repository.listActivities()).length;
    const res = await request(app.callback())
      .post('/api/activities')
      .set(json)
      .send(body)
      .expect(422);
    expect(res.body).toEqual(codes);
    expect(await repository.listActivities()).toHaveLength(before);
  });
});

describe('GET /api/activities/:activity_uuid', () => {
  it('returns the activity with its replies', async () => {
    const res = await request(testApp().app.callback())
      .get('/api/activities/68f126b0-1ceb-4a33-88be-d90fa7109eee')
      .expect(200);
    expect(res.body).toMatchObject({
      handle: 'andrewbrown',
      replies: [expect.objectContaining({ handle: 'worf' })],
    });
  });

  it('answers 422 for a malformed uuid and 404 for an unknown one', async () => {
    const server = testApp().app.callback();
    expect((await request(server).get('/api/activities/not-a-uuid').expect(422)).body).toEqual([
      'activity_uuid_invalid',
    ]);
    expect(
      (
        await request(server)
          .get('/api/activities/00000000-0000-4000-8000-000000000000')
          .expect(404)
      ).body,
    ).toEqual({ error: 'activity_not_found' });
  });
});

describe('POST /api/activities/:activity_uuid/reply', () => {
  const target = '/api/activities/248959df-3079-4947-b847-9e0892d1bab4';

  it('adds a reply that the activity then shows and counts, in the feed too', async () => {
    const server = testApp().app.callback();
    // Answered once before the reply: each stored record's JSON is made once, and a reply
    // makes a new record.
    await request(server).get('/api/activities/home').expect(200);
    await request(server).get(target).expect(200);
    const res = await request(server)
      .post(`${target}/reply`)
      .set(json)
      .send({ message: 'Nice suit' })
      .expect(200);
    expect(res.body).toMatchObject({
      handle: 'andrewbrown',
      display_name: 'Andrew Brown',
      message: 'Nice suit',
      reply_to_activity_uuid: '248959df-3079-4947-b847-9e0892d1bab4',
    });
    const shown = await request(server).get(target).expect(200);
    expect(shown.body).toMatchObject({
      replies_count: 1,
      replies: [expect.objectContaining({ message: 'Nice suit' })],
    });
    const home = await request(server)
      .get('/api/activities/home')
      .expect(200)
      .expect('Content-Type', 'application/json; charset=utf-8');
    expect(home.body).toContainEqual(shown.body);
  });

  it.each([
    [{}, ['message_blank']],
    [{ message: 'r'.repeat(1025) }, ['message_exceed_max_chars']],
  ])('refuses %j with 422 %j', async (body, codes) => {
    const res = await request(testApp().app.callback())
      .post(`${target}/reply`)
      .set(json)
      .send(body)
      .expect(422);
    expect(res.body).toEqual(codes);
  });

  it('reports a malformed uuid together with body errors, and 404 for an unknown activity', async () => {
    const server = testApp().app.callback();
    const bad = await request(server)
      .post('/api/activities/xyz/reply')
      .set(json)
      .send({})
      .expect(422);
    expect(bad.body).toEqual(['activity_uuid_invalid', 'message_blank']);
    const unknown = await request(server)
      .post('/api/activities/00000000-0000-4000-8000-000000000000/reply')
      .set(json)
      .send({ message: 'hello?' })
      .expect(404);
    expect(unknown.body).toEqual({ error: 'activity_not_found' });
  });
});

describe('route precedence', () => {
  it.each([
    ['/api/activities/home', 200],
    ['/api/activities/notifications', 200],
    ['/api/activities/search?term=cloud', 200],
    ['/api/activities/@garek', 200],
  ])('%s is answered by its own route, not /:activity_uuid', async (path, status) => {
    const res = await request(testApp().app.callback()).get(path).expect(status);
    expect(Array.isArray(res.body)).toBe(true);
    expect(res.body).not.toEqual(['activity_uuid_invalid']);
  });
});
