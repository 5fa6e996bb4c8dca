import Redis from 'ioredis';
import { logger } from '../../core/logger';

/** One username's record: consecutive failures and when its lock (if any) ends, in ms since the epoch. */
export interface ThrottleEntry {
  failures: number;
  lockedUntil: number;
}

/** Where entries live: this process's memory, or Redis so that every process shares them. */
export interface ThrottleStore {
  get(key: string): Promise<ThrottleEntry | null>;
  /** Adds one failure and returns the new count; the entry lives on for `ttlMs` after its last failure. */
  addFailure(key: string, ttlMs: number): Promise<number>;
  lockUntil(key: string, until: number): Promise<void>;
  delete(key: string): Promise<void>;
  /** Resolves once the store answers (Redis connected); a memory store always does. */
  ready(): Promise<void>;
  close(): Promise<void>;
}

const MAX_LOCK_SECONDS = 3600;
// An entry outlives the longest lock, so a doubling lock never restarts from the first step.
const ENTRY_TTL_MS = 2 * MAX_LOCK_SECONDS * 1000;

/**
 * Slows down password guessing: after `maxFailures` consecutive failures for one username, sign-in
 * is refused for `lockSeconds`, doubling with each further failure (capped at an hour). Unknown
 * usernames are throttled exactly like known ones, so the lock reveals nothing. With Redis every
 * process counts the same failures, so adding processes does not multiply the guesses allowed.
 */
export class LoginThrottle {
  constructor(
    private readonly maxFailures: number,
    private readonly lockSeconds: number,
    private readonly store: ThrottleStore = new MemoryThrottleStore(),
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the key may try again, or 0. */
  async retryAfter(key: string): Promise<number> {
    const entry = await this.store.get(normalise(key));
    if (!entry) return 0;
    return Math.max(0, Math.ceil((entry.lockedUntil - this.now()) / 1000));
  }

  async recordFailure(key: string): Promise<void> {
    const k = normalise(key);
    const failures = await this.store.addFailure(k, ENTRY_TTL_MS);
    if (failures < this.maxFailures) return;
    const exponent = Math.min(failures - this.maxFailures, 7);
    await this.store.lockUntil(k, this.now() + Math.min(this.lockSeconds * 2 ** exponent, MAX_LOCK_SECONDS) * 1000);
  }

  async recordSuccess(key: string): Promise<void> {
    await this.store.delete(normalise(key));
  }

  ready(): Promise<void> {
    return this.store.ready();
  }

  close(): Promise<void> {
    return this.store.close();
  }
}

const normalise = (key: string) => key.trim().toLowerCase();

export class MemoryThrottleStore implements ThrottleStore {
  private readonly entries = new Map<string, ThrottleEntry & { expires: number }>();

  constructor(private readonly now: () => number = Date.now) {}

  async get(key: string): Promise<ThrottleEntry | null> {
    const entry = this.entries.get(key);
    return entry && entry.expires > this.now() ? entry : null;
  }

  async addFailure(key: string, ttlMs: number): Promise<number> {
    const entry = (await this.get(key)) ?? { failures: 0, lockedUntil: 0 };
    const next = { failures: entry.failures + 1, lockedUntil: entry.lockedUntil, expires: this.now() + ttlMs };
    this.entries.set(key, next);
    if (this.entries.size > 50_000) this.prune();
    return next.failures;
  }

  async lockUntil(key: string, until: number): Promise<void> {
    const entry = this.entries.get(key);
    if (entry) entry.lockedUntil = until;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async ready(): Promise<void> {}

  async close(): Promise<void> {}

  private prune(): void {
    const now = this.now();
    for (const [k, entry] of this.entries) if (entry.expires <= now) this.entries.delete(k);
  }
}

/**
 * A hash per username (`failures`, `lockedUntil`); HINCRBY keeps concurrent failures from different
 * processes from being counted once. While Redis is away the process falls back to its own memory:
 * sign-in keeps working and stays throttled, per process, until Redis is back.
 */
export class RedisThrottleStore implements ThrottleStore {
  private readonly redis: Redis;
  private readonly fallback = new MemoryThrottleStore();

  constructor(url: string, private readonly prefix = 'vg:login:') {
    // No offline queue: a command while Redis is away fails at once and the fallback answers.
    this.redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
    this.redis.on('error', () => undefined); // reported once per failed command below, not per reconnect attempt
  }

  async get(key: string): Promise<ThrottleEntry | null> {
    return this.guarded(
      async () => {
        const hash = await this.redis.hgetall(this.prefix + key);
        return hash.failures ? { failures: Number(hash.failures), lockedUntil: Number(hash.lockedUntil ?? 0) } : null;
      },
      () => this.fallback.get(key),
    );
  }

  async addFailure(key: string, ttlMs: number): Promise<number> {
    return this.guarded(
      async () => {
        const [[, failures]] = (await this.redis.multi().hincrby(this.prefix + key, 'failures', 1).pexpire(this.prefix + key, ttlMs).exec()) as [[Error | null, number]];
        return Number(failures);
      },
      () => this.fallback.addFailure(key, ttlMs),
    );
  }

  async lockUntil(key: string, until: number): Promise<void> {
    await this.guarded(
      async () => void (await this.redis.hset(this.prefix + key, 'lockedUntil', until)),
      () => this.fallback.lockUntil(key, until),
    );
  }

  async delete(key: string): Promise<void> {
    await this.fallback.delete(key);
    await this.guarded(
      async () => void (await this.redis.del(this.prefix + key)),
      async () => undefined,
    );
  }

  async ready(): Promise<void> {
    if (this.redis.status === 'ready') return;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('Redis did not answer within 5 s')), 5000);
      this.redis.once('ready', () => (clearTimeout(timer), resolve()));
    });
  }

  async close(): Promise<void> {
    this.redis.disconnect();
  }

  private async guarded<T>(work: () => Promise<T>, fallback: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      logger.warn({ component: 'login-throttle', err }, 'Redis unavailable; throttling sign-ins in this process only');
      return fallback();
    }
  }
}

export function createLoginThrottle(maxFailures: number, lockSeconds: number, redisUrl: string | null): LoginThrottle {
  return new LoginThrottle(maxFailures, lockSeconds, redisUrl ? new RedisThrottleStore(redisUrl) : new MemoryThrottleStore());
}
