import http from 'node:http';

/**
 * Starts a POST of `body` to /api/activities and sends only its first bytes, so the request
 * is accepted and stays in flight until `finish` sends the rest.
 */
export function partialPost(url: string, body: string, headers: Record<string, string> = {}) {
  const req = http.request(`${url}/api/activities`, {
    method: 'POST',
    headers: {
      ...headers,
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(body),
    },
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
  req.write(body.slice(0, 5));
  return { finish: () => req.end(body.slice(5)), response, abort: () => req.destroy() };
}
