import type { RejectedLogEventsInfo } from '@aws-sdk/client-cloudwatch-logs';

/** The AWS SDK's error fields this reads (its service exceptions and its transport errors). */
interface AwsError {
  name?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number };
}

/** Client-side errors that are about the moment, not the batch: throttling, timeouts, a stream that is gone. */
const RETRYABLE_NAMES = new Set([
  'ThrottlingException',
  'RequestTimeout',
  'RequestTimeoutException',
  'ResourceNotFoundException',
]);

/**
 * Whether a failed upload may succeed later with the same batch: CloudWatch throttled it
 * or failed (a server fault, 429), nothing answered (network, timeout, credentials not yet
 * available), or the stream is gone (it is created again first). Anything else is about
 * the batch or the permissions (InvalidParameterException, AccessDeniedException, ...) and
 * would fail the same way again: the batch is dropped, not put back at the head of the queue.
 */
export function retryable(error: unknown): boolean {
  const { name = '', $fault, $metadata } = error as AwsError;
  const status = $metadata?.httpStatusCode;
  return $fault === 'server' || status === undefined || status === 429 || RETRYABLE_NAMES.has(name);
}

/**
 * How many events of a batch of `size` CloudWatch accepted the call for but did not store
 * (PutLogEvents' rejectedLogEventsInfo), and why. Too old and expired events are the first
 * of the batch, too new ones the last.
 */
export function rejected(
  info: RejectedLogEventsInfo | undefined,
  size: number,
): { count: number; reasons: string[] } {
  const tooOld = (info?.tooOldLogEventEndIndex ?? -1) + 1;
  const expired = (info?.expiredLogEventEndIndex ?? -1) + 1;
  const tooNew = size - (info?.tooNewLogEventStartIndex ?? size);
  const reasons = [
    ...(tooOld > 0 ? [`${tooOld} older than 14 days`] : []),
    ...(expired > 0 ? [`${expired} older than the retention`] : []),
    ...(tooNew > 0 ? [`${tooNew} over 2 hours ahead`] : []),
  ];
  return { count: Math.max(tooOld, expired) + tooNew, reasons };
}
