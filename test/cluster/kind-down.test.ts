import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { missingCluster } from '../support/cluster';
import { describeWith, missingTools, repoRoot, toolsDir } from '../support/prerequisites';

jest.setTimeout(120_000);

const docker = (...args: string[]) => execFileSync('docker', args, { encoding: 'utf8' }).trim();

/**
 * scripts/kind-down.sh on a stand-in cluster of another name: one container carrying kind's
 * cluster label (kind lists and deletes clusters by it), with an anonymous volume and its
 * own network namespace, as a node has. The image is the local registry's, which the real
 * cluster's kind-up.sh started: nothing is pulled, and the real cluster is not touched.
 */
describeWith(
  missingTools('kind') ?? missingCluster(),
  'kind-down.sh judges only what the cluster made',
  () => {
    const name = `cruddur-down-test-${randomBytes(3).toString('hex')}`;
    const started: string[] = [];
    const volume = `${name}-data`;

    const image = () => docker('inspect', 'kind-registry', '-f', '{{.Config.Image}}');
    const node = (...extra: string[]) => {
      const id = docker(
        'run',
        '-d',
        '--network',
        'none',
        '--label',
        `io.x-k8s.kind.cluster=${name}`,
        ...extra,
        image(),
      );
      started.push(id);
      return id;
    };
    const kindDown = () =>
      spawnSync(path.join(repoRoot, 'scripts', 'kind-down.sh'), {
        encoding: 'utf8',
        env: {
          ...process.env,
          PATH: `${path.join(toolsDir, 'bin')}:${process.env.PATH}`,
          CRUDDUR_KIND_NAME: name,
          // CI sets it; without --registry it changes nothing, and kind's network stays guarded.
          CRUDDUR_KIND_ISOLATED: '1',
        },
      });

    const isolationChains = () =>
      execFileSync(path.join(repoRoot, 'scripts', 'kind-isolation.sh'), ['left'], {
        encoding: 'utf8',
      });

    afterAll(() => {
      for (const id of started) spawnSync('docker', ['rm', '-f', '-v', id]);
      spawnSync('docker', ['volume', 'rm', '-f', volume]);
    });

    it('removes the cluster and passes, and leaves a container Docker made since alone', () => {
      const id = node();
      // After "up": another container, on the host's network (Docker then mounts its handle
      // on the host's namespace, /run/docker/netns/default, which outlives it).
      const other = docker(
        'run',
        '-d',
        '--network',
        'host',
        '--entrypoint',
        '/registry',
        image(),
        '--version',
      );
      started.push(other);
      const guards = isolationChains();
      const result = kindDown();
      // kind's network and the rule that guards it stay for the clusters that share it.
      expect(isolationChains()).toBe(guards);
      expect({ status: result.status, stderr: result.stderr }).toEqual({
        status: 0,
        stderr: expect.not.stringContaining('left behind') as unknown,
      });
      expect(result.stdout).toContain('nothing left behind (1 containers checked)');
      expect(spawnSync('docker', ['inspect', id]).status).not.toBe(0);
      expect(spawnSync('docker', ['inspect', other]).status).toBe(0);
    });

    it('fails, naming it, when something the cluster made outlives it', () => {
      // A named volume outlives `docker rm -v`, as a mount or a container kind missed would.
      node('-v', `${volume}:/data`);
      const result = kindDown();
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`kind-down: left behind: volume ${volume}`);
    });
  },
);
