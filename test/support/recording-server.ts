import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** How a stand-in answers: normally, after a delay, or never (accepts and hangs). */
export type Behaviour = { mode: 'answer' } | { mode: 'slow'; delayMs: number } | { mode: 'hang' };

export interface RecordedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body: unknown;
}

/**
 * An HTTP server on 127.0.0.1 (or `host`) that records every request and answers through `handle`,
 * with a switchable behaviour for failure tests. The base of the Rollbar and CloudWatch
 * Logs stand-ins.
 */
export class RecordingServer {
  readonly requests: RecordedRequest[] = [];
  behaviour: Behaviour = { mode: 'answer' };

  private constructor(private readonly server: http.Server) {}

  static async start(
    handle: (request: RecordedRequest) => Reply,
    host = '127.0.0.1',
  ): Promise<RecordingServer> {
    const server = http.createServer();
    const recorder = new RecordingServer(server);
    server.on('request', (req, res) => {
      let raw = '';
      req.setEncoding('utf8').on('data', (chunk: string) => (raw += chunk));
      req.on('end', () => {
        const request = {
          method: req.method ?? '',
          path: req.url ?? '',
          headers: req.headers,
          raw,
        };
        recorder.requests.push(request);
        const behaviour = recorder.behaviour;
        if (behaviour.mode === 'hang') return;
        const send = () => {
          const reply = handle(request);
          res.writeHead(reply.status, {
            'Content-Type': 'application/json',
            ...reply.headers,
          });
          res.end(JSON.stringify(reply.body));
        };
        if (behaviour.mode === 'slow') setTimeout(send, behaviour.delayMs);
        else send();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, host, resolve));
    return recorder;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}`;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) =>
      this.server.close(() => {
        resolve();
      }),
    );
  }
}
