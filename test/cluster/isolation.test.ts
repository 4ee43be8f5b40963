import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { kubectl, missingCluster } from '../support/cluster';
import { describeWith, missingTools } from '../support/prerequisites';

jest.setTimeout(180_000);

/**
 * An "outside" that is still on this machine: a network namespace behind a veth pair, and
 * a route on the host that sends a documentation prefix (TEST-NET-2) there. Whatever the
 * host forwards from kind's network towards that prefix reaches the namespace, as it would
 * reach the internet through the default route. Its INPUT chain counts TCP segments to
 * port 80. Needs root.
 */
const id = randomBytes(3).toString('hex');
const NETNS = `cruddur-outside-${id}`;
const HOST_SIDE = `cout-${id}`;
const OUTSIDE = '198.51.100.2';
const sh = (...args: string[]) => execFileSync(args[0] ?? '', args.slice(1), { encoding: 'utf8' });
const inside = (...args: string[]) => sh('ip', 'netns', 'exec', NETNS, ...args);

function makeOutside() {
  sh('ip', 'netns', 'add', NETNS);
  sh('ip', 'link', 'add', HOST_SIDE, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', NETNS);
  sh('ip', 'addr', 'add', '198.51.100.1/24', 'dev', HOST_SIDE);
  sh('ip', 'link', 'set', HOST_SIDE, 'up');
  inside('ip', 'addr', 'add', `${OUTSIDE}/24`, 'dev', 'eth0');
  inside('ip', 'link', 'set', 'eth0', 'up');
  inside('iptables', '-w', '-A', 'INPUT', '-p', 'tcp', '--dport', '80');
}

function removeOutside() {
  spawnSync('ip', ['link', 'del', HOST_SIDE]);
  spawnSync('ip', ['netns', 'del', NETNS]);
}

/** TCP segments to port 80 that reached the outside. */
const arrived = () =>
  Number(
    inside('iptables', '-w', '-n', '-v', '-x', '-L', 'INPUT')
      .split('\n')[2]
      ?.trim()
      .split(/\s+/)[0],
  );

/** A bash one-liner that tries a TCP connection to the outside for at most 3 s. */
const PROBE = `timeout 3 bash -c 'echo > /dev/tcp/${OUTSIDE}/80' 2>/dev/null; true`;

const notRoot = () =>
  process.getuid?.() === 0 ? undefined : 'needs root (a network namespace and a host route)';

describeWith(
  missingTools('kubectl') ?? notRoot() ?? missingCluster(),
  'kind’s network keeps what nodes and pods send on this machine (scripts/kind-isolation.sh)',
  () => {
    beforeAll(makeOutside);
    afterAll(() => {
      kubectl('delete', 'pod', `probe-${id}`, '--now', '--ignore-not-found');
      removeOutside();
    });

    it('reaches the outside from the host itself (the probe can see what arrives)', () => {
      execFileSync('bash', ['-c', PROBE]);
      expect(arrived()).toBeGreaterThan(0);
    });

    it('drops what a node sends there', () => {
      const before = arrived();
      execFileSync('docker', ['exec', 'cruddur-worker', 'bash', '-c', PROBE]);
      expect(arrived()).toBe(before);
    });

    it('drops what a pod sends there', () => {
      const before = arrived();
      // The pod network's own image (bash, in every node): nothing is pulled.
      const image = kubectl(
        '-n',
        'kube-system',
        'get',
        'daemonset',
        'cni-routes',
        '-o',
        'jsonpath={..image}',
      );
      kubectl(
        'run',
        `probe-${id}`,
        `--image=${image}`,
        '--image-pull-policy=Never',
        '--restart=Never',
        '--command',
        '--',
        'bash',
        '-c',
        PROBE,
      );
      kubectl(
        'wait',
        `pod/probe-${id}`,
        '--for=jsonpath={.status.phase}=Succeeded',
        '--timeout=120s',
      );
      expect(arrived()).toBe(before);
    });
  },
);
