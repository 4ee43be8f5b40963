/**
 * Starts bench/flask/app.py as the original Cruddur backend was started (`python -m flask
 * run`), placed like our service (support.ts serviceCommand).
 */
import { FLASK_DIR } from './flask-venv';
import { HOME } from './routes';
import { type SpawnedServer, spawnServer } from './spawned';

export function startFlask(python: string, env: NodeJS.ProcessEnv): Promise<SpawnedServer> {
  return spawnServer({
    command: (port) => [python, '-m', 'flask', 'run', '--host=127.0.0.1', `--port=${port}`],
    cwd: FLASK_DIR,
    // No .pyc in the tree.
    env: { PYTHONDONTWRITEBYTECODE: '1', ...env },
    readyPath: HOME.path,
    // As Ctrl-C: Python then runs its exit handlers, where the tracer provider flushes the
    // spans still queued (SIGTERM would end it without them).
    stopSignal: 'SIGINT',
    timeoutMs: 30_000,
  });
}
