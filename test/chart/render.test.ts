import { describeWith, missingTools } from '../support/prerequisites';
import { parse, stringify } from 'yaml';
import { find, type K8sObject, render, tempFile, valuesFiles } from '../support/helm';

interface Container {
  name: string;
  args?: string[];
  env?: { name: string; value?: string; valueFrom?: Record<string, unknown> }[];
  resources?: { requests?: Record<string, unknown>; limits?: Record<string, unknown> };
  securityContext?: Record<string, unknown>;
  livenessProbe?: { httpGet?: { path: string; port: string | number } };
  readinessProbe?: { httpGet?: { path: string; port: string | number } };
  startupProbe?: unknown;
  lifecycle?: { preStop?: { sleep?: { seconds: number } } };
}

interface PodSpec {
  containers: Container[];
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
        for (const container of spec.containers) {
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
      const preStop = api.lifecycle?.preStop?.sleep?.seconds ?? 0;
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

  it('runs the X-Ray daemon beside the API on localhost only, and the API samples through it', () => {
    const objects = render({ valuesFile: 'values-eks.yaml' });
    const spec = podSpec(find(objects, 'Deployment')) as PodSpec;
    const daemon = spec.containers.find((c) => c.name === 'xray-daemon');
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
    expect(objects.some((o) => o.kind === 'NetworkPolicy')).toBe(true);
    expect(podSpec(find(objects, 'Deployment'))?.containers[0]?.env).toEqual(
      expect.arrayContaining([{ name: 'CLOUDWATCH_LOG_GROUP', value: 'cruddur' }]),
    );
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
