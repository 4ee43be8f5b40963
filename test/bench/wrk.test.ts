import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { missingWrk, parseWrkReport, runWrk } from '../../bench/wrk';
import { describeWith } from '../support/prerequisites';

const DELAY_MS = 5;
const CONNECTIONS = 4;

/** Answers like Werkzeug (Connection: close on every response), every fifth with a 500. */
async function closingServer() {
  let served = 0;
  const server = http.createServer((_request, response) => {
    served += 1;
    const status = served % 5 === 0 ? 500 : 200;
    setTimeout(() => {
      response.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      response.end('[]');
    }, DELAY_MS);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/activities/home`,
    served: () => served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describeWith(missingWrk(), 'wrk as the benchmark runs it (bench/wrk.ts)', () => {
  it('drives a server that closes every connection and reports what it served', async () => {
    const server = await closingServer();
    try {
      const result = await runWrk(server.url, {
        threads: 1,
        connections: CONNECTIONS,
        seconds: 2,
      });
      // Requests still in flight when wrk stops are served but not counted.
      expect(server.served() - result.requests).toBeGreaterThanOrEqual(0);
      expect(server.served() - result.requests).toBeLessThanOrEqual(CONNECTIONS);
      expect(result.requestsPerSecond).toBeGreaterThan(result.requests / 2 / 1.2);
      expect(result.requestsPerSecond).toBeLessThan(result.requests / 2 / 0.8);
      expect(Math.abs(result.httpErrors - result.requests / 5)).toBeLessThanOrEqual(CONNECTIONS);
      // A closed connection is reopened, not counted as an error.
      expect(result.socketErrors).toEqual({ connect: 0, read: 0, write: 0, timeout: 0 });
      expect(result.p50Ms).toBeGreaterThanOrEqual(DELAY_MS);
      expect(result.p50Ms).toBeLessThanOrEqual(result.p90Ms);
      expect(result.p90Ms).toBeLessThanOrEqual(result.p99Ms);
    } finally {
      await server.close();
    }
  });
});

describe("reading wrk's report", () => {
  it('fails, quoting the output, when the report line is missing', () => {
    expect(() => parseWrkReport('Running 1s test @ http://127.0.0.1:1/\n')).toThrow(
      /no wrk-report line[\s\S]*Running 1s test/,
    );
  });
});
