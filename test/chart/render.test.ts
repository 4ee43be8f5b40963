import { describeWith, missingTools } from '../support/prerequisites';
import { execFileSync } from 'node:child_process';
import { parse, stringify } from 'yaml';
import { find, type K8sObject, render, renderWithNotes, valuesFiles } from '../support/helm';
import { tempFile } from '../support/temp';

interface Container {
  name: string;
  restartPolicy?: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: unknown;
  lifecycle?: { preStop?: { httpGet?: { path: string; port: number } } };
}

interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  securityContext?: Record<string, unknown>;
  terminationGracePeriodSeconds?: number;
  serviceAccountName?: string;
  topologySpreadConstraints?: { labelSelector?: unknown }[];
}

const selectorLabels = {
  'app.kubernetes.io/name': 'cruddur',
  'app.kubernetes.io/instance': 'rel',
  'app.kubernetes.io/component': 'api',
};

function podSpec(object: K8sObject): PodSpec | undefined {
  if (object.kind === 'Pod') return object.spec as PodSpec;
  const template = (object.spec as { template?: { spec: PodSpec } } | undefined)?.template;
  return template?.spec;
}

function env(container: Container, name: string) {
  return container.env?.find((entry) => entry.name === name);
}

describeWith(missingTools('helm'), 'the Helm chart, rendered', () => {
  describe.each(valuesFiles)('with %s', (valuesFile) => {
    // Rendered in beforeAll, not while the suite is collected: a skipped suite (no helm
    // locally) would otherwise fail to load.
    let objects: K8sObject[] = [];
    let workloads: K8sObject[] = [];
    beforeAll(() => {
      objects = render({ valuesFile, set: { 'secrets.honeycombApiKey': 'x' } });
      workloads = objects.filter((o) => podSpec(o) !== undefined);
    });

    it('hardens and bounds every container', () => {
      expect(workloads.length).toBeGreaterThanOrEqual(3);
      for (const workload of workloads) {
        const spec = podSpec(workload) as PodSpec;
        expect(spec.securityContext).toMatchObject({
          runAsNonRoot: true,
          seccompProfile: { type: 'RuntimeDefault' },
        });
        for (const container of [...(spec.initContainers ?? []), ...spec.containers]) {
          const where = `${workload.kind}/${workload.metadata.name}/${container.name}`;
          // Only the API on kind, where Tilt's live update syncs sources into it.
          const liveUpdated = valuesFile === 'values-kind.yaml' && container.name === 'api';
          expect([where, container.securityContext]).toEqual([
            where,
            expect.objectContaining({
              runAsNonRoot: true,
              readOnlyRootFilesystem: !liveUpdated,
              allowPrivilegeEscalation: false,
              capabilities: { drop: ['ALL'] },
              seccompProfile: { type: 'RuntimeDefault' },
            }),
          ]);
          expect([where, Object.keys(container.resources?.requests ?? {}).sort()]).toEqual([
            where,
            ['cpu', 'memory'],
          ]);
          expect([where, Object.keys(container.resources?.limits ?? {}).sort()]).toEqual([
            where,
            ['cpu', 'memory'],
          ]);
        }
      }
    });

    it('probes the API on /api/health and /api/ready and drains before stopping', () => {
      const deployment = find(objects, 'Deployment');
      const spec = podSpec(deployment) as PodSpec;
      const api = spec.containers.find((c) => c.name === 'api') as Container;
      expect(api.livenessProbe?.httpGet?.path).toBe('/api/health');
      expect(api.readinessProbe?.httpGet?.path).toBe('/api/ready');
      expect(api.startupProbe).toBeDefined();
      // The pre-stop hook starts the drain (process/drain-hook.ts) on a port of its own,
      // which no Service exposes, and holds SIGTERM back for the pause.
      const hook = api.lifecycle?.preStop?.httpGet;
      expect(hook?.port).toBe(Number(env(api, 'DRAIN_PORT')?.value));
      const servicePorts = find(objects, 'Service', 'rel-cruddur').spec as {
        ports: { port: number; targetPort: string }[];
      };
      expect(servicePorts.ports.map((p) => p.targetPort)).toEqual(['http']);
      expect(hook?.port).not.toBe(Number(env(api, 'PORT')?.value));
      const [, pause = '0'] = /^\/drain\?pause_seconds=(\d+)$/.exec(hook?.path ?? '') ?? [];
      const preStop = Number(pause);
      const grace = Number(env(api, 'SHUTDOWN_GRACE_SECONDS')?.value);
      expect(preStop).toBeGreaterThan(0);
      // The service exits within its grace (test/process/shutdown-budget.test.ts); Kubernetes
      // counts the pre-stop pause in its period, and leaves the exit a margin.
      expect(spec.terminationGracePeriodSeconds).toBeGreaterThan(preStop + grace);
      expect(spec.terminationGracePeriodSeconds).toBeLessThanOrEqual(preStop + grace + 2);
    });

    it('gives the API its pod identity and the node-local Collector', () => {
      const deployment = find(objects, 'Deployment');
      const api = (podSpec(deployment) as PodSpec).containers.find(
        (c) => c.name === 'api',
      ) as Container;
      const names = (api.env ?? []).map((e) => e.name);
      for (const variable of [
        'K8S_POD_NAME',
        'K8S_POD_UID',
        'K8S_NAMESPACE_NAME',
        'K8S_NODE_NAME',
        'K8S_POD_IP',
      ]) {
        expect(env(api, variable)?.valueFrom).toHaveProperty('fieldRef');
        // $(VAR) references only expand when VAR is defined earlier in the list.
        expect(names.indexOf(variable)).toBeLessThan(names.indexOf('OTEL_RESOURCE_ATTRIBUTES'));
      }
      expect(env(api, 'OTEL_RESOURCE_ATTRIBUTES')?.value).toBe(
        'k8s.pod.name=$(K8S_POD_NAME),k8s.pod.uid=$(K8S_POD_UID),k8s.namespace.name=$(K8S_NAMESPACE_NAME),k8s.node.name=$(K8S_NODE_NAME),k8s.pod.ip=$(K8S_POD_IP)',
      );
      const collectorService = find(objects, 'Service', '-collector');
      expect(env(api, 'OTEL_EXPORTER_OTLP_ENDPOINT')?.value).toBe(
        `http://${collectorService.metadata.name}.cruddur.svc:4318`,
      );
      expect(env(api, 'OTEL_EXPORTER_OTLP_PROTOCOL')?.value).toBe('http/protobuf');
      const serviceSpec = collectorService.spec as {
        internalTrafficPolicy: string;
        selector: Record<string, string>;
      };
      expect(serviceSpec.internalTrafficPolicy).toBe('Local');
      const daemonSet = find(objects, 'DaemonSet');
      const podLabels = (
        daemonSet.spec as { template: { metadata: { labels: Record<string, string> } } }
      ).template.metadata.labels;
      expect(podLabels).toMatchObject(serviceSpec.selector);
      expect(env(api, 'HONEYCOMB_API_KEY')).toBeUndefined();
    });

    it('gives the Collector its key from the Secret, its node, and a GOMEMLIMIT under its limit', () => {
      const daemonSet = find(objects, 'DaemonSet');
      const collector = (podSpec(daemonSet) as PodSpec).containers[0] as Container;
      expect(env(collector, 'HONEYCOMB_API_KEY')?.valueFrom).toEqual({
        secretKeyRef: { name: 'rel-cruddur', key: 'honeycomb-api-key', optional: true },
      });
      expect(env(collector, 'K8S_NODE_NAME')?.valueFrom).toEqual({
        fieldRef: { fieldPath: 'spec.nodeName' },
      });
      const limitMiB = parseInt(String(collector.resources?.limits?.memory), 10);
      const goMemLimit = parseInt(String(env(collector, 'GOMEMLIMIT')?.value), 10);
      expect(goMemLimit).toBeLessThan(limitMiB);
      expect(goMemLimit).toBeGreaterThan(limitMiB * 0.8); // above memory_limiter's 80 %
      expect(collector.livenessProbe?.httpGet?.port).toBe('health');
    });

    it('has the Collector stamp its own node on every span it forwards', () => {
      const daemonSet = find(objects, 'DaemonSet');
      const collector = (podSpec(daemonSet) as PodSpec).containers[0] as Container;
      const names = (collector.env ?? []).map((e) => e.name);
      expect(env(collector, 'OTEL_RESOURCE_ATTRIBUTES')?.value).toBe(
        'cruddur.collector.node.name=$(K8S_NODE_NAME)',
      );
      expect(names.indexOf('K8S_NODE_NAME')).toBeLessThan(
        names.indexOf('OTEL_RESOURCE_ATTRIBUTES'),
      );
      const config = parse(
        (find(objects, 'ConfigMap', '-collector').data as { 'collector.yaml': string })[
          'collector.yaml'
        ],
      ) as {
        processors: Record<string, unknown>;
        service: { pipelines: { traces: { processors: string[] } } };
      };
      // From the env detector, over whatever a sender claims, after everything else.
      expect(config.processors['resource_detection/collector_node']).toEqual({
        detectors: ['env'],
        override: true,
      });
      expect(config.service.pipelines.traces.processors.at(-1)).toBe(
        'resource_detection/collector_node',
      );
    });

    it('grants the Collector read-only access to pods, namespaces and replicasets, nothing else', () => {
      const role = find(objects, 'ClusterRole');
      expect(role.rules).toEqual([
        { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
        { apiGroups: ['apps'], resources: ['replicasets'], verbs: ['get', 'list', 'watch'] },
      ]);
      const binding = find(objects, 'ClusterRoleBinding');
      expect(binding.subjects).toEqual([
        {
          kind: 'ServiceAccount',
          name: find(objects, 'ServiceAccount', '-collector').metadata.name,
          namespace: 'cruddur',
        },
      ]);
    });

    it('labels everything the standard way', () => {
      for (const object of objects) {
        expect(object.metadata.labels).toMatchObject({
          'app.kubernetes.io/name': 'cruddur',
          'app.kubernetes.io/instance': 'rel',
          'app.kubernetes.io/managed-by': 'Helm',
        });
      }
    });
  });

  it('runs the X-Ray daemon as a native sidecar on localhost only, and the API samples through it', () => {
    const objects = render({ valuesFile: 'values-eks.yaml' });
    const spec = podSpec(find(objects, 'Deployment')) as PodSpec;
    // An init container that keeps running: started before the API, so its first rules poll
    // finds the daemon (docs/tracing.md).
    expect(spec.initContainers?.map((c) => [c.name, c.restartPolicy])).toEqual([
      ['xray-daemon', 'Always'],
    ]);
    expect(spec.containers.map((c) => c.name)).toEqual(['api']);
    const daemon = spec.initContainers?.find((c) => c.name === 'xray-daemon');
    expect(daemon?.args).toEqual(
      expect.arrayContaining([
        '--bind=127.0.0.1:2000',
        '--bind-tcp=127.0.0.1:2000',
        '--region=us-east-1',
      ]),
    );
    const api = spec.containers.find((c) => c.name === 'api') as Container;
    expect(env(api, 'XRAY_SAMPLING')?.value).toBe('remote');
    const kind = podSpec(find(render({ valuesFile: 'values-kind.yaml' }), 'Deployment')) as PodSpec;
    expect(kind.containers.map((c) => c.name)).toEqual(['api']);
  });

  it('rolls the API pods when the X-Ray daemon’s config changes (it reads the file once)', () => {
    const annotation = (endpoint: string) => {
      const deployment = find(
        render({ valuesFile: 'values-eks.yaml', set: { 'xrayDaemon.config.Endpoint': endpoint } }),
        'Deployment',
      );
      const template = (deployment.spec as { template: { metadata: { annotations?: object } } })
        .template;
      return (template.metadata.annotations as Record<string, string> | undefined)?.[
        'checksum/xray-daemon-config'
      ];
    };
    expect(annotation('http://127.0.0.1:1')).toMatch(/^[0-9a-f]{64}$/);
    expect(annotation('http://127.0.0.1:1')).not.toBe(annotation('http://127.0.0.1:2'));
  });

  it('spreads two API replicas over kind’s workers, one per node', () => {
    const deployment = find(render({ valuesFile: 'values-kind.yaml' }), 'Deployment');
    const spec = deployment.spec as { replicas: number; template: { spec: PodSpec } };
    expect(spec.replicas).toBe(2);
    expect(spec.template.spec.topologySpreadConstraints).toEqual([
      {
        maxSkew: 1,
        topologyKey: 'kubernetes.io/hostname',
        whenUnsatisfiable: 'DoNotSchedule',
        nodeTaintsPolicy: 'Honor',
        matchLabelKeys: ['pod-template-hash'],
        labelSelector: { matchLabels: selectorLabels },
      },
    ]);
  });

  it('keeps a topology spread constraint’s own labelSelector, and refuses one without a topologyKey', () => {
    const own = { matchLabels: { team: 'cruddur' } };
    const values = tempFile(
      'values.yaml',
      stringify({
        api: {
          topologySpreadConstraints: [
            {
              maxSkew: 2,
              topologyKey: 'zone',
              whenUnsatisfiable: 'ScheduleAnyway',
              labelSelector: own,
            },
          ],
        },
      }),
    );
    const spec = podSpec(find(render({ valuesFile: values }), 'Deployment')) as PodSpec;
    expect(spec.topologySpreadConstraints?.[0]?.labelSelector).toEqual(own);
    const missingKey = tempFile(
      'values.yaml',
      stringify({
        api: { topologySpreadConstraints: [{ maxSkew: 1, whenUnsatisfiable: 'DoNotSchedule' }] },
      }),
    );
    expect(() => render({ valuesFile: missingKey })).toThrow(/topologyKey/);
  });

  it('adds IRSA annotations, autoscaling and a network policy on EKS', () => {
    const objects = render({ valuesFile: 'values-eks.yaml' });
    expect(find(objects, 'ServiceAccount', 'rel-cruddur').metadata.annotations).toHaveProperty([
      'eks.amazonaws.com/role-arn',
    ]);
    expect(find(objects, 'ServiceAccount', '-collector').metadata.annotations).toHaveProperty([
      'eks.amazonaws.com/role-arn',
    ]);
    expect(find(objects, 'HorizontalPodAutoscaler')).toBeDefined();
    // The API pods only (docs/homework.md relies on it: nothing between an ALB and the Collector).
    expect((find(objects, 'NetworkPolicy').spec as { podSelector: unknown }).podSelector).toEqual({
      matchLabels: {
        'app.kubernetes.io/name': 'cruddur',
        'app.kubernetes.io/instance': 'rel',
        'app.kubernetes.io/component': 'api',
      },
    });
    expect(podSpec(find(objects, 'Deployment'))?.containers[0]?.env).toEqual(
      expect.arrayContaining([{ name: 'CLOUDWATCH_LOG_GROUP', value: 'cruddur' }]),
    );
  });

  it('keeps API connections open longer than the ALB that the EKS values put in front', () => {
    const ALB_DEFAULT_IDLE_SECONDS = 60;
    const plain = render();
    expect(plain.some((o) => o.kind === 'Ingress')).toBe(false);
    const eks = render({ valuesFile: 'values-eks.yaml' });
    const api = (podSpec(find(eks, 'Deployment')) as PodSpec).containers[0] as Container;
    const keepAlive = Number(env(api, 'KEEP_ALIVE_TIMEOUT_SECONDS')?.value);
    expect(keepAlive).toBeGreaterThan(ALB_DEFAULT_IDLE_SECONDS);

    const ingress = find(eks, 'Ingress') as K8sObject & {
      spec: {
        ingressClassName: string;
        rules: { http: { paths: { backend: { service: { name: string; port: object } } }[] } }[];
      };
    };
    expect(ingress.spec.ingressClassName).toBe('alb');
    const service = find(eks, 'Service', 'rel-cruddur');
    const backends = ingress.spec.rules.flatMap((rule) => rule.http.paths.map((p) => p.backend));
    expect(backends).toEqual([
      { service: { name: service.metadata.name, port: { name: 'http' } } },
    ]);
    const attributes =
      ingress.metadata.annotations?.['alb.ingress.kubernetes.io/load-balancer-attributes'] ?? '';
    const idle = Number(/idle_timeout\.timeout_seconds=(\d+)/.exec(attributes)?.[1]);
    expect(idle).toBeLessThan(keepAlive);

    // An idle timeout raised to (or past) the API's keep-alive is refused at install time.
    expect(() =>
      render({
        valuesFile: 'values-eks.yaml',
        set: {
          'ingress.annotations.alb\\.ingress\\.kubernetes\\.io/load-balancer-attributes': `idle_timeout.timeout_seconds=${keepAlive}`,
        },
      }),
    ).toThrow(/must be below api\.keepAliveTimeoutSeconds/);
  });

  it('refuses a pre-stop hook port that is the API’s own', () => {
    expect(() => render({ set: { 'api.drainPort': 4567 } })).toThrow(/drainPort must differ/);
  });

  it('replaces a node’s Collector by starting the new pod first', () => {
    const daemonSet = find(render(), 'DaemonSet');
    expect((daemonSet.spec as { updateStrategy: unknown }).updateStrategy).toEqual({
      type: 'RollingUpdate',
      rollingUpdate: { maxSurge: 1, maxUnavailable: 0 },
    });
    // A surge needs both pods on the node at once: no host port may be taken.
    expect(JSON.stringify(podSpec(daemonSet))).not.toContain('hostPort');
  });

  it('shows in NOTES a traced call whose trace id X-Ray accepts (epoch seconds first)', () => {
    const notes = JSON.parse(/renderedNotes: (.*)/.exec(renderWithNotes())?.[1] ?? '""') as string;
    const header = /curl -s -H "(traceparent: .*)" localhost/.exec(notes)?.[1] ?? '';
    expect(header).toMatch(/^traceparent: /);
    const sent = execFileSync('bash', ['-c', `echo "${header}"`], { encoding: 'utf8' }).trim();
    const [, traceId = ''] = /^traceparent: 00-([0-9a-f]{32})-[0-9a-f]{16}-01$/.exec(sent) ?? [];
    const epoch = parseInt(traceId.slice(0, 8), 16);
    expect(Math.abs(epoch - Date.now() / 1000)).toBeLessThan(60);
  });

  it('reads the Rollbar token from the Secret, and mounts the debug routes on kind only', () => {
    for (const valuesFile of valuesFiles) {
      const objects = render({ valuesFile, set: { 'secrets.rollbarAccessToken': 'x' } });
      const api = (podSpec(find(objects, 'Deployment')) as PodSpec).containers[0] as Container;
      expect(env(api, 'ROLLBAR_ACCESS_TOKEN')).toEqual({
        name: 'ROLLBAR_ACCESS_TOKEN',
        valueFrom: {
          secretKeyRef: { name: 'rel-cruddur', key: 'rollbar-access-token', optional: true },
        },
      });
      const debug = env(api, 'DEBUG_ROUTES')?.value;
      expect([valuesFile, debug]).toEqual([
        valuesFile,
        valuesFile === 'values-kind.yaml' ? 'true' : undefined,
      ]);
    }
  });

  it('uses an existing Secret instead of creating one', () => {
    const objects = render({ set: { 'secrets.existingSecret': 'team-secrets' } });
    expect(objects.some((o) => o.kind === 'Secret')).toBe(false);
    const collector = (podSpec(find(objects, 'DaemonSet')) as PodSpec).containers[0] as Container;
    expect(env(collector, 'HONEYCOMB_API_KEY')?.valueFrom).toMatchObject({
      secretKeyRef: { name: 'team-secrets' },
    });
  });
});
