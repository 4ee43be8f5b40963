/**
 * A server the bench starts as a process of its own (the Flask backend, bare Koa), placed
 * like our service (support.ts serviceCommand) and ready once `readyPath` answers 200.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '../test/support/ports';
import { serviceCommand, type Usage, usageOf } from './support';

export interface SpawnedServer {
  url: string;
  usage: () => Usage;
  /** The end of its stderr, to say why it stopped. */
  stderr: () => string;
  stop: () => Promise<number | null>;
}

export interface SpawnOptions {
  /** The command; `port` is the free port it must listen on, on 127.0.0.1. */
  command: (port: number) => string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  readyPath: string;
  /** How it is asked to stop (it is killed if it has not after `timeoutMs`). */
  stopSignal: NodeJS.Signals;
  timeoutMs: number;
}

/** Whether `url` answers 200. */
function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    async (response) => {
      await response.arrayBuffer();
      return response.ok;
    },
    () => false,
  );
}

export async function spawnServer(options: SpawnOptions): Promise<SpawnedServer> {
  const port = await freePort();
  const [command, ...args] = serviceCommand(options.command(port));
  const name = path.basename(options.command(port)[0] ?? 'server');
  const child = spawn(command as string, args, {
    cwd: options.cwd,
    // Nothing inherited (a proxy variable would divert an exporter).
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Only the end is kept: a server may log every request there (Werkzeug does).
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + options.timeoutMs;
  while (!(await answers(`${url}${options.readyPath}`))) {
    if (child.exitCode !== null) throw new Error(`${name} exited before it was ready:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} not ready in ${options.timeoutMs} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    usage: () => usageOf(child.pid as number),
    stderr: () => stderr,
    stop: async () => {
      child.kill(options.stopSignal);
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
