import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  helm,
  kubectl,
  kubectlAsync,
  kubectlJson,
  kubectlWithInput,
  missingCluster,
  portForward,
  type PortForward,
} from '../support/cluster';
import { chartDir, renderText, valuesFiles } from '../support/helm';
import { describeWith, missingTools } from '../support/prerequisites';
import { routeServicesFromHost } from '../support/service-route';
import {
  HONEYCOMB_KEY,
  type InstalledStack,
  installStack,
  NAMESPACE,
  RELEASE,
} from '../support/stack-install';
import { TracedLoad } from '../support/traced-load';
import { NO_HOME_FEED_RULES } from '../support/xray-api';
import { pause, until } from '../support/wait';

jest.setTimeout(600_000);

const SERVER = 2;
/** The API's replicas as the stack installs them (values-kind.yaml: one per kind worker). */
const API_REPLICAS = (
  parse(readFileSync(path.join(chartDir, 'values-kind.yaml'), 'utf8')) as { replicaCount: number }
).replicaCount;
const API = `app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=api`;
const COLLECTOR = `app.kubernetes.io/instance=${RELEASE},app.kubernetes.io/component=collector`;

interface Pod {
  metadata: { name: string; uid: string; deletionTimestamp?: string };
  spec: { nodeName: string };
  status: {
    conditions?: { type: string; status: string }[];
    containerStatuses?: { name: string; restartCount: number; ready: boolean }[];
  };
}

const podsAsync = async (selector: string) =>
  (
    JSON.parse(
      await kubectlAsync('-n', NAMESPACE, 'get', 'pods', '-l', selector, '-o', 'json'),
    ) as { items: Pod[] }
  ).items;
const pods = (selector: string) =>
  (kubectlJson('-n', NAMESPACE, 'get', 'pods', '-l', selector) as { items: Pod[] }).items;
const livePods = (selector: string) => pods(selector).filter((p) => !p.metadata.deletionTimestamp);
/** The nodes that take pods: kind's workers (its control plane is tainted NoSchedule). */
const schedulableNodes = () =>
  (
    kubectlJson('get', 'nodes') as {
      items: { metadata: { name: string }; spec: { taints?: { effect: string }[] } }[];
    }
  ).items
    .filter((n) => !n.spec.taints?.some((t) => t.effect === 'NoSchedule'))
    .map((n) => n.metadata.name)
    .sort();
const isReady = (pod: Pod) =>
  pod.status.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;

/**
 * Traced load on one pod through a port-forward of its own, for `forMs`: the Service would
 * pick a pod per connection, and a few connections can all land on one.
 */
async function loadThroughPod<Phase extends string>(
  pod: string,
  route: string,
  phase: Phase,
  { forMs, ...options }: { workers: number; pauseMs: number; forMs: number },
): Promise<TracedLoad<Phase>> {
  const direct = await portForward(NAMESPACE, `pod/${pod}`, 4567);
  try {
    const load = new TracedLoad(`http://127.0.0.1:${direct.port}${route}`, phase, options);
    await pause(forMs);
    await load.stop();
    return load;
  } finally {
    direct.stop();
  }
}

/** A fresh X-Ray trace id: the epoch second, then 24 random hex digits. */
function xrayTraceId() {
  return `1-${Math.floor(Date.now() / 1000).toString(16)}-${randomBytes(12).toString('hex')}`;
}

