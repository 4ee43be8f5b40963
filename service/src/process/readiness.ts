/** Whether the process takes new work: the readiness probe reads it, shutdown turns it off. */
export class Readiness {
  private shuttingDown = false;

  get ready(): boolean {
    return !this.shuttingDown;
  }

  beginShutdown(): void {
    this.shuttingDown = true;
  }
}
