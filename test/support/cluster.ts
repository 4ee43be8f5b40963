import { type ChildProcess, execFile, execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { repoRoot, toolPath } from './prerequisites';

/** The kind cluster that scripts/kind-up.sh makes, by the context kind writes for it. */
export const CONTEXT = 'kind-cruddur';
const kubectlPath = () => toolPath('kubectl') ?? 'kubectl';
const cluster = ['--context', CONTEXT];

/** Why the cluster suites cannot run, or undefined when the kind cluster answers. */
export function missingCluster(): string | undefined {
  const ready = spawnSync(kubectlPath(), [...cluster, 'get', '--raw', '/readyz'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  return ready.status === 0
    ? undefined
    : `no kind cluster answers (run scripts/kind-up.sh): ${ready.stderr || ready.error?.message}`;
}

/** kubectl against the local cluster; throws with its output when it fails. */
export function kubectl(...args: string[]): string {
  return kubectlWithInput(undefined, ...args);
}

/** kubectl with `input` as its stdin (a manifest for `-f -`), when given. */
export function kubectlWithInput(input: string | undefined, ...args: string[]): string {
  return execFileSync(kubectlPath(), [...cluster, ...args], {
    encoding: 'utf8',
    input,
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    timeout: 300_000,
  });
}

/**
 * kubectl without blocking the event loop: for calls that take seconds while a load runs
 * in the same process (a blocked loop would time its requests out).
 */
export async function kubectlAsync(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(kubectlPath(), [...cluster, ...args], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  return stdout;
}

/** kubectl's JSON output, parsed (the caller says what it expects). */
export function kubectlJson(...args: string[]): unknown {
  return JSON.parse(kubectl(...args, '-o', 'json'));
}

/** helm against the local cluster. */
export function helm(...args: string[]): string {
  return execFileSync(toolPath('helm') ?? 'helm', ['--kube-context', CONTEXT, ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
}

/** Where pods reach this machine: the gateway of kind's Docker network (the host's bridge). */
export function hostAddress(): string {
  const gateways = execFileSync(
    'docker',
    ['network', 'inspect', 'kind', '-f', '{{range .IPAM.Config}}{{.Gateway}} {{end}}'],
    { encoding: 'utf8' },
  );
  const ipv4 = gateways.split(/\s+/).find((address) => /^\d+\.\d+\.\d+\.\d+$/.test(address));
  if (!ipv4) throw new Error(`kind's network has no IPv4 gateway: ${gateways}`);
  return ipv4;
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
    [...cluster, '-n', namespace, 'port-forward', target, `:${remotePort}`],
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
