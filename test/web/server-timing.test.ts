import request from 'supertest';
import { testApp } from '../support/test-app';

const frontend = 'http://localhost:3000';

describe('Server-Timing', () => {
  it('tells the caller how long the API worked on the request, in milliseconds', async () => {
    const res = await request(testApp().app.callback()).get('/api/activities/home').expect(200);
    const match = /^app;dur=(\d+\.\d{2})$/.exec(res.headers['server-timing'] ?? '');
    expect(match).not.toBeNull();
    expect(Number(match?.[1])).toBeGreaterThan(0);
  });

  it('is on error answers too, and exposed to the frontend origin', async () => {
    const res = await request(testApp().app.callback())
      .post('/api/activities')
      .set('Origin', frontend)
      .send({ message: '', ttl: '7-days' })
      .expect(422);
    expect(res.headers['server-timing']).toMatch(/^app;dur=/);
    expect(res.headers['access-control-expose-headers']).toContain('server-timing');
  });
});
