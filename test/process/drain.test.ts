import { freePort } from '../support/ports';
import { RawConnection } from '../support/raw-connection';
import { type RunningService, startService } from '../support/service';
import { ServiceProxy } from '../support/service-proxy';
import { TracedLoad } from '../support/traced-load';
import { pause } from '../support/wait';

/** The chart's pre-stop pause is 5 s; 2 s is enough here, where endpoints update at once. */
const PAUSE_SECONDS = 2;
/** How long after the pod's deletion kube-proxy still sends new connections to it. */
const KUBE_PROXY_LAG_MS = 300;

/**
 * A rolling update as Kubernetes runs it, on real sockets: two instances behind a stand-in
 * for the Service, keep-alive clients on the old one, then what the pod's deletion sets
 * off: the endpoint leaves the Service (kube-proxy a moment late), the kubelet calls the
 * pre-stop hook (chart: httpGet on DRAIN_PORT) and sends SIGTERM once it has answered.
 */
describe('the drain at the pre-stop hook', () => {
  let old: RunningService;
  let replacement: RunningService;
  let drainPort: number;

  beforeAll(async () => {
    drainPort = await freePort();
    [old, replacement] = await Promise.all([
      startService({ DRAIN_PORT: String(drainPort) }),
      startService(),
    ]);
  });

  afterAll(async () => {
    await Promise.all([old.stop(), replacement.stop()]);
  });

  it('moves every keep-alive client to the other instance before SIGTERM: no failure, no retry', async () => {
    const proxy = await ServiceProxy.start([old.port]);
    type Phase = 'before' | 'draining' | 'stopped';
    const load = new TracedLoad<Phase>(
      `http://127.0.0.1:${proxy.port}/api/activities/notifications`,
      'before',
      { workers: 4, pauseMs: 10 },
    );
    try {
      await pause(500);
      const onOld = load.connections;
      proxy.add(replacement.port);
      proxy.remove(old.port, KUBE_PROXY_LAG_MS);
      load.phase = 'draining';
      const hookStarted = Date.now();
      const hook = fetch(`http://127.0.0.1:${drainPort}/drain?pause_seconds=${PAUSE_SECONDS}`);

      // During the pause: not ready, and every answer closes its connection.
      await pause(100);
      expect((await fetch(`${old.url}/api/ready`)).status).toBe(503);
      const direct = await RawConnection.open(old.port);
      expect((await direct.get('/api/activities/home')).headers.connection).toBe('close');
      await pause(50);
      expect(direct.closed).toBe(true);

      expect((await hook).status).toBe(200);
      expect(Date.now() - hookStarted).toBeGreaterThanOrEqual(PAUSE_SECONDS * 1000);
      expect(await old.stop('SIGTERM')).toBe(0);
      load.phase = 'stopped';
      await pause(500);
      await load.stop();

      expect(load.failures()).toEqual([]);
      expect(onOld).toBe(4);
      expect(load.traces('draining').length).toBeGreaterThan(100);
      expect(load.traces('stopped').length).toBeGreaterThan(20);
      // Connections were kept and reused: each old one moved once, to the replacement.
      process.stderr.write(
        `drain: ${load.outcomes.length} requests on ${load.connections} connections\n`,
      );
      expect(load.reusedRequests).toBeGreaterThan(load.outcomes.length * 0.9);
      expect(old.stdout()).toContain('"message":"draining"');
      expect(old.stdout()).toContain('"drain":"drained"');
    } finally {
      await load.stop();
      await proxy.stop();
    }
  });
});
