import { readFileSync } from 'node:fs';
import net from 'node:net';

/**
 * The first port of the kernel's ephemeral range. The kernel gives ports from that range to
 * outgoing connections, so a port found free there can be taken by any connection before its
 * server binds it (EADDRINUSE, seen under the cluster suites' load); ports below it are only
 * ever taken by a bind.
 */
const ephemeralLow = Number(
  readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0],
);
const LOWEST = 10_000;

function canBind(port: number): Promise<boolean> {
  const server = net.createServer();
  return new Promise((resolve) => {
    server.once('error', () => {
      resolve(false);
    });
    // No host: the wildcard address, which the service binds too.
    server.listen(port, () =>
      server.close(() => {
        resolve(true);
      }),
    );
  });
}

/** A port below the ephemeral range that was free a moment ago, chosen at random. */
export async function freePort(): Promise<number> {
  for (;;) {
    const port = LOWEST + Math.floor(Math.random() * (ephemeralLow - LOWEST));
    if (await canBind(port)) return port;
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:`port` right now. */
export function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}
