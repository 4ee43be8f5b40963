import { context, ROOT_CONTEXT } from '@opentelemetry/api';
import { suppressTracing } from '@opentelemetry/core';

const UNTRACED = suppressTracing(ROOT_CONTEXT);

/**
 * Runs `work` outside any request's context and with tracing suppressed. Background jobs
 * started here (timers, uploads) neither join the trace of the request that happened to
 * start them nor produce spans of their own: a log upload traced through its own
 * exporter would feed itself.
 */
export function runUntraced<T>(work: () => T): T {
  return context.with(UNTRACED, work);
}
