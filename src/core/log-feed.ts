import type { DataSource } from 'typeorm';
import { AsyncQueue } from './async-queue';
import type { EventBus } from './event-bus';
import { logger } from './logger';

const BATCH = 500;

/** Who besides the entry's natural subscribers hears of it, and what it concerns for them. */
export interface Audience {
  topic: string;
  refId: number | null;
}

/** An entry of a gapless log: its position, and the topics it is routed to. */
export interface LogEntry {
  id: number;
  audience?: Audience[];
}

/** One entry as one subscriber receives it; `refId` is what the entry concerns for its topic. */
export interface Delivery<E> {
  event: E;
  refId: number | null;
}

/** What the engine needs to know of one log. */
export interface LogSource<E extends LogEntry> {
  /** Its row in event_sequence. */
  sequence: string;
  /** The bus channel that says "the log grew to N". */
  channel: string;
  /**
   * Entries after `after` and before `before`, in position order, at most `limit`: all of them with
   * their audience (`key` null: the tail), or those routed to `key` (a replay).
   */
  load(db: DataSource, after: number, before: number, key: string | null, limit: number): Promise<E[]>;
  /** Routing keys an entry has besides its audience topics (e.g. every prefix of a region path). */
  keysOf?(entry: E): Iterable<string>;
}

interface Subscriber<E> {
  key: string;
  /** Live entries at or after this position go to the queue; earlier ones come from replay. */
  liveFrom: number;
  after: number;
  queue: AsyncQueue<Delivery<E>>;
}

/**
 * Tails a gapless log (positions from event_sequence, committed in order) and routes each entry to
 * the subscribers of its keys, an index lookup per key rather than a filter over everyone. The bus
 * only says "the log grew"; the rows come from the database, in order, so a lost or reordered
 * notification cannot lose or reorder entries, and a poll heals missed ones.
 */
export class LogFeed<E extends LogEntry> {
  private next = 1;
  private target = 0;
  private pulling: Promise<void> | null = null;
  private readonly byKey = new Map<string, Set<Subscriber<E>>>();
  private readonly listeners = new Set<(entry: E, keys: readonly string[]) => void>();
  private poller: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  /** Entries this process appended and announced, and entries it routed (read by /metrics). */
  published = 0;
  routed = 0;

  constructor(
    private readonly db: DataSource,
    private readonly bus: EventBus,
    private readonly pollMs: number,
    private readonly source: LogSource<E>,
  ) {}

  async start(): Promise<void> {
    this.next = (await this.committedPosition()) + 1;
    this.target = this.next - 1;
    this.bus.subscribe(this.source.channel, (message) => this.advanceTo(Number(message)));
    // Notifications sent while Redis was away are lost: read the log's head as soon as it is back.
    this.bus.onReconnect(() => void this.poll());
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    for (const set of this.byKey.values()) for (const s of set) s.queue.return();
    await this.pulling;
  }

  /** Names the log in metrics and log lines: its bus channel. */
  get name(): string {
    return this.source.channel;
  }

  /** The last position routed to subscribers: "now" for a subscription without `after`. */
  get position(): number {
    return this.next - 1;
  }

  /** Called after a commit that appended entry `position` (here or, through the bus, elsewhere). */
  notify(position: number): void {
    this.published += 1;
    this.bus.publish(this.source.channel, String(position));
  }

  /**
   * Entries for `key` after position `after` (null: from now): first replayed from the log, then
   * live. The switch is gapless and duplicate-free because registration and the replay's upper bound
   * are fixed in the same synchronous step.
   */
  subscribe(key: string, after: number | null): AsyncIterableIterator<Delivery<E>> {
    const queue = new AsyncQueue<Delivery<E>>(() => this.remove(subscriber));
    const subscriber: Subscriber<E> = { key, after: after ?? this.position, liveFrom: this.next, queue };
    this.add(subscriber);
    // A console resuming from a cursor must not wait for the next notification to get what it missed:
    // this process may not have heard of the latest entries yet (a lost message, Redis away).
    if (after !== null) void this.poll();
    return this.withReplay(subscriber);
  }

