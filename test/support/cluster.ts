import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, toolPath } from './prerequisites';

/** The admin kubeconfig of the local cluster that scripts/cluster.sh runs. */
export const kubeconfig =
  process.env.CRUDDUR_KUBECONFIG ??
  path.join(process.env.CRUDDUR_CLUSTER_DIR ?? '/tmp/cruddur-cluster', 'admin.kubeconfig');

const kubectlPath = () => toolPath('kubectl') ?? 'kubectl';

/** Why the cluster suites cannot run, or undefined when the local cluster answers. */
export function missingCluster(): string | undefined {
  if (!existsSync(kubeconfig)) return `no local cluster (run scripts/cluster.sh up; needs root)`;
  const ready = spawnSync(kubectlPath(), ['--kubeconfig', kubeconfig, 'get', '--raw', '/readyz'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return ready.status === 0 ? undefined : `the local cluster does not answer: ${ready.stderr}`;
}

/** kubectl against the local cluster; throws with its output when it fails. */
export function kubectl(...args: string[]): string {
  return execFileSync(kubectlPath(), ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

/**
 * kubectl without blocking the event loop: for calls that take seconds while a load runs
 * in the same process (a blocked loop would time its requests out).
 */
export async function kubectlAsync(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    kubectlPath(),
    ['--kubeconfig', kubeconfig, ...args],
    {
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return stdout;
}

/** kubectl's JSON output, parsed (the caller says what it expects). */
export function kubectlJson(...args: string[]): unknown {
  return JSON.parse(kubectl(...args, '-o', 'json'));
}

/** helm against the local cluster. */
export function helm(...args: string[]): string {
  return execFileSync(toolPath('helm') ?? 'helm', ['--kubeconfig', kubeconfig, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}

/** The node's address: the cluster bridge's host side, where pods reach the host. */
export function nodeAddress(): string {
  return kubectl(
    'get',
    'nodes',
    '-o',
    'jsonpath={.items[0].status.addresses[?(@.type=="InternalIP")].address}',
  ).trim();
}

/** Builds and pushes the chart's images (scripts/images.sh); returns its `--set` arguments. */
export function pushImages(): string[] {
  const output = execFileSync(path.join(repoRoot, 'scripts', 'images.sh'), {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    timeout: 900_000,
  });
  return output.trim().split(/\s+/);
}

export interface PortForward {
  port: number;
  stop(): void;
}

/** `kubectl port-forward <target> :<remotePort>`: resolves once the local port is known. */
export function portForward(namespace: string, target: string, remotePort: number) {
  const child: ChildProcess = spawn(
    kubectlPath(),
    ['--kubeconfig', kubeconfig, '-n', namespace, 'port-forward', target, `:${remotePort}`],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise<PortForward>((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Forwarding from 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) resolve({ port: Number(match[1]), stop: () => child.kill() });
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      reject(new Error(`port-forward ${target} exited ${String(code)}: ${output}`));
    });
  });
}
