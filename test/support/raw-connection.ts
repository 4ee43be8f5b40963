import net from 'node:net';

export interface RawResponse {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One client TCP connection sending HTTP/1.1 GETs one at a time: unlike an agent's pool,
 * a test knows which connection served each request, and whether the server closed it.
 */
export class RawConnection {
  private received = '';
  private wake: (() => void) | undefined;

  private constructor(private readonly socket: net.Socket) {
    // latin1: one character per byte, so Content-Length counts characters.
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => {
      this.received += chunk;
      this.wake?.();
    });
    socket.on('close', () => this.wake?.());
    socket.on('error', () => undefined);
  }

  /** Whether the server has closed the connection (or it failed). */
  get closed(): boolean {
    return this.socket.closed;
  }

  static open(port: number): Promise<RawConnection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        resolve(new RawConnection(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Sends a GET and resolves with its response; rejects if the connection closes first. */
  async get(path: string): Promise<RawResponse> {
    if (this.closed) throw new Error(`the connection was closed before GET ${path}`);
    this.socket.write(`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    for (;;) {
      const response = this.takeResponse();
      if (response) return response;
      if (this.socket.closed)
        throw new Error(`the connection was closed before GET ${path} was answered`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }

  close(): void {
    this.socket.destroy();
  }

  private takeResponse(): RawResponse | undefined {
    const headEnd = this.received.indexOf('\r\n\r\n');
    if (headEnd < 0) return undefined;
    const [statusLine = '', ...lines] = this.received.slice(0, headEnd).split('\r\n');
    const headers = Object.fromEntries(
      lines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const bodyEnd = headEnd + 4 + Number(headers['content-length'] ?? 0);
    if (this.received.length < bodyEnd) return undefined;
    const body = this.received.slice(headEnd + 4, bodyEnd);
    this.received = this.received.slice(bodyEnd);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }
}
