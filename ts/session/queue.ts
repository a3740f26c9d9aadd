// One queue for every engine call: each job runs to completion (including its awaited save)
// before the next starts, so concurrent sends, receives and ticks never interleave.

export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private waiting = 0;

  run<T>(job: () => Promise<T> | T): Promise<T> {
    this.waiting++;
    const result = this.tail.then(job);
    this.tail = result.then(
      () => this.waiting--,
      () => this.waiting--,
    );
    return result;
  }

  // Jobs queued or running.
  get size(): number {
    return this.waiting;
  }

  // Resolves once every job queued so far has finished.
  idle(): Promise<void> {
    return this.tail.then(() => undefined);
  }
}
