import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { tempFile } from '../support/temp';
import { describeWith, missingTools, repoRoot, toolPath, toolsDir } from '../support/prerequisites';

interface Manifest {
  Name: string;
  Labels?: Record<string, string>;
  ResourceDependencies?: string[];
  ImageTargets?: {
    selector: string;
    BuildDetails: { target?: string; context: string };
    LiveUpdateSpec?: {
      syncs: { localPath: string; containerPath: string }[];
      execs: { args: string[]; triggerPaths: string[] }[];
    };
  }[];
  DeployTarget?: {
    yaml?: string;
    portForwardTemplateSpec?: { forwards: { localPort: number; containerPort: number }[] };
  };
}

interface TiltfileResult {
  Manifests: Manifest[];
  Secrets: Record<string, { Name: string; Key: string }>;
}

interface K8sObject {
  kind: string;
  metadata: { name: string };
  stringData?: Record<string, string>;
  data?: Record<string, string>;
}

/** Evaluates the Tiltfile the way `tilt up` would, without a cluster. */
function evaluate(env: Record<string, string>): TiltfileResult {
  const result = spawnSync(
    toolPath('tilt') ?? 'tilt',
    ['alpha', 'tiltfile-result', '--file', path.join(repoRoot, 'Tiltfile')],
    {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 120_000,
      // Tilt runs `helm template` from PATH: the project's pinned build.
      env: {
        PATH: `${path.join(toolsDir, 'bin')}:${process.env.PATH}`,
        HOME: process.env.HOME,
        ...env,
      },
    },
  );
  if (result.status !== 0) throw new Error(`tilt failed (${result.status}):\n${result.stderr}`);
  return JSON.parse(result.stdout) as TiltfileResult;
}

function objects(manifest: Manifest | undefined): K8sObject[] {
  return parseAllDocuments(manifest?.DeployTarget?.yaml ?? '')
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((o): o is K8sObject => o !== null);
}

const byName = (result: TiltfileResult, name: string) =>
  result.Manifests.find((m) => m.Name === name);

/** A kubeconfig whose current context is another kind cluster's (its server unreachable). */
const OTHER_KIND_KUBECONFIG = `apiVersion: v1
kind: Config
clusters: [{ name: kind-laptop, cluster: { server: 'https://127.0.0.1:1' } }]
users: [{ name: admin, user: {} }]
contexts: [{ name: kind-laptop, context: { cluster: kind-laptop, user: admin } }]
current-context: kind-laptop
`;

