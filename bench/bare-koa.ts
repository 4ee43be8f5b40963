/**
 * The floor the service is measured against (issue 22): Koa and @koa/router answering the
 * home feed's route with our service's body, from a string, and nothing else.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOME } from './routes';
import { type SpawnedServer, spawnServer } from './spawned';
import { root } from './support';

/** Starts bench/bare-koa.cjs answering the home feed with `body` (saved to `file`). */
export function startBareKoa(body: string, file: string): Promise<SpawnedServer> {
  writeFileSync(file, body);
  return spawnServer({
    command: (port) => [
      process.execPath,
      path.join(root, 'bench/bare-koa.cjs'),
      String(port),
      HOME.path,
    ],
    cwd: root,
    env: { BODY_FILE: file },
    readyPath: HOME.path,
    stopSignal: 'SIGTERM',
    timeoutMs: 15_000,
  });
}
