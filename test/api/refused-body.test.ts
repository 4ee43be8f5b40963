import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { testApp } from '../support/test-app';

/**
 * A client that reads only once it has sent its whole body (as many do) must still read the
 * server's refusal. Here the client sends the head and the start of the body, pauses while
 * the server decides, then sends the rest, then reads. A server that answers and closes with
 * the body unread makes the kernel reset the connection, which destroys the unread answer.
 */
function sendThenRead(port: number, head: string, bodyBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let response = '';
    socket.pause();
    socket.on('data', (chunk) => (response += chunk.toString('latin1')));
    socket.on('error', (error) => {
      reject(error);
    });
    socket.on('close', () => {
      resolve(response);
    });
    const start = Math.min(bodyBytes, 64 * 1024);
    socket.write(`${head}${'a'.repeat(start)}`);
    setTimeout(() => {
      socket.end(Buffer.alloc(bodyBytes - start, 'a'), () => socket.resume());
    }, 300);
  });
}

const request = (path: string, type: string, length: number, connection = 'close') =>
  [
    `POST ${path} HTTP/1.1`,
    'Host: 127.0.0.1',
    `Connection: ${connection}`,
    `Content-Type: ${type}`,
    `Content-Length: ${length}`,
    '',
    '',
  ].join('\r\n');

describe('a refused body is answered readably', () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = testApp().server();
    await new Promise((resolve) => server.once('listening', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it.each([
    ['too large (413)', 'application/json', 413, 'close'],
    ['too large (413), on a keep-alive connection', 'application/json', 413, 'keep-alive'],
    ['not JSON (415)', 'text/plain', 415, 'close'],
  ])('a 3 MB body %s', async (_what, type, status, connection) => {
    const size = 3 * 1024 * 1024;
    const head = request('/api/activities', type, size, connection);
    const response = await sendThenRead(port, head, size);
    expect(response).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(response).toContain('"error"');
  });

  it('stops waiting for a body that stalls, and closes the connection', async () => {
    // The client declares 1 MB, sends 1 kB, then neither sends nor closes: the server gives
    // up after its drain bound (5 s), answers, and says the connection ends there.
    const response = await new Promise<string>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('close', () => {
        resolve(received);
      });
      socket.write(
        `${request('/api/activities', 'application/json', 1024 * 1024, 'keep-alive')}${'a'.repeat(1024)}`,
      );
    });
    expect(response).toMatch(/^HTTP\/1\.1 413 /);
    expect(response.toLowerCase()).toContain('connection: close');
  }, 15_000);
});
