import { In, type DataSource } from 'typeorm';
import { AsyncQueue } from '../../core/async-queue';
import type { EventBus } from '../../core/event-bus';
import { Region } from '../region/region.entity';
import { DemandEvent, DemandEventAudience } from './demand-event.entity';
import { DEMAND_EVENT_SEQUENCE } from './demand-event.log';
import { Demand } from './demand.entity';

const BATCH = 500;
export const EVENT_CHANNEL = 'demand-event';
export const ACCOUNT_DISABLED_CHANNEL = 'account-disabled';

/** One event as one subscriber receives it; `refId` is what the event concerns for its topic (an offer, a call-out). */
export interface Delivery {
  event: DemandEvent;
  refId: number | null;
}

interface Subscriber {
  /** A region's materialized path (`/1/7/`: its whole subtree) or an audience topic (`offer:12`). */
  key: string;
  accountId: number;
  /** Live events at or after this position go to the queue; earlier ones come from replay. */
  liveFrom: number;
  after: number;
  queue: AsyncQueue<Delivery>;
  /** Ends the subscription because the caller lost the right to it (token expired, account disabled). */
  revoke(reason: string): void;
}

const isPath = (key: string) => key.startsWith('/');

/**
 * Tails the demand event log in position order and routes each event to its subscribers: those
 * watching a region that is a prefix of the event's grid path, and those of each audience topic the
 * event names (an index lookup per key, not a filter over everyone). The bus only says "the log
 * grew"; the rows come from the database, in order, so a lost or reordered notification cannot lose
 * or reorder events, and a poll heals missed ones.
 */
