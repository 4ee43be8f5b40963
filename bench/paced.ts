import http from 'node:http';

export interface Measured {
  requests: number;
  requestsPerSecond: number;
  errors: number;
  /** Every response time in ms. */
  latencies: number[];
}

function timedGet(agent: http.Agent, url: string): Promise<{ ok: boolean; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const request = http.get(url, { agent }, (response) => {
      response.resume();
      response.on('end', () => {
        resolve({ ok: response.statusCode === 200, ms: performance.now() - started });
      });
    });
    request.on('error', () => {
      resolve({ ok: false, ms: performance.now() - started });
    });
  });
}

/**
 * An open-loop load: GETs sent at a steady `rate` whether or not earlier ones have been
 * answered, as independent users would. autocannon's rate limit sends each second's quota
 * in one burst, which measures queueing behind the burst rather than steady latency.
 */
export async function pacedLoad(url: string, rate: number, seconds: number): Promise<Measured> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const pending: Promise<{ ok: boolean; ms: number }>[] = [];
  const started = performance.now();
  const total = Math.round(rate * seconds);
  while (pending.length < total) {
    const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * rate) + 1);
    while (pending.length < due) pending.push(timedGet(agent, url));
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  const outcomes = await Promise.all(pending);
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  return {
    requests: outcomes.length,
    requestsPerSecond: outcomes.length / elapsed,
    errors: outcomes.filter((outcome) => !outcome.ok).length,
    latencies: outcomes.map((outcome) => outcome.ms),
  };
}
