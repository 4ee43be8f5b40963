import { type ChildProcess, spawn } from 'node:child_process';
import { stringify } from 'yaml';
import { tempFile } from './temp';
import { freePort, isListening } from './ports';
import { toolPath } from './prerequisites';

export interface RunningDaemon {
  /** host:port of both the UDP segment listener and the TCP sampling proxy. */
  address: string;
  output: () => string;
  stop: () => Promise<void>;
}

async function waitForTcp(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await isListening(port)) return;
    if (Date.now() > deadline) throw new Error(`X-Ray daemon did not listen on ${port}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Runs the real X-Ray daemon (built by scripts/tools.sh xray) on loopback, sending to
 * `endpoint` instead of AWS. Local mode skips the EC2 metadata lookup; the credentials are
 * dummies that only sign requests to the local endpoint.
 */
export async function startXRayDaemon(endpoint: string): Promise<RunningDaemon> {
  const port = await freePort();
  const address = `127.0.0.1:${port}`;
  const config = tempFile(
    'xray-daemon.yaml',
    stringify({
      Version: 2,
      Region: 'us-east-1',
      Endpoint: endpoint,
      LocalMode: true,
      TotalBufferSizeMB: 3,
      Socket: { UDPAddress: address, TCPAddress: address },
      Logging: { LogLevel: 'info' },
    }),
  );
  const child: ChildProcess = spawn(toolPath('xray') ?? 'xray', ['--config', config], {
    env: {
      PATH: process.env.PATH,
      AWS_ACCESS_KEY_ID: 'AKIDEXAMPLEDAEMON',
      AWS_SECRET_ACCESS_KEY: 'not-a-real-secret',
      AWS_EC2_METADATA_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  try {
    await waitForTcp(port, 10_000);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${(error as Error).message}\n${output}`, { cause: error });
  }
  return {
    address,
    output: () => output,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
