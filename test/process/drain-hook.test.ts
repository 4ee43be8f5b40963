import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { startDrainHook } from '../../service/src/process/drain-hook';
import { Readiness } from '../../service/src/process/readiness';

/** GET on the hook's server; resolves with the status and the JSON body. */
function get(port: number, path: string): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
        });
      })
      .on('error', reject);
  });
}

/** Waits for the hook to take the request (timers are fake here: polls on setImmediate). */
async function untilDraining(readiness: Readiness): Promise<void> {
  for (let turns = 0; readiness.ready; turns += 1) {
    if (turns > 100_000) throw new Error('the drain never started');
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('the pre-stop hook endpoint (process/drain-hook.ts)', () => {
  let readiness: Readiness;
  let server: http.Server;
  let port: number;
  const lines: string[] = [];

  beforeEach(async () => {
    readiness = new Readiness();
    lines.length = 0;
    server = startDrainHook({
      port: 0,
      host: '127.0.0.1',
      readiness,
      log: (level, message) => lines.push(`${level} ${message}`),
    });
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterEach(async () => {
    jest.useRealTimers();
    await new Promise((resolve) => server.close(resolve));
  });

  it.each([
    ['/drain?pause_seconds=abc', 400, 'invalid_pause'],
    ['/drain?pause_seconds=61', 400, 'invalid_pause'],
    ['/drain?pause_seconds=1.5', 400, 'invalid_pause'],
    ['/ready', 404, 'not_found'],
  ])('answers %s with a %i JSON error and drains nothing', async (path, status, error) => {
    expect(await get(port, path)).toEqual({ status, body: expect.objectContaining({ error }) });
    expect(readiness.ready).toBe(true);
  });

  it('serves again when no SIGTERM follows its answer (a stray call, not a pod stopping)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const answer = get(port, '/drain?pause_seconds=0');
    await untilDraining(readiness);
    jest.advanceTimersByTime(0);
    expect((await answer).status).toBe(200);
    jest.advanceTimersByTime(9_999);
    expect(readiness.ready).toBe(false);
    jest.advanceTimersByTime(1);
    expect(readiness.ready).toBe(true);
    expect(lines).toEqual([
      'info draining',
      'warn drain cancelled: no SIGTERM followed the pre-stop hook',
    ]);
  });

  it('stays out of service once SIGTERM has come', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const answer = get(port, '/drain?pause_seconds=0');
    await untilDraining(readiness);
    jest.advanceTimersByTime(0);
    expect((await answer).status).toBe(200);
    readiness.beginShutdown();
    jest.advanceTimersByTime(10_000);
    expect(readiness.ready).toBe(false);
    expect(lines).toEqual(['info draining']);
  });
});
