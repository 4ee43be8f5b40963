/**
 * Closed-loop load with wrk, which opens a new connection when the server closes one: the
 * Flask comparison needs that (Werkzeug closes every connection), and uses it for our
 * service too so that both stacks meet the same load generator.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

export interface WrkResult {
  requests: number;
  requestsPerSecond: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  /** Connections that failed to open, read, write, or timed out (wrk's socket errors). */
  socketErrors: { connect: number; read: number; write: number; timeout: number };
  /** Responses with a status of 400 or more (what wrk counts as non-2xx/3xx). */
  httpErrors: number;
}

export interface WrkOptions {
  threads: number;
  connections: number;
  seconds: number;
}

const REPORT_SCRIPT = path.join(__dirname, 'wrk-report.lua');
const MARKER = 'wrk-report ';

const onPath = (name: string) =>
  (process.env.PATH ?? '').split(path.delimiter).some((dir) => {
    try {
      accessSync(path.join(dir, name), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });

/** Why wrk cannot run here, or undefined when it can (looked up on PATH, nothing started). */
export function missingWrk(): string | undefined {
  return onPath('wrk') ? undefined : 'wrk is not installed (Debian: apt-get install wrk)';
}

/** Reads the line wrk-report.lua prints at the end of wrk's output. */
export function parseWrkReport(output: string): WrkResult {
  const line = output.split('\n').find((text) => text.startsWith(MARKER));
  if (!line) throw new Error(`no wrk-report line in wrk's output:\n${output}`);
  const report = JSON.parse(line.slice(MARKER.length)) as Record<string, number>;
  const field = (name: string) => {
    const value = report[name];
    if (typeof value !== 'number') throw new Error(`wrk-report without ${name}: ${line}`);
    return value;
  };
  return {
    requests: field('requests'),
    requestsPerSecond: field('requests') / (field('durationMicros') / 1e6),
    p50Ms: field('p50Micros') / 1000,
    p90Ms: field('p90Micros') / 1000,
    p99Ms: field('p99Micros') / 1000,
    socketErrors: {
      connect: field('connectErrors'),
      read: field('readErrors'),
      write: field('writeErrors'),
      timeout: field('timeouts'),
    },
    httpErrors: field('httpErrors'),
  };
}

export async function runWrk(url: string, options: WrkOptions): Promise<WrkResult> {
  const { stdout } = await promisify(execFile)('wrk', [
    `--threads=${options.threads}`,
    `--connections=${options.connections}`,
    `--duration=${options.seconds}s`,
    `--script=${REPORT_SCRIPT}`,
    url,
  ]);
  return parseWrkReport(stdout);
}
