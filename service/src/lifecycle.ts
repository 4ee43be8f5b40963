/** Shared between the readiness probe and the shutdown sequence. */
export class Lifecycle {
  private shuttingDown = false;

  get ready(): boolean {
    return !this.shuttingDown;
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }
}
