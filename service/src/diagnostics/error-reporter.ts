/** A failed request, as the error report shows it. */
export interface RequestErrorReport {
  method: string;
  url: string;
  route: string | undefined;
  headers: Record<string, unknown>;
  ip: string;
  user: { id: string; username: string };
  /** Trace ids, Honeycomb link, error reference: whatever leads from the report to the rest. */
  context: Record<string, string>;
}

export interface ErrorReporter {
  readonly enabled: boolean;
  requestError: (error: Error, report: RequestErrorReport) => void;
  warning: (message: string, context?: Record<string, string>) => void;
  /** Sends what is pending, giving up after `timeoutMs` (Rollbar itself has no timeout). */
  flush: (timeoutMs: number) => Promise<void>;
}

/** Errors are only logged when no Rollbar token is configured. */
export const disabledErrorReporter: ErrorReporter = {
  enabled: false,
  requestError: () => undefined,
  warning: () => undefined,
  flush: () => Promise.resolve(),
};