describe('the Tiltfile, as text', () => {
  it('declares each Kubernetes resource once (a second declaration silently merges)', () => {
    const tiltfile = readFileSync(path.join(repoRoot, 'Tiltfile'), 'utf8');
    // The first argument: a quoted name, a constant (RELEASE) or new_name='...'.
    const names = [...tiltfile.matchAll(/k8s_resource\(\s*(?:new_name=)?([\w'-]+)/g)].map(
      (m) => m[1],
    );
    expect(names.length).toBeGreaterThanOrEqual(3);
    expect(names).toEqual([...new Set(names)]);
  });
});

describeWith(missingTools('tilt', 'helm'), 'the Tiltfile', () => {
  const HONEYCOMB_KEY = 'hc-key-from-the-environment';
  let withKeys: TiltfileResult;
  let withoutKeys: TiltfileResult;

  beforeAll(() => {
    withKeys = evaluate({
      HONEYCOMB_API_KEY: HONEYCOMB_KEY,
      HONEYCOMB_TEAM: 'cruddur-team',
      HONEYCOMB_ENVIRONMENT: 'dev',
    });
    withoutKeys = evaluate({});
  }, 240_000);

  it('groups every object into a labelled resource', () => {
    expect(withKeys.Manifests.map((m) => m.Name).sort()).toEqual([
      'cluster-setup',
      'cruddur',
      'cruddur-collector',
      'smoke',
      'web',
    ]);
    expect(withKeys.Manifests.every((m) => Object.keys(m.Labels ?? {}).length === 1)).toBe(true);
    expect(byName(withKeys, 'cruddur')?.ResourceDependencies).toEqual(['cruddur-collector']);
  });

  it("builds the Dockerfile's dev target and live-updates sources without a rebuild", () => {
    const image = byName(withKeys, 'cruddur')?.ImageTargets?.[0];
    expect(image?.selector).toBe('localhost:5001/cruddur-backend');
    expect(image?.BuildDetails.target).toBe('dev');
    expect(image?.LiveUpdateSpec?.syncs).toEqual(
      expect.arrayContaining([{ localPath: 'service/src', containerPath: '/app/service/src' }]),
    );
    const install = image?.LiveUpdateSpec?.execs[0];
    expect(install?.args.join(' ')).toContain('npm ci');
    expect(install?.triggerPaths.sort()).toEqual(['package-lock.json', 'package.json']);
  });

  it('deploys the chart with the kind values and forwards the API on 4567', () => {
    const api = byName(withKeys, 'cruddur');
    expect(api?.DeployTarget?.portForwardTemplateSpec?.forwards).toEqual([
      expect.objectContaining({ localPort: 4567, containerPort: 4567 }),
    ]);
    const deployment = objects(api).find((o) => o.kind === 'Deployment');
    const rendered = JSON.stringify(deployment);
    expect(rendered).toContain('"DEBUG_ROUTES"');
    expect(rendered).toContain('localhost:5001/cruddur-backend');
  });

  it("serves the web client, with the Collector's OTLP/HTTP port forwarded and open to it", () => {
    expect(byName(withKeys, 'web')?.ResourceDependencies).toEqual(['cruddur', 'cruddur-collector']);
    const collector = byName(withKeys, 'cruddur-collector');
    expect(collector?.DeployTarget?.portForwardTemplateSpec?.forwards).toEqual([
      expect.objectContaining({ localPort: 4318, containerPort: 4318 }),
    ]);
    const config = objects(collector).find((o) => o.kind === 'ConfigMap')?.data;
    const receiver = (
      parse(config?.['collector.yaml'] ?? '') as {
        receivers: { otlp: { protocols: { http: { cors?: { allowed_origins: string[] } } } } };
      }
    ).receivers.otlp.protocols.http;
    expect(receiver.cors?.allowed_origins).toEqual(['http://localhost:3000']);
  });

  it('makes the Secret from the environment, registered with Tilt for scrubbing', () => {
    const secret = objects(byName(withKeys, 'cluster-setup')).find((o) => o.kind === 'Secret');
    expect(secret?.metadata.name).toBe('cruddur-secrets');
    expect(secret?.stringData).toEqual({ 'honeycomb-api-key': HONEYCOMB_KEY });
    expect(withKeys.Secrets[HONEYCOMB_KEY]).toMatchObject({ Key: 'honeycomb-api-key' });
    const emptySecret = objects(byName(withoutKeys, 'cluster-setup')).find(
      (o) => o.kind === 'Secret',
    );
    expect(emptySecret?.stringData ?? {}).toEqual({});
  });

  it('runs the smoke check against the cluster Tilt deploys to, not a fixed context', () => {
    const result = evaluate({ KUBECONFIG: tempFile('kubeconfig', OTHER_KIND_KUBECONFIG) });
    const smoke = JSON.stringify(byName(result, 'smoke'));
    expect(smoke).toContain('kind-laptop');
    expect(smoke).not.toContain('kind-cruddur');
  }, 120_000);

  it('sends to Honeycomb only when a key is given', () => {
    const config = (result: TiltfileResult) =>
      JSON.stringify(
        objects(byName(result, 'cruddur-collector')).find((o) => o.kind === 'ConfigMap')?.data,
      );
    expect(config(withKeys)).toContain('otlp_grpc/honeycomb');
    expect(config(withoutKeys)).not.toContain('otlp_grpc/honeycomb');
    expect(config(withoutKeys)).toContain('debug');
  });
});