describeWith(
  missingTools('helm', 'kubectl') ?? missingCluster(),
  'the chart installed on the kind cluster (scripts/kind-up.sh)',
  () => {
    let installed: InstalledStack | undefined;
    let forward: PortForward | undefined;
    let unrouteServices: (() => void) | undefined;
    const stack = () => {
      if (!installed) throw new Error('the stack was not installed');
      return installed;
    };
    const apiUrl = (path: string) => `http://127.0.0.1:${String(forward?.port)}${path}`;

    const delivered = () =>
      new Set(
        stack()
          .honeycomb.spans.filter((s) => s.kind === SERVER)
          .map((s) => s.traceId),
      );

    /** Keep-alive clients through the Service's address (routed from this machine). */
    const keepAliveLoad = (clusterIp: string, phase: string) =>
      new TracedLoad(`http://${clusterIp}/api/activities/notifications`, phase, {
        workers: 4,
        pauseMs: 20,
      });
    const serviceIp = () =>
      kubectl('-n', NAMESPACE, 'get', 'svc', RELEASE, '-o', 'jsonpath={.spec.clusterIP}');
    /** The server spans delivered for these traces, by trace id. */
    const serverSpans = (traceIds: string[]) => {
      const wanted = new Set(traceIds);
      return stack().honeycomb.spans.filter((s) => s.kind === SERVER && wanted.has(s.traceId));
    };

    beforeAll(async () => {
      installed = await installStack(NO_HOME_FEED_RULES);
      forward = await portForward(NAMESPACE, `svc/${RELEASE}`, 80);
      unrouteServices = routeServicesFromHost();
    });

    afterAll(async () => {
      unrouteServices?.();
      forward?.stop();
      await installed?.uninstall();
    });

    it('runs every pod Ready with no restarts, a Collector on each worker, one API replica a worker, and passes helm test', () => {
      const all = pods(`app.kubernetes.io/instance=${RELEASE}`).filter(
        (p) => !p.metadata.name.endsWith('-test-health'),
      );
      const workers = schedulableNodes();
      expect(workers.length).toBe(2);
      expect(all.length).toBe(API_REPLICAS + workers.length);
      for (const pod of all) {
        expect({ pod: pod.metadata.name, ready: isReady(pod) }).toEqual({
          pod: pod.metadata.name,
          ready: true,
        });
        for (const container of pod.status.containerStatuses ?? []) {
          expect(`${container.name} restarts: ${container.restartCount}`).toBe(
            `${container.name} restarts: 0`,
          );
        }
      }
      const nodesOf = (selector: string) =>
        pods(selector)
          .map((p) => p.spec.nodeName)
          .sort();
      expect(nodesOf(COLLECTOR)).toEqual(workers);
      // values-kind.yaml's topologySpreadConstraints: one replica on each worker.
      expect(nodesOf(API)).toEqual(workers);
      const test = helm('test', RELEASE, '--namespace', NAMESPACE);
      // The test pod is deleted once it succeeds (hook-delete-policy), so its phase is the proof.
      expect(test).toMatch(/TEST SUITE:\s+\S+-test-health[\s\S]*Phase:\s+Succeeded/);
    });

    it.each(valuesFiles)(
      'every object of %s passes the API server’s strict validation',
      (values) => {
        const manifest = renderText({ valuesFile: values });
        const result = kubectlWithInput(
          manifest,
          '-n',
          NAMESPACE,
          'apply',
          '--dry-run=server',
          '--validate=strict',
          '-f',
          '-',
        );
        expect(result).toMatch(/\(server dry run\)/);
      },
    );

    it('carries a request through the DaemonSet Collector to Honeycomb and X-Ray, with the pod’s identity', async () => {
      const traceId = xrayTraceId();
      const response = await fetch(apiUrl('/api/activities/notifications'), {
        headers: { 'X-Amzn-Trace-Id': `Root=${traceId};Parent=53995c3f42cd8ad8;Sampled=1` },
      });
      expect(response.status).toBe(200);
      const hex = traceId.slice(2).replace('-', '');
      const [span] = await stack().honeycomb.waitFor(
        (spans) => spans.some((s) => s.traceId === hex),
        30_000,
      );
      const server = stack().honeycomb.spans.find((s) => s.traceId === hex && s.kind === SERVER);
      expect(span).toBeDefined();
      const exported = stack().honeycomb.exports.find((e) =>
        e.spans.some((s) => s.traceId === hex),
      );
      expect(exported?.metadata['x-honeycomb-team']).toBe(HONEYCOMB_KEY);

      // The Service sends the request to any of the replicas: the span names the one it
      // reached, which must be a live API pod of this release, with its uid and node.
      const pod = livePods(API).find((p) => p.metadata.name === server?.resource['k8s.pod.name']);
      expect(pod).toBeDefined();
      const node = pod?.spec.nodeName;
      // k8s.deployment.name and k8s.replicaset.name come only from the Collector's
      // k8s_attributes processor (the app does not know them): they prove its RBAC works.
      expect(server?.resource).toMatchObject({
        'k8s.pod.name': pod?.metadata.name,
        'k8s.pod.uid': pod?.metadata.uid,
        'k8s.namespace.name': NAMESPACE,
        'k8s.node.name': node,
        'k8s.deployment.name': RELEASE,
      });
      expect(server?.resource['k8s.replicaset.name']).toMatch(new RegExp(`^${RELEASE}-[a-z0-9]+$`));

      await until(
        () =>
          stack()
            .xray.segments()
            .some((s) => s.trace_id === traceId)
            ? true
            : undefined,
        'the X-Ray API stand-in to receive the segment',
        30_000,
      );
    });

    it('samples by the X-Ray rule that the daemon sidecar serves (by URL path)', async () => {
      const flags = async (path: string) => {
        const res = await fetch(apiUrl(path));
        expect(res.status).toBe(200);
        return res.headers.get('traceresponse') ?? '';
      };
      // The service polls rules through the daemon at start (and again within seconds if
      // that failed); probe until they apply. Before they do, 10% of new traces are sampled,
      // so only three rounds in a row that match the rules say so ((0.9 x 0.1)^3 by chance).
      await until(
        () => (stack().xray.calls.some((c) => c.path === '/GetSamplingRules') ? true : undefined),
        'the daemon to fetch sampling rules',
        90_000,
      );
      const rulesApply = async () => {
        for (let round = 0; round < 3; round += 1) {
          if ((await flags('/api/activities/home')).endsWith('-01')) return false;
          if ((await flags('/api/activities/notifications')).endsWith('-00')) return false;
        }
        return true;
      };
      const deadline = Date.now() + 90_000;
      while (!(await rulesApply())) {
        if (Date.now() > deadline) throw new Error('the home-feed rule never applied');
        await pause(1_000);
      }
      const home: string[] = [];
      const notifications: string[] = [];
      for (let i = 0; i < 10; i += 1) {
        home.push(await flags('/api/activities/home'));
        notifications.push(await flags('/api/activities/notifications'));
      }
      expect(home.every((h) => h.endsWith('-00'))).toBe(true);
      expect(notifications.every((h) => h.endsWith('-01'))).toBe(true);
      const traceOf = (header: string) => header.split('-')[1] ?? '';
      await until(
        () => (notifications.every((h) => delivered().has(traceOf(h))) ? true : undefined),
        'the sampled traces',
        30_000,
      );
      expect(home.filter((h) => delivered().has(traceOf(h)))).toEqual([]);
    });

    it('fails no request while a node’s Collector pod is replaced, and that node’s spans resume', async () => {
      const load = keepAliveLoad(serviceIp(), 'before');
      let node: string | undefined;
      try {
        // The load's keep-alive connections may all have reached one API pod (1 in 8 with
        // four connections and two pods): the Collector replaced is on a node it reaches.
        node = await until(
          () => {
            const span = serverSpans(load.traces('before'))[0];
            const name = span?.resource['k8s.node.name'];
            return typeof name === 'string' ? name : undefined;
          },
          'a server span of the load',
          30_000,
        );
        const old = livePods(COLLECTOR).find((p) => p.spec.nodeName === node);
        load.phase = 'replacing';
        kubectl('-n', NAMESPACE, 'delete', 'pod', old?.metadata.name ?? '', '--wait=false');
        await until(
          async () => {
            const current = (await podsAsync(COLLECTOR)).filter(
              (p) => !p.metadata.deletionTimestamp,
            );
            const replacement = current.find((p) => p.spec.nodeName === node);
            return replacement &&
              replacement.metadata.name !== old?.metadata.name &&
              isReady(replacement)
              ? true
              : undefined;
          },
          'the replacement Collector pod to be Ready',
          120_000,
        );
        load.phase = 'settled';
        await pause(5_000);
      } finally {
        await load.stop();
      }
      expect(load.traces('replacing').length).toBeGreaterThan(5);
      expect(load.failures()).toEqual([]);
      const settled = load.traces('settled');
      expect(settled.length).toBeGreaterThan(10);
      await until(
        () => (serverSpans(settled).length === settled.length ? true : undefined),
        'every span sent after the new Collector was Ready',
        60_000,
      );
      expect(serverSpans(settled).some((s) => s.resource['k8s.node.name'] === node)).toBe(true);
    });

    /**
     * Keep-alive clients through the Service while the API pod is replaced: the old pod
     * drains from the start of its pre-stop hook (readiness fails, every answer closes its
     * connection), so no request is sent on a connection it closes. Nothing is retried, and
     * the connections were really reused. Three runs, as one run proves little about a race.
     */
    const expectNoFailureOnReusedConnections = (
      load: TracedLoad<string>,
      events: Record<string, number>,
      what: string,
    ) => {
      expect(load.outcomes.length).toBeGreaterThan(100);
      expect({ failures: load.failures(), events }).toEqual({ failures: [], events });
      process.stderr.write(
        `${what}: ${load.outcomes.length} requests on ${load.connections} connections\n`,
      );
      expect(load.reusedRequests).toBeGreaterThan(load.outcomes.length * 0.9);
    };

    it.each([1, 2, 3])(
      'fails no request through the Service during a rollout restart, with no retry (run %i of 3)',
      async (run) => {
        const before = livePods(API).map((p) => p.metadata.name);
        const load = keepAliveLoad(serviceIp(), 'rollout');
        // When each step happened, in the load's clock, to place any failure.
        const events: Record<string, number> = {};
        try {
          events.restart = load.elapsedMs();
          await kubectlAsync('-n', NAMESPACE, 'rollout', 'restart', `deploy/${RELEASE}`);
          await kubectlAsync(
            '-n',
            NAMESPACE,
            'rollout',
            'status',
            `deploy/${RELEASE}`,
            '--timeout=180s',
          );
          events.rolledOut = load.elapsedMs();
          await until(
            async () =>
              (await podsAsync(API)).every((p) => !before.includes(p.metadata.name))
                ? true
                : undefined,
            'the old pod to finish terminating',
            120_000,
          );
          events.oldPodGone = load.elapsedMs();
          await pause(2_000);
        } finally {
          await load.stop();
        }
        expectNoFailureOnReusedConnections(load, events, `rollout run ${run}`);
      },
    );

    it('sends each replica’s spans through the Collector on that replica’s own node', async () => {
      // Load on each replica through its own port-forward (loadThroughPod).
      const live = livePods(API);
      const sent: string[] = [];
      for (const pod of live) {
        const load = await loadThroughPod(pod.metadata.name, '/api/activities/home', 'node-local', {
          workers: 2,
          pauseMs: 20,
          forMs: 1_500,
        });
        expect(load.failures()).toEqual([]);
        sent.push(...load.traces('node-local'));
      }
      await until(
        () => (serverSpans(sent).length === sent.length ? true : undefined),
        'every span of the load',
        30_000,
      );
      const byPod = new Map<string, { node: string; collectorNode: string }>();
      for (const span of serverSpans(sent)) {
        const text = (key: string) => {
          const value = span.resource[key];
          return typeof value === 'string' ? value : `no ${key}`;
        };
        const pod = text('k8s.pod.name');
        const route = {
          node: text('k8s.node.name'),
          collectorNode: text('cruddur.collector.node.name'),
        };
        expect(route.collectorNode).toBe(route.node);
        byPod.set(pod, route);
      }
      // Spans from both replicas, one on each worker, each through its own node's Collector.
      expect([...byPod.keys()].sort()).toEqual(live.map((p) => p.metadata.name).sort());
      expect([...byPod.values()].map((r) => r.node).sort()).toEqual(schedulableNodes());
    });

    it('fails no request through the Service while a worker is drained, moves its pod, and keeps the spans coming', async () => {
      // A budget of one available, as values.yaml has on EKS: the drain evicts the pod and
      // the Service keeps the other replica, on the other worker.
      const budget = `${RELEASE}-drain-test`;
      kubectl(
        '-n',
        NAMESPACE,
        'create',
        'poddisruptionbudget',
        budget,
        `--selector=${API}`,
        '--min-available=1',
      );
      const node = livePods(API)[0]?.spec.nodeName ?? '';
      const load = keepAliveLoad(serviceIp(), 'draining');
      const events: Record<string, number> = {};
      try {
        events.drain = load.elapsedMs();
        await kubectlAsync(
          'drain',
          node,
          '--ignore-daemonsets',
          '--delete-emptydir-data',
          '--timeout=300s',
        );
        events.drained = load.elapsedMs();
        await until(
          async () => {
            const live = (await podsAsync(API)).filter((p) => !p.metadata.deletionTimestamp);
            return live.length === API_REPLICAS &&
              live.every((p) => isReady(p) && p.spec.nodeName !== node)
              ? true
              : undefined;
          },
          'every API pod Ready on the other worker',
          180_000,
        );
        events.moved = load.elapsedMs();
        load.phase = 'moved';
        await pause(3_000);
      } finally {
        await load.stop();
        kubectl('uncordon', node);
        kubectl('-n', NAMESPACE, 'delete', 'poddisruptionbudget', budget);
      }
      expectNoFailureOnReusedConnections(load, events, 'node drain');
      const moved = load.traces('moved');
      expect(moved.length).toBeGreaterThan(10);
      await until(
        () => (serverSpans(moved).length === moved.length ? true : undefined),
        'every span sent once the pods had moved',
        30_000,
      );
      expect(serverSpans(moved).every((s) => s.resource['k8s.node.name'] !== node)).toBe(true);
    });

    it('delivers a terminated API pod’s spans through its SIGTERM flush', async () => {
      // One pod, so the one the load went to is the one terminated. Batches wait two minutes
      // and are as large as the queue, so only the shutdown flush can deliver these spans
      // (with the default 32 a batch filled and left in the test).
      kubectl('-n', NAMESPACE, 'scale', `deploy/${RELEASE}`, '--replicas=1');
      kubectl(
        '-n',
        NAMESPACE,
        'set',
        'env',
        `deploy/${RELEASE}`,
        '-c',
        'api',
        'OTEL_BSP_SCHEDULE_DELAY=120000',
        'OTEL_BSP_MAX_EXPORT_BATCH_SIZE=8192',
      );
      kubectl('-n', NAMESPACE, 'rollout', 'status', `deploy/${RELEASE}`, '--timeout=180s');
      await until(
        () => (livePods(API).length === 1 && pods(API).length === 1 ? true : undefined),
        'one API pod',
        120_000,
      );
      const [pod] = livePods(API);
      const load = await loadThroughPod(
        pod?.metadata.name ?? '',
        '/api/activities/notifications',
        'flush',
        { workers: 1, pauseMs: 50, forMs: 2_000 },
      );
      const sent = load.traces('flush');
      expect(load.failures()).toEqual([]);
      expect(sent.filter((id) => delivered().has(id))).toEqual([]);
      kubectl('-n', NAMESPACE, 'delete', 'pod', pod?.metadata.name ?? '', '--wait=true');
      await until(
        () => (sent.every((id) => delivered().has(id)) ? true : undefined),
        'every span of the terminated pod',
        30_000,
      );
    });
  },
);
