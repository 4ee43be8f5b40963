import TransportStream from 'winston-transport';
import type { DependencyFailures } from '../diagnostics/dependency-failures.js';

/** Where winston keeps the finished line (triple-beam's MESSAGE), which transports write. */
export const MESSAGE = Symbol.for('message');

/** The source named in the stderr line when the stream stops taking lines. */
const SOURCE = 'stdout write';

/**
 * Writes each line winston's formats made to a stream, one write per line. winston's own
 * Stream transport also schedules a 'logged' event for every line (a setImmediate), which
 * nothing here listens to: about 0.45 µs of CPU a line (docs/performance.md).
 *
 * The stream is a dependency that can fail: stdout's reader goes away (the parent of
 * `npm start` exits, a log shipper dies) and every write fails with EPIPE. Unheard, that
 * 'error' is an uncaught exception, whose log line fails in turn: a loop that kept a core
 * busy and answered no request. Once the stream has failed, lines are dropped without a
 * write (a closed pipe does not reopen) and counted in the rate-limited stderr report.
 */
export class LineTransport extends TransportStream {
  private failure: unknown;

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
    if (this.failure === undefined) this.stream.write(`${String(info[MESSAGE])}\n`);
    else this.failures.report(SOURCE, this.failure);
    next();
  }
}
