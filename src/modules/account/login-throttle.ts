/**
 * Slows down password guessing: after `maxFailures` consecutive failures for one username, sign-in
 * is refused for `lockSeconds`, doubling with each further failure (capped at an hour). Unknown
 * usernames are throttled exactly like known ones, so the lock reveals nothing. Kept in memory:
 * each process throttles on its own, which bounds guessing per process without a shared store.
 */
export class LoginThrottle {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();

  constructor(
    private readonly maxFailures: number,
    private readonly lockSeconds: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0. */
  retryAfter(key: string): number {
    const entry = this.entries.get(normalise(key));
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.lockedUntil - this.now()) / 1000));
  }

  recordFailure(key: string): void {
    const k = normalise(key);
    const entry = this.entries.get(k) ?? { failures: 0, lockedUntil: 0 };
    entry.failures += 1;
    if (entry.failures >= this.maxFailures) {
      const exponent = Math.min(entry.failures - this.maxFailures, 7);
      entry.lockedUntil = this.now() + Math.min(this.lockSeconds * 2 ** exponent, 3600) * 1000;
    }
    this.entries.set(k, entry);
    if (this.entries.size > 50_000) this.prune();
  }

  recordSuccess(key: string): void {
    this.entries.delete(normalise(key));
  }

  private prune(): void {
    const now = this.now();
    for (const [k, entry] of this.entries) if (entry.lockedUntil < now - 3600_000) this.entries.delete(k);
  }
}

const normalise = (key: string) => key.trim().toLowerCase();
