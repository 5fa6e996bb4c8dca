import { ApiError, request } from '../api/graphql';
import type { LiveLink } from '../api/live';
import { DEMAND_EVENTS, DEMANDS } from '../api/operations';
import type { DemandRow, FeedEvent } from '../api/types';
import { FeedStore } from './feed-store';

/** How many of the newest demands a list read brings. */
const LIST_SIZE = 50;
/** With nothing to resume from (a region without demands), the list is read once more after subscribing. */
const RECONCILE_AFTER_MS = 2_000;
const RETRY_LIST_AFTER_MS = 3_000;

type ListItem = DemandRow & { events: { edges: { node: { cursor: string } }[] } };

/**
 * The live feed of one jurisdiction (the console's tree root): the newest demands, then every event
 * of `demandEvents` merged in.
 *
 * Where to start: the list is read first, and the feed subscribed after the first event (CREATED)
 * of the newest demand in it. Every event up to that one had been written when the list was read,
 * so the list shows its effect; every later one is replayed. No gap, and the overlap is removed by
 * cursor. After a drop, each new connection subscribes again after the last event taken.
 */
export class FeedController {
  readonly store = new FeedStore();
  ready = false;
  error: string | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly stops: (() => void)[] = [];
  /** Bumped on every connection change, so work begun for an old connection stops. */
  private connection = 0;
  private readonly loadedRegions = new Set<string>();
  private timers: ReturnType<typeof setTimeout>[] = [];

  constructor(
    private readonly link: LiveLink,
    private readonly token: string,
    readonly rootId: string,
    private readonly onChange: () => void,
    private readonly onEvent: (event: FeedEvent) => void,
  ) {}

  start(): void {
    this.stops.push(
      this.link.onConnected(() => void this.resume()),
      this.link.onClosed(() => this.drop()),
    );
  }

  stop(): void {
    this.drop();
    for (const stop of this.stops.splice(0)) stop();
  }

  /**
   * A region inside the root was picked: its own newest demands join those known (the feed already
   * covers it, so nothing it shows can go stale). The root's list is the feed's own business.
   */
  async showRegion(regionId: string): Promise<void> {
    if (regionId === this.rootId || this.loadedRegions.has(regionId)) return;
    this.loadedRegions.add(regionId);
    try {
      await this.readList(regionId);
    } catch (err) {
      this.loadedRegions.delete(regionId); // read again when it is picked next, or the link is back
      this.fail(err);
    }
  }

  /** A demand read elsewhere (the detail panel, a mutation's answer) in a state possibly newer than the feed's. */
  offer(row: DemandRow): void {
    if (this.store.upsert(row)) this.onChange();
  }

  private async resume(): Promise<void> {
    const connection = ++this.connection;
    if (this.store.lastCursor === null) {
      try {
        const anchor = await this.readList(this.rootId);
        if (anchor && this.store.lastCursor === null) this.store.startAfter(anchor);
      } catch (err) {
        this.fail(err);
        this.later(() => connection === this.connection && void this.resume(), RETRY_LIST_AFTER_MS);
        return;
      }
      if (connection !== this.connection) return;
    }
    this.subscribe();
    if (this.store.lastCursor === null) {
      // Subscribed from "now" with no cursor: a demand placed between the read and the subscription
      // taking effect would be missed; a second read, once the subscription surely stands, catches it.
      this.later(() => connection === this.connection && void this.readList(this.rootId).catch((err) => this.fail(err)), RECONCILE_AFTER_MS);
    }
  }

  private subscribe(): void {
    this.unsubscribe?.();
    this.unsubscribe = this.link.subscribe<{ demandEvents: FeedEvent }>(
      DEMAND_EVENTS,
      { regionId: this.rootId, after: this.store.lastCursor },
      ({ demandEvents }) => {
        if (!this.store.applyEvent(demandEvents)) return;
        this.error = null; // an event came through: whatever failed before is over
        this.onEvent(demandEvents);
        this.onChange();
      },
      (message, code) => {
        this.error = code ? `${code}: ${message}` : message;
        this.onChange();
      },
    );
    this.ready = true;
    this.error = null;
    this.onChange();
  }

  /** The connection is gone: end the subscription so that the next connection resumes from the last cursor. */
  private drop(): void {
    this.connection += 1;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of this.timers.splice(0)) clearTimeout(timer);
    if (this.ready) {
      this.ready = false;
      this.onChange();
    }
  }

  /** Reads a region's newest demands into the store; returns the cursor of the newest one's first event. */
  private async readList(regionId: string): Promise<string | null> {
    const data = await request<{ demands: { edges: { node: ListItem }[] } }>(DEMANDS, { regionId, first: LIST_SIZE }, this.token);
    const rows = data.demands.edges.map(({ node: { events: _events, ...row } }) => row);
    if (this.store.mergeSnapshot(rows)) this.onChange();
    if (this.error) {
      this.error = null;
      this.onChange();
    }
    return data.demands.edges[0]?.node.events.edges[0]?.node.cursor ?? null;
  }

  private fail(err: unknown): void {
    this.error = err instanceof ApiError ? `${err.code}: ${err.message}` : String(err);
    this.onChange();
  }

  private later(work: () => void, ms: number): void {
    this.timers.push(setTimeout(work, ms));
  }
}
