import { spawnSync } from 'node:child_process';

/** Why Docker cannot be used here, or undefined when an engine answers. */
export function missingDocker(): string | undefined {
  const result = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], {
    encoding: 'utf8',
    timeout: 10_000,
  });
  if (result.error)
    return `no docker client (${result.error.message}); scripts/docker.sh start installs and starts one`;
  if (result.status !== 0)
    return 'no Docker engine answers (start one with scripts/docker.sh start)';
  return undefined;
}

/** The Collector image the tests run: OTELCOL_IMAGE, or the local build of our distribution. */
export function collectorImage(): string | undefined {
  if (process.env.OTELCOL_IMAGE) return process.env.OTELCOL_IMAGE;
  const result = spawnSync(
    'docker',
    ['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}', 'cruddur/otelcol'],
    {
      encoding: 'utf8',
    },
  );
  return result.stdout.split('\n').find((line) => line.startsWith('cruddur/otelcol:'));
}
