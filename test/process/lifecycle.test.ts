import { spawnSync } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import { repoRoot } from '../support/prerequisites';
import { startService } from '../support/service';

const body = JSON.stringify({ message: 'sent while the server stops', ttl: '1-hour' });

/** Starts a POST and sends only part of its body, so the request stays in flight. */
function partialPost(url: string) {
  const req = http.request(`${url}/api/activities`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
  });
  const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, text });
      });
    });
    req.on('error', reject);
  });
  req.write(body.slice(0, 10));
  return { finish: () => req.end(body.slice(10)), response, abort: () => req.destroy() };
}

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('process lifecycle', () => {
  it('on SIGTERM finishes the request in flight, refuses new connections, then exits 0', async () => {
    const service = await startService({ SHUTDOWN_GRACE_SECONDS: '5' });
    const inFlight = partialPost(service.url);
    await new Promise((resolve) => setTimeout(resolve, 200));
    service.process.kill('SIGTERM');
    await until(() => service.stdout().includes('"message":"shutting down"'));

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
    const stuck = partialPost(service.url);
    stuck.response.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    expect(await service.stop('SIGINT')).toBe(0);
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(service.stdout()).toContain('"drain":"forced"');
    stuck.abort();
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
