import request from 'supertest';
import { testApp } from '../support/test-app';

describe('messages', () => {
  it('GET /api/message_groups lists the conversations of the current user', async () => {
    const res = await request(testApp().app.callback()).get('/api/message_groups').expect(200);
    expect((res.body as { handle: string }[]).map((g) => g.handle)).toEqual(['worf', 'garek']);
    expect(res.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          uuid: expect.any(String),
          display_name: 'Worf',
          created_at: expect.any(String),
        }),
      ]),
    );
  });

  it('GET /api/messages/@:handle returns the conversation, oldest first', async () => {
    const res = await request(testApp().app.callback()).get('/api/messages/@worf').expect(200);
    expect((res.body as { message: string }[]).map((m) => m.message)).toEqual([
      'Cloud is fun!',
      'This platform is great!',
    ]);
  });

  it('GET /api/messages/@ is 422 and an unknown user 404', async () => {
    const server = testApp().app.callback();
    expect((await request(server).get('/api/messages/@').expect(422)).body).toEqual([
      'blank_user_handle',
    ]);
    expect((await request(server).get('/api/messages/@nobody').expect(404)).body).toEqual({
      error: 'user_not_found',
    });
  });

  it('POST /api/messages sends a message that joins the existing conversation', async () => {
    const server = testApp().app.callback();
    const res = await request(server)
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send({ message: 'Qapla!', user_receiver_handle: 'worf' })
      .expect(200);
    expect(res.body).toMatchObject({
      handle: 'andrewbrown',
      display_name: 'Andrew Brown',
      message: 'Qapla!',
    });
    const thread = await request(server).get('/api/messages/@worf').expect(200);
    expect((thread.body as { message: string }[]).at(-1)?.message).toBe('Qapla!');
    const groups = await request(server).get('/api/message_groups').expect(200);
    expect(groups.body).toHaveLength(2);
    expect((groups.body as { message: string }[])[0]?.message).toBe('Qapla!');
  });

  it.each([
    [{}, ['message_blank', 'user_receiver_handle_blank']],
    [{ user_receiver_handle: '', message: 'x' }, ['user_receiver_handle_blank']],
    [{ user_receiver_handle: 'worf', message: '  ' }, ['message_blank']],
    [{ user_receiver_handle: 'worf', message: 'm'.repeat(1025) }, ['message_exceed_max_chars']],
  ])('POST /api/messages refuses %j with 422 %j and stores nothing', async (body, codes) => {
    const { app, repository } = testApp();
    const before = (await repository.listMessages()).length;
    const res = await request(app.callback())
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send(body);
    expect(res.status).toBe(422);
    expect(res.body).toEqual(codes);
    expect(await repository.listMessages()).toHaveLength(before);
  });

  it('POST /api/messages to an unknown user is 404', async () => {
    const res = await request(testApp().app.callback())
      .post('/api/messages')
      .set('Content-Type', 'application/json')
      .send({ message: 'hello', user_receiver_handle: 'nobody' })
      .expect(404);
    expect(res.body).toEqual({ error: 'user_not_found' });
  });
});
