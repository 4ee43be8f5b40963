import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { collectorImage, missingDocker } from '../support/docker';
import { describeWith, repoRoot } from '../support/prerequisites';

/**
 * scripts/cluster.d/host.sh decides what `scripts/cluster.sh down` removes and what it
 * calls a leftover. These run its functions with names of their own (a bridge, CIDRs,
 * a namespace prefix and a chain prefix no real cluster uses), so they never touch the
 * local cluster that other suites use meanwhile.
 */
const names = {
  BRIDGE: 'crdtest0',
  POD_CIDR: '10.251.7.0/24',
  SERVICE_CIDR: '10.252.0.0/16',
  CNI_NETWORK: 'crdtest',
  CLUSTER_NETNS: 'crdtest-',
  CLUSTER_CHAINS: '(CRDTEST-)',
};

/** A rule jumping to a chain of ours, with a quoted comment as kube-proxy writes them. */
const JUMP = [
  '-i',
  'crdtest0',
  '-m',
  'comment',
  '--comment',
  'crdtest jump',
  '-j',
  'CRDTEST-MISSED',
];

function run(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

function missing(): string | undefined {
  if (process.getuid?.() !== 0) return 'not root (namespaces, iptables and mounts need root)';
  return missingDocker() ?? (collectorImage() ? undefined : 'no Collector image');
}

describeWith(missing(), "cluster.sh down judges only the cluster's own state", () => {
  let dir: string;
  const host = (functions: string) =>
    spawnSync('bash', ['-c', `. scripts/cluster.d/host.sh && ${functions}`], {
      cwd: repoRoot,
      encoding: 'utf8',
      env: {
        ...process.env,
        ...names,
        CLUSTER_DIR: dir,
        // Shared folders the components write to, stood in for by a folder of the test's.
        CLUSTER_FILES: `${dir}-shared/results/crdtest-*`,
        CLUSTER_FOLDERS: `${dir}-shared/results ${dir}-shared`,
      },
    });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'cruddur-host-state-'));
    expect(host('host_save_state').status).toBe(0);
  });
  afterEach(() => {
    spawnSync('umount', ['-l', path.join(dir, 'mnt')]);
    spawnSync('ip', ['netns', 'delete', 'crdtest-missed']);
    spawnSync('ip', ['link', 'delete', 'crdtest0']);
    spawnSync('iptables', ['-t', 'raw', '-D', 'PREROUTING', ...JUMP]);
    for (const chain of ['CRDTEST-MISSED', 'CRDTEST-OLD']) {
      spawnSync('iptables', ['-t', 'raw', '-F', chain]);
      spawnSync('iptables', ['-t', 'raw', '-X', chain]);
    }
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}-shared`, { recursive: true, force: true });
  });

  /** A result file in a shared folder, as CNI writes one for a pod. */
  const writeSharedFile = () => {
    mkdirSync(`${dir}-shared/results`, { recursive: true });
    writeFileSync(`${dir}-shared/results/crdtest-pod-eth0`, '{}');
  };

  it('passes after Docker made a network, a bridge and namespaces since up', () => {
    const image = collectorImage() as string;
    const config = path.join(dir, 'collector.yaml');
    writeFileSync(
      config,
      'receivers: {otlp: {protocols: {http: {endpoint: "127.0.0.1:4318"}}}}\n' +
        'exporters: {debug: {}}\n' +
        'service: {pipelines: {traces: {receivers: [otlp], exporters: [debug]}}}\n',
    );
    const network = `crdtest-${process.pid}`;
    const containers: string[] = [];
    try {
      run('docker', ['network', 'create', network]);
      // Host networking makes Docker mount its handle on the host's namespace; a container
      // with a network of its own gets a namespace mount of its own while it runs.
      run('docker', ['run', '--rm', '--network', 'host', image, '--version']);
      for (const mode of ['none', network]) {
        containers.push(
          run('docker', [
            'run',
            '-d',
            '--network',
            mode,
            '-v',
            `${config}:/conf/collector.yaml:ro`,
            image,
          ]),
        );
      }
      const result = host('host_verify "$CLUSTER_DIR/host.before"');
      expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    } finally {
      for (const id of containers) spawnSync('docker', ['rm', '-f', id]);
      spawnSync('docker', ['network', 'rm', network]);
    }
  });

  it('fails, naming each, on a namespace, chain, mount, bridge and shared file it made and missed', () => {
    run('ip', ['netns', 'add', 'crdtest-missed']);
    run('iptables', ['-t', 'raw', '-N', 'CRDTEST-MISSED']);
    mkdirSync(path.join(dir, 'mnt'));
    run('mount', ['-t', 'tmpfs', 'crdtest', path.join(dir, 'mnt')]);
    run('ip', ['link', 'add', 'crdtest0', 'type', 'bridge']);
    writeSharedFile();
    const result = host('host_verify "$CLUSTER_DIR/host.before"');
    expect(result.status).toBe(1);
    const leftovers = ['crdtest-missed', ':CRDTEST-MISSED', `${dir}/mnt`, 'crdtest0'];
    for (const leftover of [...leftovers, `${dir}-shared/results/crdtest-pod-eth0`]) {
      expect(result.stderr).toContain(`> ${leftover}`);
    }
  });

  it('cleans what it made and leaves a chain named like its own that was there before', () => {
    rmSync(path.join(dir, 'chains.before'));
    run('iptables', ['-t', 'raw', '-N', 'CRDTEST-OLD']);
    // As `up` does it: the state is saved with the other tool's chain already there.
    expect(host('host_save_state').status).toBe(0);
    run('ip', ['netns', 'add', 'crdtest-missed']);
    run('iptables', ['-t', 'raw', '-N', 'CRDTEST-MISSED']);
    run('iptables', ['-t', 'raw', '-A', 'PREROUTING', ...JUMP]);
    mkdirSync(path.join(dir, 'mnt'));
    run('mount', ['-t', 'tmpfs', 'crdtest', path.join(dir, 'mnt')]);
    run('ip', ['link', 'add', 'crdtest0', 'type', 'bridge']);
    writeSharedFile();
    const result = host('host_clean && host_verify "$CLUSTER_DIR/host.before"');
    expect({ status: result.status, stderr: result.stderr }).toEqual({ status: 0, stderr: '' });
    expect(run('iptables-save', ['-t', 'raw'])).toContain(':CRDTEST-OLD');
    expect(existsSync(`${dir}-shared`)).toBe(false);
  });
});
