import net from 'node:net';

/**
 * A local stand-in for a Kubernetes Service in front of pods: each new TCP connection goes
 * to one of the current endpoints (round robin) and stays with it, as kube-proxy keeps an
 * established connection on its pod. `remove` takes an endpoint out of the rotation a
 * moment later, as kube-proxy learns of a terminating pod after the fact.
 */
export class ServiceProxy {
  private next = 0;
  private readonly sockets = new Set<net.Socket>();

  private constructor(
    private readonly server: net.Server,
    private endpoints: number[],
  ) {}

  static async start(endpoints: number[]): Promise<ServiceProxy> {
    const server = net.createServer();
    const proxy = new ServiceProxy(server, [...endpoints]);
    server.on('connection', (client) => {
      proxy.forward(client);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  add(port: number): void {
    this.endpoints.push(port);
  }

  remove(port: number, lagMs: number): void {
    setTimeout(() => {
      this.endpoints = this.endpoints.filter((endpoint) => endpoint !== port);
    }, lagMs);
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private forward(client: net.Socket): void {
    const port = this.endpoints[this.next++ % this.endpoints.length] ?? 0;
    const backend = net.connect(port, '127.0.0.1');
    for (const socket of [client, backend]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      // A reset on one side is a reset on the other, as it would be through kube-proxy.
      socket.on('error', () => {
        client.destroy();
        backend.destroy();
      });
    }
    client.pipe(backend);
    backend.pipe(client);
  }
}
