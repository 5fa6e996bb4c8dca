import type { DemandRow, FeedEvent } from '../api/types';
import { isInRegion } from '../demand/status';

/** How many event cursors to remember for de-duplication; a replay never reaches further back than this. */
const REMEMBERED_CURSORS = 20_000;

/**
 * The demands a console knows, merged from list snapshots and the live feed. A demand is kept
 * once, by id, in its most recent state (by `updatedAt`), so a snapshot read before an event that
 * arrives after it cannot take a demand back in time. Events are taken once, by cursor.
 */
export class FeedStore {
  /** The last event taken from the feed: where to resume after a reconnect. */
  lastCursor: string | null = null;
  private readonly demands = new Map<string, DemandRow>();
  private readonly seen = new Set<string>();
  /** Demands first met on the live feed rather than in a list: the page highlights them as they arrive. */
  private readonly arrivedLive = new Set<string>();

  /** Merges a list read from the API; returns whether anything changed. */
  mergeSnapshot(rows: readonly DemandRow[]): boolean {
    let changed = false;
    for (const row of rows) changed = this.upsert(row) || changed;
    return changed;
  }

  /** Takes one feed event; false when it was taken before (a replay overlapping what was seen). */
  applyEvent(event: FeedEvent): boolean {
    if (this.seen.has(event.cursor)) return false;
    this.remember(event.cursor);
    this.lastCursor = event.cursor;
    if (!this.demands.has(event.demand.id)) this.arrivedLive.add(event.demand.id);
    this.upsert(event.demand);
    return true;
  }

  /** Marks a cursor as a resume point without an event: the first event of a demand already read. */
  startAfter(cursor: string): void {
    this.remember(cursor);
    this.lastCursor = cursor;
  }

  /** Keeps the more recent of the known and the given state of a demand. */
  upsert(row: DemandRow): boolean {
    const known = this.demands.get(row.id);
    if (known && Date.parse(known.updatedAt) > Date.parse(row.updatedAt)) return false;
    if (known && known.updatedAt === row.updatedAt && sameRow(known, row)) return false;
    this.demands.set(row.id, row);
    return true;
  }

  get(id: string): DemandRow | undefined {
    return this.demands.get(id);
  }

  isLiveArrival(id: string): boolean {
    return this.arrivedLive.has(id);
  }

  /** The demands in a region's subtree, newest first. */
  rows(regionId: string | null): DemandRow[] {
    const all = [...this.demands.values()].filter((d) => regionId === null || isInRegion(d, regionId));
    return all.sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.number.localeCompare(a.number));
  }

  get size(): number {
    return this.demands.size;
  }

  private remember(cursor: string): void {
    this.seen.add(cursor);
    if (this.seen.size > REMEMBERED_CURSORS) this.seen.delete(this.seen.values().next().value as string);
  }
}

function sameRow(a: DemandRow, b: DemandRow): boolean {
  return a.status === b.status && a.overdue === b.overdue && a.handlingLevel === b.handlingLevel && a.title === b.title;
}
