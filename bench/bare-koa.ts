/**
 * The floor the service is measured against (issue 22): Koa and @koa/router answering the
 * home feed's route with our service's body, from a string, and nothing else.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { HOME } from './routes';
import { type SpawnedServer, spawnServer } from './spawned';
import { root } from './support';

/**
 * The calibration's extra work, in CPU µs per request: about what our untraced service
 * spends over bare Koa, so that bare Koa given it runs at about our service's rate.
 */
export const CALIBRATION_MICROS = 30;

/**
 * Starts bench/bare-koa.cjs answering the home feed with `body` (saved to `file`), after
 * spinning `workMicros` of CPU on each request.
 */
export function startBareKoa(body: string, file: string, workMicros = 0): Promise<SpawnedServer> {
  writeFileSync(file, body);
  return spawnServer({
    command: (port) => [
      process.execPath,
      path.join(root, 'bench/bare-koa.cjs'),
      String(port),
      HOME.path,
    ],
    cwd: root,
    env: { BODY_FILE: file, WORK_MICROS: String(workMicros) },
    readyPath: HOME.path,
    stopSignal: 'SIGTERM',
    timeoutMs: 15_000,
  });
}
