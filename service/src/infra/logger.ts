import winston from 'winston';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { type TraceFields, xrayTraceId } from '../diagnostics/trace-ids.js';
import { oncePerMillisecond } from '../domain/time.js';
import { LineTransport, MESSAGE } from './line-transport.js';

export type Logger = winston.Logger;

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  service: string;
  /**
   * Also given every JSON line, as serialized for stdout (CloudWatch Logs); stdout is always
   * a destination.
   */
  ship?: (line: string) => void;
  /** Where the console lines go: process.stdout, except in tests. */
  stdout?: NodeJS.WritableStream;
  /** Told when stdout stops taking lines (its reader went away), and of each line dropped. */
  failures: DependencyFailures;
  /** The active span's ids for each line (telemetry/log-correlation.ts), when tracing is on. */
  traceFields?: () => TraceFields | undefined;
}

const lineTime = oncePerMillisecond((date) => date.toISOString());

/** winston's own JSON format: only for what JSON.stringify refuses (a BigInt, a cycle). */
const safeJson = winston.format.json();

const LEVELS: Record<string, number | undefined> = winston.config.npm.levels;

/**
 * Completes and serializes every line once, for stdout and `ship`: the time, and inside a
 * span its trace_id, span_id and trace_flags with the X-Ray form of the trace id, so that
 * CloudWatch Logs and X-Ray can be joined (a line that names a trace_id itself keeps it).
 * JSON.stringify, not winston's json format (a stable, sorted stringify): it costs about a
 * third of what a line costs (docs/performance.md). A line below the logger's level is
 * dropped here, before it is serialized: winston itself filters only in each transport.
 */
function jsonLines(options: LoggerOptions) {
  const { ship, traceFields } = options;
  const threshold = LEVELS[options.level] ?? 0;
  return winston.format((info) => {
    if ((LEVELS[info.level] ?? 0) > threshold) return false;
    info.time = lineTime(new Date());
    if (info.trace_id === undefined) Object.assign(info, traceFields?.());
    if (typeof info.trace_id === 'string') info.xray_trace_id = xrayTraceId(info.trace_id);
    try {
      info[MESSAGE] = JSON.stringify(info);
    } catch {
      safeJson.transform(info, safeJson.options);
    }
    ship?.(String(info[MESSAGE]));
    return info;
  })();
}

const NOT_SHOWN_IN_PRETTY = new Set([
  'time',
  'level',
  'message',
  'service',
  'trace_id',
  'span_id',
  'trace_flags',
  'xray_trace_id',
]);

/** One readable line for local work: time, level, message, fields, then a short trace id. */
const prettyLine = winston.format.printf((info) => {
  const fields = Object.fromEntries(
    Object.entries(info).filter(([key]) => !NOT_SHOWN_IN_PRETTY.has(key)),
  );
  const extra = Object.keys(fields).length > 0 ? ` ${JSON.stringify(fields)}` : '';
  const trace = typeof info.trace_id === 'string' ? ` trace=${info.trace_id.slice(0, 12)}` : '';
  return `${String(info.time)} ${info.level} ${String(info.message)}${extra}${trace}`;
});

/**
 * JSON lines on stdout (or readable lines for local work), and the same JSON lines to
 * `ship` (CloudWatch: the JSON line even when stdout is readable).
 */
export function createLogger(options: LoggerOptions): Logger {
  const stdout = options.stdout ?? process.stdout;
  // Colour codes only for a terminal: not in a file or a pipe that stdout is redirected to.
  const colour = (stdout as { isTTY?: boolean }).isTTY === true ? [winston.format.colorize()] : [];
  const pretty =
    options.format === 'pretty' ? winston.format.combine(...colour, prettyLine) : undefined;
  return winston.createLogger({
    level: options.level,
    defaultMeta: { service: options.service },
    format: jsonLines(options),
    // winston types its transports as interfaces, which this lint rule cannot follow.
    // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment
    transports: [new LineTransport(stdout, options.failures, pretty ? { format: pretty } : {})],
  });
}
