/**
 * A push-based async iterator. Unlike an async generator, `return()` ends it at once even while a
 * consumer is waiting, which is what a subscription needs when its client goes away.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = [];
  private readonly waiting: { resolve(r: IteratorResult<T>): void; reject(e: unknown): void }[] = [];
  private done = false;
  private failure: unknown = null;

  constructor(private readonly onClose: () => void = () => undefined) {}

  push(value: T): void {
    if (this.done) return;
    const waiter = this.waiting.shift();
    if (waiter) waiter.resolve({ value, done: false });
    else this.values.push(value);
  }

  /** Ends the stream with an error for the consumer (after what is already queued). */
  fail(error: unknown): void {
    if (this.done) return;
    this.failure = error;
    this.finish();
    for (const w of this.waiting.splice(0)) w.reject(error);
  }

  next(): Promise<IteratorResult<T>> {
    if (this.values.length) return Promise.resolve({ value: this.values.shift()!, done: false });
    if (this.failure) {
      const error = this.failure;
      this.failure = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => this.waiting.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.values.length = 0;
    this.finish();
    for (const w of this.waiting.splice(0)) w.resolve({ value: undefined, done: true });
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    this.fail(error);
    return this.next();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.onClose();
  }
}
