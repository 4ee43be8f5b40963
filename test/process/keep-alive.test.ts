import { createServer } from 'node:http';
import { parseConfig } from '../../service/src/config';
import { serverOptions } from '../../service/src/http/server-options';
import { RawConnection } from '../support/raw-connection';
import { type RunningService, startService } from '../support/service';
import { pause } from '../support/wait';

/** An AWS ALB's default idle timeout: it reuses a connection idle for up to this long. */
const ALB_IDLE_MS = 60_000;
/** Node's default keepAliveTimeout (5 s) plus the 1 s its socket timeout adds, and a margin. */
const PAST_NODE_DEFAULT_MS = 7_000;

describe('keep-alive connections outlive a load balancer’s', () => {
  let service: RunningService;
  let shortLived: RunningService;

  beforeAll(async () => {
    [service, shortLived] = await Promise.all([
      startService(),
      startService({ KEEP_ALIVE_TIMEOUT_SECONDS: '1' }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([service.stop(), shortLived.stop()]);
  });

  it('keeps an idle connection open longer than an ALB does, by default, and says so', async () => {
    const keepAliveMs = parseConfig({}).keepAliveTimeoutMs;
    const options = serverOptions(keepAliveMs);
    expect(options.keepAliveTimeout).toBe(keepAliveMs);
    expect(keepAliveMs).toBeGreaterThan(ALB_IDLE_MS);
    expect(options.headersTimeout).toBeGreaterThan(keepAliveMs);
    // Node refuses a headers timeout above its request timeout, even for the longest setting.
    expect(() =>
      createServer(
        serverOptions(parseConfig({ KEEP_ALIVE_TIMEOUT_SECONDS: '290' }).keepAliveTimeoutMs),
      ),
    ).not.toThrow();
    // The running service advertises its own keepAliveTimeout (Keep-Alive: timeout=<s>).
    const connection = await RawConnection.open(service.port);
    const response = await connection.get('/api/activities/home');
    connection.close();
    expect(response.headers['keep-alive']).toBe(`timeout=${keepAliveMs / 1000}`);
  });

  /**
   * The real property, on real sockets: one connection left idle past Node's old default
   * is still served. The same wait on a service configured with 1 s finds its connection
   * closed, so the test can tell the difference. Both wait together: 7 s in all.
   */
  it('serves a connection idle for longer than Node’s 5 s default, on the same connection', async () => {
    const [kept, dropped] = await Promise.all(
      [service, shortLived].map(async (running) => {
        const connection = await RawConnection.open(running.port);
        expect((await connection.get('/api/activities/home')).status).toBe(200);
        await pause(PAST_NODE_DEFAULT_MS);
        return connection;
      }),
    );
    expect(dropped?.closed).toBe(true);
    expect(kept?.closed).toBe(false);
    expect((await kept?.get('/api/activities/home'))?.status).toBe(200);
    kept?.close();
  });
});
