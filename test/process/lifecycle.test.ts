import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';
import { partialPost } from '../support/partial-post';
import { productionNodeFlags, startService } from '../support/service';
import { until } from '../support/wait';

const body = JSON.stringify({ message: 'sent while the server stops', ttl: '1-hour' });

describe('process lifecycle', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections, then exits 0', async () => {
    const service = await startService({ SHUTDOWN_GRACE_SECONDS: '5' });
    const inFlight = partialPost(service.url, body);
    await new Promise((resolve) => setTimeout(resolve, 200));
    service.process.kill('SIGTERM');
    await until(
      () => (service.stdout().includes('"message":"shutting down"') ? true : undefined),
      'the shutdown line',
    );

    await expect(fetch(`${service.url}/api/health`)).rejects.toThrow();
    inFlight.finish();
    const res = await inFlight.response;
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toMatchObject({ message: 'sent while the server stops' });
    expect(await service.exited).toBe(0);
    expect(service.stdout()).toContain('"drain":"drained"');
  });

  it('stops waiting for a request that never finishes once the grace period is over', async () => {
    const service = await startService({ SHUTDOWN_GRACE_SECONDS: '1' });
    const stuck = partialPost(service.url, body);
    stuck.response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    expect(await service.stop('SIGINT')).toBe(0);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(service.stdout()).toContain('"drain":"forced"');
    stuck.abort();
  });

  it('is started by the image exactly as by npm start and the tests', () => {
    const dockerfile = readFileSync(path.join(repoRoot, 'service/Dockerfile'), 'utf8');
    // The production target is the last stage, so its CMD is the last one.
    const cmds = [...dockerfile.matchAll(/^CMD (\[.*\])$/gm)];
    const cmd = JSON.parse(cmds.at(-1)?.[1] ?? '[]') as string[];
    const flags = productionNodeFlags().map((flag) =>
      flag.startsWith(repoRoot) ? `./${path.relative(repoRoot, flag)}` : flag,
    );
    expect(cmd).toEqual(['node', ...flags, 'dist/main.js']);
    expect(flags).toContain('--require');
  });

  it('refuses to start on invalid configuration, naming the variable in one line', () => {
    const result = spawnSync(process.execPath, [path.join(repoRoot, 'dist/main.js')], {
      env: { PATH: process.env.PATH, PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 10_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(/^cruddur-backend: invalid configuration: PORT: .*"eighty"/),
    ]);
  });
});
