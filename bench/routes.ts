/** The routes under load and the closed-loop load generator (autocannon) that drives them. */
import autocannon from 'autocannon';
import type { Measured } from './paced';

export interface Route {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  body?: string;
}

export const HOME: Route = {
  name: 'GET /api/activities/home',
  method: 'GET',
  path: '/api/activities/home',
};

export const ROUTES: Route[] = [
  HOME,
  { name: 'GET /api/activities/@:handle', method: 'GET', path: '/api/activities/@andrewbrown' },
  {
    name: 'POST /api/activities',
    method: 'POST',
    path: '/api/activities',
    body: JSON.stringify({ message: 'Measured under load', ttl: '7-days' }),
  },
];

/** Closed-loop load at full speed; latencies are kept because autocannon's histogram has 1 ms steps. */
export function load(
  url: string,
  route: Route,
  options: { seconds: number; connections: number; headers?: Record<string, string> },
): Promise<Measured> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon(
      {
        url: `${url}${route.path}`,
        method: route.method,
        headers: {
          ...options.headers,
          ...(route.body ? { 'content-type': 'application/json' } : {}),
        },
        body: route.body,
        connections: options.connections,
        duration: options.seconds,
      },
      (error, result) => {
        if (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
          return;
        }
        resolve({
          requests: result.requests.total,
          requestsPerSecond: result.requests.average,
          errors: result.errors + result.timeouts + result.non2xx,
          latencies,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latencies.push(ms));
  });
}