export class DemandFeed {
  private next = 1;
  private target = 0;
  private pulling: Promise<void> | null = null;
  private readonly byKey = new Map<string, Set<Subscriber>>();
  private poller: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: DataSource,
    private readonly bus: EventBus,
    private readonly pollMs: number,
  ) {}

  async start(): Promise<void> {
    this.next = (await this.committedPosition()) + 1;
    this.target = this.next - 1;
    this.bus.subscribe(EVENT_CHANNEL, (message) => this.advanceTo(Number(message)));
    this.bus.subscribe(ACCOUNT_DISABLED_CHANNEL, (message) => this.revokeAccount(Number(message), 'account disabled'));
    this.poller = setInterval(() => void this.poll(), this.pollMs);
    this.poller.unref();
  }

  async stop(): Promise<void> {
    if (this.poller) clearInterval(this.poller);
    for (const set of this.byKey.values()) for (const s of set) s.queue.return();
    await this.pulling;
  }

  /** The last position routed to subscribers: "now" for a subscription without `after`. */
  get position(): number {
    return this.next - 1;
  }

  /** Called after a commit that appended event `position` (here or, through the bus, elsewhere). */
  notify(position: number): void {
    this.bus.publish(EVENT_CHANNEL, String(position));
  }

  accountDisabled(accountId: number): void {
    this.bus.publish(ACCOUNT_DISABLED_CHANNEL, String(accountId));
  }

  /**
   * Events for `key` (a region path or an audience topic) after position `after`: first replayed
   * from the log, then live. The switch is gapless and duplicate-free because registration and the
   * replay's upper bound are fixed in the same synchronous step.
   */
  subscribe(key: string, accountId: number, after: number, revoke: (reason: string) => void): AsyncIterableIterator<Delivery> {
    const queue = new AsyncQueue<Delivery>(() => this.remove(subscriber));
    const subscriber: Subscriber = { key, accountId, after, liveFrom: this.next, revoke, queue };
    this.add(subscriber);
    return this.withReplay(subscriber);
  }

  private withReplay(s: Subscriber): AsyncIterableIterator<Delivery> {
    let cursor = s.after;
    let replaying = s.after + 1 < s.liveFrom;
    let buffer: Delivery[] = [];
    const iterator: AsyncIterableIterator<Delivery> = {
      next: async () => {
        while (replaying && buffer.length === 0) {
          const rows = await this.load(cursor, s.liveFrom, s.key);
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
        const rows = await this.load(this.next - 1, this.target + 1, null);
        if (rows.length === 0) return; // not visible yet; the next notification or poll retries
        for (const event of rows) {
          if (event.id !== this.next) return; // positions are gapless: wait for the missing one
          this.route(event);
          this.next = event.id + 1;
        }
      }
    } catch (err) {
      console.error('demand feed:', (err as Error).message);
    }
  }

  private async poll(): Promise<void> {
    try {
      this.advanceTo(await this.committedPosition());
    } catch (err) {
      console.error('demand feed poll:', (err as Error).message);
    }
  }

  private route(event: DemandEvent): void {
    const deliver = (key: string, refId: number | null) => {
      for (const s of this.byKey.get(key) ?? []) {
        if (event.id >= s.liveFrom && event.id > s.after) s.queue.push({ event, refId });
      }
    };
    const path = event.regionPath ?? '';
    let end = path.indexOf('/', 1);
    while (end !== -1) {
      deliver(path.slice(0, end + 1), null);
      end = path.indexOf('/', end + 1);
    }
    for (const a of event.audience ?? []) deliver(a.topic, a.refId);
  }

  /**
   * Events after `after` and before `before`, with their grid's path and audience: all of them
   * (`key` null, the tail), a region's subtree, or one topic's.
   */
  private async load(after: number, before: number, key: string | null): Promise<DemandEvent[]> {
    const query = this.db
      .getRepository(DemandEvent)
      .createQueryBuilder('e')
      .innerJoin(Demand, 'd', 'd.id = e.demandId')
      .innerJoin(Region, 'g', 'g.id = d.gridId')
      .addSelect('g.path', 'regionPath')
      .where('e.id > :after AND e.id < :before', { after, before })
      .orderBy('e.id', 'ASC')
      .limit(BATCH);
    if (key && isPath(key)) query.andWhere('g.path LIKE :prefix', { prefix: `${key}%` });
    if (key && !isPath(key)) query.innerJoin(DemandEventAudience, 'a', 'a.eventId = e.id AND a.topic = :topic', { topic: key }).addSelect('a.refId', 'refId');
    const { entities, raw } = await query.getRawAndEntities<{ regionPath: string; refId?: number | null }>();
    const events = entities.map((e, i) => Object.assign(e, { regionPath: raw[i].regionPath }));
    if (key && !isPath(key)) events.forEach((e, i) => (e.audience = [{ topic: key, refId: raw[i].refId == null ? null : Number(raw[i].refId) }]));
    if (key === null && events.length) await this.attachAudience(events);
    return events;
  }

  private async attachAudience(events: DemandEvent[]): Promise<void> {
    const rows = await this.db.getRepository(DemandEventAudience).findBy({ eventId: In(events.map((e) => e.id)) });
    const byEvent = new Map<number, DemandEventAudience[]>();
    for (const row of rows) byEvent.set(row.eventId, [...(byEvent.get(row.eventId) ?? []), row]);
    for (const e of events) e.audience = (byEvent.get(e.id) ?? []).map((a) => ({ topic: a.topic, refId: a.refId }));
  }

  private async committedPosition(): Promise<number> {
    const [row] = await this.db.query('SELECT value FROM event_sequence WHERE name = ?', [DEMAND_EVENT_SEQUENCE]);
    return Number(row?.value ?? 0);
  }

  private revokeAccount(accountId: number, reason: string): void {
    for (const set of this.byKey.values()) for (const s of [...set]) if (s.accountId === accountId) s.revoke(reason);
  }

  private add(s: Subscriber): void {
    const set = this.byKey.get(s.key) ?? new Set();
    set.add(s);
    this.byKey.set(s.key, set);
  }

  private remove(s: Subscriber): void {
    const set = this.byKey.get(s.key);
    set?.delete(s);
    if (set?.size === 0) this.byKey.delete(s.key);
  }

  get subscriberCount(): number {
    let n = 0;
    for (const set of this.byKey.values()) n += set.size;
    return n;
  }
}
