import { AsyncResource } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import Redis from 'ioredis';
import { logger } from './logger';

/**
 * Carries small notifications between API processes: "the event log grew to N", "account N was
 * disabled". They are hints, never the data: subscribers read the log from the database, so a
 * lost notification delays delivery (until the next poll) but never loses an event.
 */
export interface EventBus {
  /** Resolves once the bus can carry messages; rejects with a clear reason otherwise. */
  ready(): Promise<void>;
  publish(channel: string, message: string): void;
  subscribe(channel: string, handler: (message: string) => void): void;
  close(): Promise<void>;
  /** For /readyz: whether messages can cross processes right now (`local`: there is no Redis). */
  health(): 'up' | 'down' | 'local';
  /** Runs `handler` whenever the bus is back after an outage: messages sent meanwhile may be lost. */
  onReconnect(handler: () => void): void;
}

export class LocalEventBus implements EventBus {
  private readonly emitter = new EventEmitter().setMaxListeners(0);
  // Handlers run in the bus's own async context, not the publishing request's, as they would
  // through Redis: what they start (a feed pulling rows) is not that request's work or statements.
  private readonly scope = new AsyncResource('local-event-bus');

  async ready(): Promise<void> {}

  publish(channel: string, message: string): void {
    this.scope.runInAsyncScope(() => this.emitter.emit(channel, message));
  }

  subscribe(channel: string, handler: (message: string) => void): void {
    this.emitter.on(channel, handler);
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners();
  }

  onReconnect(): void {} // a local bus is never away

  health(): 'local' {
    return 'local';
  }
}

const PREFIX = 'volunteer-grid:';

/** Redis pub/sub across processes; a process also hears its own messages through Redis. */
export class RedisEventBus implements EventBus {
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private readonly handlers = new Map<string, ((message: string) => void)[]>();
  private isReady = false;
  private readonly reconnectHandlers: (() => void)[] = [];
  private subscriberWasReady = false;

  constructor(private readonly url: string) {
    const options = { lazyConnect: false, maxRetriesPerRequest: 2, enableOfflineQueue: true, connectTimeout: 5000 };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, options);
    // Before ready() the caller reports the failure in one line; afterwards outages are logged.
    for (const client of [this.publisher, this.subscriber]) client.on('error', (err) => this.isReady && logger.error({ component: 'redis', err }, 'redis connection error'));
    // ioredis says 'ready' on every (re)connection, after it has resubscribed our channels.
    this.subscriber.on('ready', () => {
      if (this.subscriberWasReady) for (const handler of this.reconnectHandlers) handler();
      this.subscriberWasReady = true;
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      for (const handler of this.handlers.get(channel.slice(PREFIX.length)) ?? []) handler(message);
    });
  }

  async ready(): Promise<void> {
    const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no answer within 5 s')), 5000).unref());
    try {
      await Promise.race([Promise.all([this.publisher.ping(), this.subscriber.ping()]), timeout]);
      this.isReady = true;
    } catch (err) {
      await this.close();
      const safe = new URL(this.url);
      if (safe.password) safe.password = '***';
      throw new Error(`cannot reach Redis at ${safe.toString()}: ${(err as Error).message}`);
    }
  }

  publish(channel: string, message: string): void {
    this.publisher.publish(PREFIX + channel, message).catch((err: Error) => logger.error({ component: 'redis', err }, 'redis publish failed'));
  }

  subscribe(channel: string, handler: (message: string) => void): void {
    const list = this.handlers.get(channel) ?? [];
    if (list.length === 0) void this.subscriber.subscribe(PREFIX + channel).catch((err: Error) => logger.error({ component: 'redis', err }, 'redis subscribe failed'));
    this.handlers.set(channel, [...list, handler]);
  }

  onReconnect(handler: () => void): void {
    this.reconnectHandlers.push(handler);
  }

  health(): 'up' | 'down' {
    return this.publisher.status === 'ready' && this.subscriber.status === 'ready' ? 'up' : 'down';
  }

  async close(): Promise<void> {
    this.handlers.clear();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}

export function createEventBus(redisUrl: string | null): EventBus {
  return redisUrl ? new RedisEventBus(redisUrl) : new LocalEventBus();
}
