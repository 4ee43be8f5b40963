/**
 * Starts bench/flask/app.py as the original Cruddur backend was started (`python -m flask
 * run`), placed like our service (support.ts serviceCommand).
 */
import { spawn } from 'node:child_process';
import { freePort } from '../test/support/ports';
import { FLASK_DIR } from './flask-venv';
import { serviceCommand, type Usage, usageOf } from './support';

export const HOME_PATH = '/api/activities/home';

export interface FlaskServer {
  url: string;
  usage: () => Usage;
  /** The end of its stderr, to say why it stopped. */
  stderr: () => string;
  stop: () => Promise<number | null>;
}

const READY_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 30_000;

/** Whether `url` answers 200: Flask has loaded the app and listens. */
function answers(url: string): Promise<boolean> {
  return fetch(url).then(
    async (response) => {
      await response.arrayBuffer();
      return response.ok;
    },
    () => false,
  );
}

export async function startFlask(python: string, env: NodeJS.ProcessEnv): Promise<FlaskServer> {
  const port = await freePort();
  const [command, ...args] = serviceCommand([
    python,
    ...['-m', 'flask', 'run', '--host=127.0.0.1', `--port=${port}`],
  ]);
  const child = spawn(command as string, args, {
    cwd: FLASK_DIR,
    // Nothing inherited (a proxy variable would divert the exporter); no .pyc in the tree.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, PYTHONDONTWRITEBYTECODE: '1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Werkzeug's access log goes there too: only the end is kept, for a failure message.
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-8192);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (!(await answers(`${url}${HOME_PATH}`))) {
    if (child.exitCode !== null) throw new Error(`Flask exited before it was ready:\n${stderr}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Flask not ready in ${READY_TIMEOUT_MS} ms:\n${stderr}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    usage: () => usageOf(child.pid as number),
    stderr: () => stderr,
    // SIGINT, as Ctrl-C: Python then runs its exit handlers, where the tracer provider
    // flushes the spans still queued (SIGTERM would end it without them).
    stop: async () => {
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}
