import { type ChildProcess, spawn } from 'node:child_process';
import { parse, stringify } from 'yaml';
import { renderCollectorConfig } from './helm';
import { counterTotal } from './collector-metrics';
import { freePort } from './ports';
import { toolPath } from './prerequisites';
import { until } from './wait';
import { tempFile } from './temp';

export interface CollectorProcess {
  /** The OTLP/gRPC endpoint, for OTEL_EXPORTER_OTLP_ENDPOINT with OTEL_EXPORTER_OTLP_PROTOCOL=grpc. */
  grpcEndpoint: string;
  /** The OTLP/HTTP receiver's base URL (traces go to /v1/traces): the service's default protocol, and a browser's. */
  httpEndpoint: string;
  /** Spans the OTLP receiver accepted, from the Collector's own metrics. */
  acceptedSpans: () => Promise<number>;
  /** Stops it the hard way (SIGKILL), as a crashed or evicted pod would. */
  kill: () => Promise<void>;
  /** Starts it again on the same ports, with the same config. */
  restart: () => Promise<void>;
  stop: () => Promise<void>;
  output: () => string;
}

/**
 * The shipped Collector config for running outside Kubernetes: no k8s_attributes (there
 * is no API server), Honeycomb pointed at `honeycombEndpoint` if given, else every
 * destination off (the debug exporter only counts), and internal metrics on `metricsPort`.
 */
function localConfig(
  honeycombEndpoint: string | undefined,
  metricsPort: number,
  values: Record<string, string | boolean>,
): string {
  const config = parse(
    renderCollectorConfig('values.yaml', {
      ...values,
      'collector.k8sAttributes.enabled': false,
      'collector.exporters.awsxray.enabled': false,
      'collector.exporters.honeycomb.enabled': honeycombEndpoint !== undefined,
      ...(honeycombEndpoint
        ? {
            'collector.exporters.honeycomb.endpoint': honeycombEndpoint,
            'collector.exporters.honeycomb.insecure': true,
          }
        : {}),
    }),
  ) as { service: Record<string, unknown> };
  config.service.telemetry = {
    metrics: {
      readers: [{ pull: { exporter: { prometheus: { host: '127.0.0.1', port: metricsPort } } } }],
    },
  };
  return stringify(config);
}

/**
 * Runs the project's Collector binary (scripts/tools.sh otelcol) as a local process on
 * 127.0.0.1 ports of its own. Resolves once its health check answers.
 */
export async function startCollectorProcess(
  options: {
    honeycombEndpoint?: string;
    env?: NodeJS.ProcessEnv;
    /** Further chart values, e.g. collector.cors.allowedOrigins[0]. */
    values?: Record<string, string | boolean>;
  } = {},
): Promise<CollectorProcess> {
  const binary = toolPath('otelcol-cruddur');
  if (!binary) throw new Error('otelcol-cruddur is not built (scripts/tools.sh otelcol)');
  const [grpc, http, health, metrics] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const configFile = tempFile(
    'collector.yaml',
    localConfig(options.honeycombEndpoint, metrics, options.values ?? {}),
  );
  let child: ChildProcess | undefined;
  let output = '';

  const start = async () => {
    const process_ = spawn(
      binary,
      [
        `--config=${configFile}`,
        `--set=receivers::otlp::protocols::grpc::endpoint=127.0.0.1:${grpc}`,
        `--set=receivers::otlp::protocols::http::endpoint=127.0.0.1:${http}`,
        `--set=extensions::health_check::endpoint=127.0.0.1:${health}`,
      ],
      {
        env: {
          PATH: process.env.PATH,
          K8S_NODE_NAME: 'node-1',
          HONEYCOMB_API_KEY: 'collector-process-key',
          ...options.env,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    process_.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    process_.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
    child = process_;
    await until(
      () => (/Everything is ready/.test(output) ? true : undefined),
      `the Collector to start\n${output}`,
      20_000,
    );
  };

  const exit = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null || running.signalCode !== null) {
        resolve();
        return;
      }
      running.once('exit', () => {
        resolve();
      });
      running.kill(signal);
    });

  await start();
  return {
    grpcEndpoint: `http://127.0.0.1:${grpc}`,
    httpEndpoint: `http://127.0.0.1:${http}`,
    acceptedSpans: async () => {
      const text = await (await fetch(`http://127.0.0.1:${metrics}/metrics`)).text();
      return counterTotal(text, 'otelcol_receiver_accepted_spans');
    },
    kill: () => exit('SIGKILL'),
    restart: async () => {
      output = '';
      await start();
    },
    stop: () => exit('SIGTERM'),
    output: () => output,
  };
}
