import Rollbar from 'rollbar';
import type { RollbarConfig } from '../config.js';
import { runUntraced } from '../diagnostics/untraced.js';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';
import { SECRET_WORDS, scrubSecrets, scrubText, scrubUrl } from '../diagnostics/scrub.js';
import type { ErrorReporter } from '../diagnostics/error-reporter.js';

export interface ErrorReporterOptions {
  environment: string;
  codeVersion: string;
  host: string;
}

/** Masks secrets quoted in any text of an item, in place (Rollbar's transform contract). */
function scrubItemText(value: unknown): void {
  if (value === null || typeof value !== 'object') return;
  const entries = value as Record<string, unknown>;
  for (const [key, item] of Object.entries(entries)) {
    if (typeof item === 'string') entries[key] = scrubText(item);
    else scrubItemText(item);
  }
}

/**
 * Rollbar for unhandled errors and the /rollbar/test message. Payloads are scrubbed here
 * (any token/password/secret/key-like field or header) and again by Rollbar's lists.
 * Uncaught exceptions and unhandled rejections are reported by Rollbar's handlers; the
 * process exit that follows is main's decision, not Rollbar's (its exit waits for a
 * delivery that may never end).
 */
export function createRollbarReporter(
  config: RollbarConfig,
  options: ErrorReporterOptions,
  failures: DependencyFailures,
): ErrorReporter {
  const rollbar = new Rollbar({
    accessToken: config.accessToken,
    endpoint: config.endpoint,
    environment: options.environment,
    codeVersion: options.codeVersion,
    host: options.host,
    captureUncaught: true,
    captureUnhandledRejections: true,
    exitOnUncaughtException: false,
    // The server notifier has no default for this and would fall back to logLevel below.
    uncaughtErrorLevel: 'critical',
    captureUsername: true,
    captureEmail: false,
    captureIp: 'anonymize',
    itemsPerMinute: 60,
    // Rollbar's default header list stays; its field list becomes ours (exact names only:
    // the scrubbing above and in the transform matches any name containing a word).
    scrubFields: SECRET_WORDS,
    // Uncaught exceptions reach Rollbar without passing through our code: scrub every item.
    transform: (data, item) => {
      scrubItemText(data);
      // Rollbar copies the raw error into the item's diagnostics after this transform, from
      // the same error object: scrub it in place (it is a process-ending error by now).
      if (item.err instanceof Error) {
        item.err.message = scrubText(item.err.message);
        if (item.err.stack) item.err.stack = scrubText(item.err.stack);
      }
    },
    // Delivery failures come back through the callbacks below, rate-limited.
    logLevel: 'disable' as Rollbar.Level,
  });
  const delivered = (error?: Error | null) => {
    if (error) failures.report('rollbar delivery', error);
  };

  return {
    enabled: true,
    requestError: (error, report) => {
      const request = {
        method: report.method,
        url: scrubUrl(report.url),
        headers: scrubSecrets(report.headers),
        ip: report.ip,
        route: report.route === undefined ? undefined : { path: report.route },
        rollbar_person: report.user,
      };
      // The item carries the trace ids; its delivery is plumbing, not part of the trace.
      runUntraced(() => rollbar.error(error, request, scrubSecrets(report.context), delivered));
    },
    warning: (message, context = {}) => {
      runUntraced(() => rollbar.warning(message, scrubSecrets(context), delivered));
    },
    flush: (timeoutMs) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        rollbar.wait(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