  /**
   * Hears every live entry with its routing keys, in order (for in-process aggregates such as the
   * command-center wall); returns the function that stops it.
   */
  listen(listener: (entry: E, keys: readonly string[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }

  private withReplay(s: Subscriber<E>): AsyncIterableIterator<Delivery<E>> {
    let cursor = s.after;
    let replaying = s.after + 1 < s.liveFrom;
    let buffer: Delivery<E>[] = [];
    const iterator: AsyncIterableIterator<Delivery<E>> = {
      next: async () => {
        while (replaying && buffer.length === 0) {
          const rows = await this.source.load(this.db, cursor, s.liveFrom, s.key, BATCH);
          if (rows.length === 0) replaying = false;
          else cursor = rows[rows.length - 1].id;
          buffer = rows.map((event) => ({ event, refId: event.audience?.find((a) => a.topic === s.key)?.refId ?? null }));
        }
        if (buffer.length) return { value: buffer.shift()!, done: false };
        return s.queue.next();
      },
      return: () => {
        replaying = false;
        buffer = [];
        return s.queue.return();
      },
      throw: (e: unknown) => s.queue.throw(e),
      [Symbol.asyncIterator]() {
        return iterator;
      },
    };
    return iterator;
  }

  private advanceTo(position: number): void {
    if (Number.isSafeInteger(position) && position > this.target) this.target = position;
    this.kick();
  }

  private kick(): void {
    if (this.pulling || this.next > this.target) return;
    const before = this.next;
    this.pulling = this.pull().finally(() => {
      this.pulling = null;
      if (this.next > before) this.kick(); // more may have arrived while pulling
    });
  }

  private async pull(): Promise<void> {
    try {
      while (this.next <= this.target) {
        const rows = await this.source.load(this.db, this.next - 1, this.target + 1, null, BATCH);
        if (rows.length === 0) return; // not visible yet; the next notification or poll retries
        for (const entry of rows) {
          if (entry.id !== this.next) return; // positions are gapless: wait for the missing one
          this.route(entry);
          this.next = entry.id + 1;
        }
      }
    } catch (err) {
      logger.error({ component: 'feed', feed: this.source.channel, err }, 'feed could not read the log');
    }
  }

  /** Reads the log's committed head; calls while one read is on its way share it (a burst of subscribes costs one). */
  private poll(): Promise<void> {
    this.polling ??= this.committedPosition()
      .then((position) => this.advanceTo(position))
      .catch((err: unknown) => logger.error({ component: 'feed', feed: this.source.channel, err }, 'feed poll failed'))
      .finally(() => (this.polling = null));
    return this.polling;
  }

  private route(entry: E): void {
    this.routed += 1;
    const deliver = (key: string, refId: number | null) => {
      for (const s of this.byKey.get(key) ?? []) {
        if (entry.id >= s.liveFrom && entry.id > s.after) s.queue.push({ event: entry, refId });
      }
    };
    const keys = [...(this.source.keysOf?.(entry) ?? [])];
    for (const key of keys) deliver(key, null);
    for (const a of entry.audience ?? []) deliver(a.topic, a.refId);
    for (const listener of this.listeners) listener(entry, keys);
  }

  private async committedPosition(): Promise<number> {
    const [row] = await this.db.query('SELECT value FROM event_sequence WHERE name = ?', [this.source.sequence]);
    return Number(row?.value ?? 0);
  }

  private add(s: Subscriber<E>): void {
    const set = this.byKey.get(s.key) ?? new Set();
    set.add(s);
    this.byKey.set(s.key, set);
  }

  private remove(s: Subscriber<E>): void {
    const set = this.byKey.get(s.key);
    set?.delete(s);
    if (set?.size === 0) this.byKey.delete(s.key);
  }
}
