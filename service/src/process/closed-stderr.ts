/**
 * stderr is where the process reports its own plumbing's failures (a closed stdout among
 * them: infra/line-transport.ts). When stderr fails too (its reader went away: EPIPE, as
 * when the parent of `npm start` exits) there is nowhere left to say so; unheard, the
 * stream's 'error' would be an uncaught exception, which stops the service (signals.ts).
 * So each write to it is dropped; the few that remain are rate-limited at their source.
 */
export function dropWritesToClosedStderr(): void {
  process.stderr.on('error', () => undefined);
}
