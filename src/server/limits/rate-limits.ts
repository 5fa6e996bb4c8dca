import { createHash } from 'node:crypto';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { LimitsConfig } from '../../config';

/** Who a request comes from, as far as the budgets are concerned. */
export interface Caller {
  address: string;
  accountId?: number | null;
  /** The presented API key; only its hash is used as a key. */
  apiKey?: string | null;
}

/**
 * Requests per window per account, per API key and per client address. Every request draws on its
 * address's budget and on its account's or key's. With Redis the budgets are shared by every
 * process; while Redis is unreachable each process falls back to its own memory budgets.
 */
export class RequestRateLimiter {
  private readonly account: RateLimiterAbstract | null;
  private readonly apiKey: RateLimiterAbstract | null;
  private readonly address: RateLimiterAbstract | null;

  constructor(
    config: LimitsConfig['rate'],
    private readonly redis: Redis | null,
  ) {
    const make = (name: string, points: number): RateLimiterAbstract | null => {
      if (points === 0) return null;
      const options = { points, duration: config.windowSeconds, keyPrefix: `${config.redisPrefix}${name}` };
      if (!redis) return new RateLimiterMemory(options);
      return new RateLimiterRedis({ ...options, storeClient: redis, rejectIfRedisNotReady: true, insuranceLimiter: new RateLimiterMemory(options) });
    };
    this.account = make('account', config.perAccount);
    this.apiKey = make('apikey', config.perApiKey);
    this.address = make('address', config.perAddress);
  }

  /** A limiter on Redis when a URL is given (its own connection), in memory otherwise. */
  static create(config: LimitsConfig['rate'], redisUrl: string | null): RequestRateLimiter {
    const redis = redisUrl ? new Redis(redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5000 }) : null;
    // While Redis is away the insurance (memory) limiters answer; the event bus reports the outage.
    redis?.on('error', () => undefined);
    return new RequestRateLimiter(config, redis);
  }

  /** Resolves once the Redis budgets answer (at once in memory); until then the memory fallback counts. */
  async ready(): Promise<void> {
    const redis = this.redis;
    if (!redis || redis.status === 'ready') return;
    await new Promise<void>((resolve) => redis.once('ready', () => resolve()));
  }

  /** Takes one request from each budget the caller draws on: null when allowed, else seconds to wait. */
  async consume(caller: Caller): Promise<number | null> {
    const draws: Promise<number | null>[] = [take(this.address, caller.address)];
    if (caller.apiKey) draws.push(take(this.apiKey, createHash('sha256').update(caller.apiKey).digest('base64url')));
    else if (caller.accountId != null) draws.push(take(this.account, String(caller.accountId)));
    const waits = (await Promise.all(draws)).filter((w): w is number => w !== null);
    return waits.length ? Math.max(...waits) : null;
  }

  close(): void {
    this.redis?.disconnect();
  }
}

async function take(limiter: RateLimiterAbstract | null, key: string): Promise<number | null> {
  if (!limiter || !key) return null;
  try {
    await limiter.consume(key);
    return null;
  } catch (refusal) {
    // Anything but a refusal (a store failure the insurance could not absorb) lets the request through.
    if (!(refusal instanceof RateLimiterRes)) return null;
    return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
  }
}
