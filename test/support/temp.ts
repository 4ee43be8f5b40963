import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Temporary files for tests and benchmarks, all in one folder that goes when the test file
 * that made them ends: Jest runs test files in workers that outlive them, so files removed
 * only at exit (or never) piled up in /tmp with every run.
 */
let folder: string | undefined;
let made = 0;

function removeFolder(): void {
  if (folder) rmSync(folder, { recursive: true, force: true });
  folder = undefined;
}

// Jest loads this module afresh for each test file, while the file imports its helpers: the
// hook is that file's own. The benchmarks run without Jest, in a process of their own.
if (typeof afterAll === 'function') afterAll(removeFolder);
else process.once('exit', removeFolder);

/** A new empty folder, removed with the others. */
export function tempDir(): string {
  folder ??= mkdtempSync(path.join(os.tmpdir(), 'cruddur-'));
  made += 1;
  const dir = path.join(folder, String(made));
  mkdirSync(dir);
  return dir;
}

/** Writes text to a new temporary file called `name` and returns its path. */
export function tempFile(name: string, text: string): string {
  const file = path.join(tempDir(), name);
  writeFileSync(file, text);
  return file;
}
