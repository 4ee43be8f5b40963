import { GenericContainer, type StartedTestContainer, Wait } from 'testcontainers';

// The reaper image cannot be pulled here; containers are stopped by the tests themselves.
process.env.TESTCONTAINERS_RYUK_DISABLED ??= 'true';
// dockerd runs without a bridge network, so the host cannot be found from the bridge's
// gateway; containers share the host network and are reached on loopback.
process.env.TESTCONTAINERS_HOST_OVERRIDE ??= '127.0.0.1';

export interface CollectorPorts {
  grpc: number;
  http: number;
  health: number;
}

/**
 * Runs the Collector image with the given config on the host network (everything stays on
 * 127.0.0.1), with its listening ports moved by `--set` so parallel suites do not collide.
 */
export async function startCollector(
  image: string,
  config: string,
  ports: CollectorPorts,
  env: Record<string, string>,
): Promise<StartedTestContainer> {
  return new GenericContainer(image)
    .withNetworkMode('host')
    .withCopyContentToContainer([{ content: config, target: '/conf/collector.yaml', mode: 0o644 }])
    .withCommand([
      '--config=/conf/collector.yaml',
      `--set=receivers::otlp::protocols::grpc::endpoint=127.0.0.1:${ports.grpc}`,
      `--set=receivers::otlp::protocols::http::endpoint=127.0.0.1:${ports.http}`,
      `--set=extensions::health_check::endpoint=127.0.0.1:${ports.health}`,
    ])
    .withEnvironment(env)
    .withWaitStrategy(Wait.forLogMessage(/Everything is ready/))
    .withStartupTimeout(30_000)
    .start();
}
