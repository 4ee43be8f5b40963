import request from 'supertest';
import { testApp } from '../support/test-app';

const frontend = 'http://localhost:3000';

describe('health and readiness', () => {
  it('reports live and ready, and not ready once shutdown begins', async () => {
    const { app, readiness } = testApp();
    const server = app.callback();
    expect((await request(server).get('/api/health').expect(200)).body).toEqual({ status: 'ok' });
    expect((await request(server).get('/api/ready').expect(200)).body).toEqual({ ready: true });
    readiness.beginShutdown();
    expect((await request(server).get('/api/ready').expect(503)).body).toEqual({ ready: false });
    await request(server).get('/api/health').expect(200);
  });

  it('GET /rollbar/test answers Hello World! with the debug routes, and 404 without', async () => {
    const res = await request(testApp({ DEBUG_ROUTES: 'true' }).app.callback())
      .get('/rollbar/test')
      .expect(200);
    expect(res.text).toBe('Hello World!');
    await request(testApp().app.callback()).get('/rollbar/test').expect(404);
  });
});

describe('CORS', () => {
  it('answers a preflight from the frontend with the allowed methods and headers', async () => {
    const res = await request(testApp().app.callback())
      .options('/api/activities')
      .set('Origin', frontend)
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'content-type,traceparent')
      .expect(204);
    expect(res.headers['access-control-allow-origin']).toBe(frontend);
    expect(res.headers['access-control-allow-methods']).toBe('OPTIONS,GET,HEAD,POST');
    expect(res.headers['access-control-allow-headers']).toBe(
      'content-type,if-modified-since,traceparent,tracestate,baggage,x-amzn-trace-id',
    );
  });

  it('allows the configured origins on simple requests and exposes location, link and server-timing', async () => {
    const { app } = testApp({
      FRONTEND_URL: 'https://app.example.com/',
      BACKEND_URL: 'https://api.example.com',
    });
    const res = await request(app.callback())
      .get('/api/activities/home')
      .set('Origin', 'https://app.example.com');
    expect(res.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(res.headers['access-control-expose-headers']).toBe('location,link,server-timing');
    const own = await request(app.callback())
      .get('/api/activities/home')
      .set('Origin', 'https://api.example.com');
    expect(own.headers['access-control-allow-origin']).toBe('https://api.example.com');
  });

  it('gives other origins no CORS headers, on preflight or request', async () => {
    const server = testApp().app.callback();
    const preflight = await request(server)
      .options('/api/activities')
      .set('Origin', 'https://evil.example')
      .set('Access-Control-Request-Method', 'POST');
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
    expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
    const get = await request(server)
      .get('/api/activities/home')
      .set('Origin', 'https://evil.example')
      .expect(200);
    expect(get.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('does not apply CORS outside /api', async () => {
    const res = await request(testApp({ DEBUG_ROUTES: 'true' }).app.callback())
      .get('/rollbar/test')
      .set('Origin', frontend);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('bad requests', () => {
  it('answers malformed JSON with 400 and a JSON error', async () => {
    const { app, repository } = testApp();
    const before = (await repository.listActivities()).length;
    const res = await request(app.callback())
      .post('/api/activities')
      .set('Content-Type', 'application/json')
      .send('{"message": "hi", ttl')
      .expect(400);
    expect(res.body).toEqual({
      error: 'malformed_json',
      message: 'The request body is not valid JSON.',
    });
    expect(await repository.listActivities()).toHaveLength(before);
  });

  it('answers a body over the limit with 413', async () => {
    const { app } = testApp({ BODY_LIMIT: '1kb' });
    const res = await request(app.callback())
      .post('/api/activities')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ message: 'x'.repeat(2048), ttl: '1-day' }))
      .expect(413);
    expect(res.body).toMatchObject({ error: 'body_too_large' });
  });

  it('answers a 64 kB default limit: 100 kB is refused', async () => {
    const res = await request(testApp().app.callback())
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send(JSON.stringify({ message: 'x'.repeat(100_000), user_receiver_handle: 'worf' }))
      .expect(413);
    expect(res.body).toMatchObject({ error: 'body_too_large' });
  });

  it.each(['text/plain', 'application/x-www-form-urlencoded'])(
    'answers %s on POST with 415',
    async (type) => {
      const res = await request(testApp().app.callback())
        .post('/api/activities')
        .set('Content-Type', type)
        .send('message=hi&ttl=1-day')
        .expect(415);
      expect(res.body).toMatchObject({ error: 'unsupported_media_type' });
    },
  );

  it('answers an unknown route with 404 JSON', async () => {
    const res = await request(testApp().app.callback()).get('/api/nothing/here').expect(404);
    expect(res.body).toEqual({ error: 'not_found', message: 'No route for GET /api/nothing/here' });
  });

  it('answers a known path with the wrong method with 405 JSON', async () => {
    const res = await request(testApp().app.callback()).delete('/api/activities/home').expect(405);
    expect(res.body).toMatchObject({ error: 'method_not_allowed' });
  });

  it.each(['PROPFIND', 'TRACE', 'SEARCH'])(
    'answers %s, which no route implements, with 405 JSON and reports nothing',
    async (method) => {
      const reported: unknown[] = [];
      const { app } = testApp();
      app.on('error', (error: unknown) => reported.push(error));
      const res = await request(app.callback())
        [method.toLowerCase() as 'get']('/api/activities/home')
        .expect(405);
      expect(res.body).toMatchObject({ error: 'method_not_allowed' });
      expect(reported).toEqual([]);
    },
  );

  it.each(['/api/health', '/api/activities/home', '/api/nothing/here'])(
    "sets helmet's security headers on %s",
    async (path) => {
      const res = await request(testApp().app.callback()).get(path);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'content-security-policy': expect.stringContaining("default-src 'self'"),
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'x-frame-options': 'SAMEORIGIN',
        'referrer-policy': 'no-referrer',
        'cross-origin-opener-policy': 'same-origin',
        'cross-origin-resource-policy': 'same-origin',
      });
      expect(res.headers['x-powered-by']).toBeUndefined();
    },
  );
});

describe('unexpected errors', () => {
  it('answers 500 JSON with a reference and no internals, and reports the error', async () => {
    const { app, repository } = testApp();
    jest
      .spyOn(repository, 'listActivities')
      .mockRejectedValue(new Error('database password=hunter2 exploded'));
    const reported: Error[] = [];
    app.on('error', (error: Error) => reported.push(error));
    const res = await request(app.callback()).get('/api/activities/home').expect(500);
    expect(res.body).toEqual({
      error: 'internal_error',
      message: 'Something went wrong.',
      reference: expect.stringMatching(/^[0-9a-f]{12}$/),
    });
    expect(res.text).not.toContain('hunter2');
    expect(res.text).not.toContain('at ');
    expect(reported.map((e) => e.message)).toEqual(['database password=[scrubbed] exploded']);
    expect(reported[0]?.stack).not.toContain('hunter2');
  });
});
