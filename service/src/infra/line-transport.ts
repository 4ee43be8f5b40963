import TransportStream from 'winston-transport';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

/** Where winston keeps the finished line (triple-beam's MESSAGE), which transports write. */
export const MESSAGE = Symbol.for('message');

/** The source named in the stderr line when the stream stops taking lines. */
const SOURCE = 'stdout write';

/** Transports holding lines of this turn of the event loop, written at the latest at exit. */
const holding = new Set<LineTransport>();
let flushesAtExit = false;

/**
 * Writes the lines winston's formats made to a stream: those of one turn of the event
 * loop together, in one write when the turn's I/O is done (a setImmediate), or at exit.
 * A write per line cost the service about 6 µs of CPU per request on the home feed (two
 * lines), measured interleaved (docs/performance.md); where stdout is a pipe (a container),
 * each write also wakes its reader. A line waits at most for the rest of its turn; a kill
 * (SIGKILL, the OOM killer) loses at most that turn's lines.
 *
 * The stream is a dependency that can fail: stdout's reader goes away (the parent of
 * `npm start` exits, a log shipper dies) and every write fails with EPIPE. Unheard, that
 * 'error' is an uncaught exception, whose log line fails in turn: a loop that kept a core
 * busy and answered no request. Once the stream has failed, lines are dropped without a
 * write (a closed pipe does not reopen) and counted in the rate-limited stderr report.
 */
export class LineTransport extends TransportStream {
  private failure: unknown;
  private pending = '';

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly failures: DependencyFailures,
    options: TransportStream.TransportStreamOptions = {},
  ) {
    super(options);
    stream.on('error', (error: unknown) => {
      this.failure ??= error;
      failures.report(SOURCE, error);
    });
  }

  override log(info: Record<string | symbol, unknown>, next: () => void): void {
    if (this.failure !== undefined) this.failures.report(SOURCE, this.failure);
    else {
      if (this.pending === '') this.holdUntilTurnEnds();
      this.pending += `${String(info[MESSAGE])}\n`;
    }
    next();
  }

  /** Writes the lines held so far; the stream may have failed since they were taken. */
  flush(): void {
    const lines = this.pending;
    this.pending = '';
    holding.delete(this);
    if (lines === '') return;
    if (this.failure === undefined) this.stream.write(lines);
    else this.failures.report(SOURCE, this.failure);
  }

  private holdUntilTurnEnds(): void {
    holding.add(this);
    setImmediate(() => {
      this.flush();
    });
    if (flushesAtExit) return;
    // stdout's writes are synchronous for files and pipes, so these land before the exit.
    process.once('exit', () => {
      for (const transport of holding) transport.flush();
    });
    flushesAtExit = true;
  }
}
