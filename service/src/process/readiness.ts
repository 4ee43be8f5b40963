/**
 * Whether the process takes new work: the readiness probe reads it, and every response
 * while it is false closes its connection (http/drain.ts). It turns false when the
 * pre-stop pause begins (process/drain-hook.ts) and for good at SIGTERM.
 */
export class Readiness {
  private state: 'serving' | 'draining' | 'stopping' = 'serving';

  get ready(): boolean {
    return this.state === 'serving';
  }

  beginDrain(): void {
    if (this.state === 'serving') this.state = 'draining';
  }

  /** Serves again after a drain that no SIGTERM followed; says whether one was under way. */
  cancelDrain(): boolean {
    if (this.state !== 'draining') return false;
    this.state = 'serving';
    return true;
  }

  beginShutdown(): void {
    this.state = 'stopping';
  }
}
