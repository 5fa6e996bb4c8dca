import type { DataSource } from 'typeorm';
import { AsyncQueue } from '../../core/async-queue';
import type { EventBus } from '../../core/event-bus';
import { logger } from '../../core/logger';
import { namedQuery } from '../../core/sql';
import { Urgency } from '../demand/demand.enums';
import type { DemandFeed } from '../demand/demand-feed';
import { OPEN_STATUSES } from '../demand/demand.state-machine';
import { OfferStatus } from '../offer/offer.enums';
import type { Region } from '../region/region.entity';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import type { CommandCenterStats } from './analytics.types';

export const WALL_CHANNEL = 'wall';

interface Member {
  queue: AsyncQueue<CommandCenterStats>;
}

/** All consoles watching one region: one computation and one push for all of them. */
interface Group {
  region: Region;
  members: Set<Member>;
  last: CommandCenterStats | null;
  lastComputedAt: number;
  dirty: boolean;
  computing: boolean;
  timer: NodeJS.Timeout | null;
}

export interface WallOptions {
  /** At most one computation (and so one push) per group in this many ms. */
  intervalMs: number;
  /** Recount every group this often even without a hint (duty switches by time, missed hints). */
  refreshMs: number;
}

/**
 * The live command-center wall. Consoles watching the same region form a group; the demand feed
 * (every event under the region's path) and volunteer hints on the bus mark a group dirty, and a
 * dirty group is recounted at most once per `intervalMs` and pushed to every member only when a
 * counter changed. The counters are read from the database, so several processes agree.
 */
export class CommandCenterWall {
  private readonly groups = new Map<string, Group>();
  private stopListening: (() => void) | null = null;
  private refresher: NodeJS.Timeout | null = null;
  /** Recounts so far (tests read it to see that a group shares one). */
  computations = 0;

  constructor(
    private readonly db: DataSource,
    private readonly feed: DemandFeed,
    private readonly bus: EventBus,
    private readonly options: WallOptions,
  ) {}

  start(): void {
    this.stopListening = this.feed.listen((_event, keys) => keys.forEach((path) => this.touch(path)));
    this.bus.subscribe(WALL_CHANNEL, (path) => this.touchSubtreeAbove(path));
    this.refresher = setInterval(() => this.groups.forEach((g) => this.markDirty(g)), this.options.refreshMs);
    this.refresher.unref();
  }

  async stop(): Promise<void> {
    this.stopListening?.();
    if (this.refresher) clearInterval(this.refresher);
    for (const group of this.groups.values()) {
      if (group.timer) clearTimeout(group.timer);
      for (const m of [...group.members]) m.queue.return();
    }
  }

  /** Something about volunteers living under `path` changed (duty, status, a move), here or elsewhere. */
  volunteersChanged(path: string): void {
    this.bus.publish(WALL_CHANNEL, path);
  }

  get memberCount(): number {
    let n = 0;
    for (const g of this.groups.values()) n += g.members.size;
    return n;
  }

  /**
   * The caller has checked the viewer may watch the region; the current counters come first. The
   * connection ends the subscription when the viewer's right to it ends (server/fanout/live-members).
   */
  subscribe(region: Region): AsyncIterableIterator<CommandCenterStats> {
    let group = this.groups.get(region.path);
    if (!group) {
      group = { region, members: new Set(), last: null, lastComputedAt: 0, dirty: false, computing: false, timer: null };
      this.groups.set(region.path, group);
    }
    const g = group;
    const member: Member = { queue: new AsyncQueue<CommandCenterStats>(() => this.leave(g, member)) };
    g.members.add(member);
    if (g.last) member.queue.push(g.last);
    else this.markDirty(g);
    return member.queue;
  }

  private leave(group: Group, member: Member): void {
    group.members.delete(member);
    if (group.members.size === 0 && this.groups.get(group.region.path) === group) {
      if (group.timer) clearTimeout(group.timer);
      this.groups.delete(group.region.path);
    }
  }

  private touch(path: string): void {
    const group = this.groups.get(path);
    if (group) this.markDirty(group);
  }

  /** A change at `path` concerns the groups of `path` and of every region above it. */
  private touchSubtreeAbove(path: string): void {
    for (let end = path.indexOf('/', 1); end !== -1; end = path.indexOf('/', end + 1)) this.touch(path.slice(0, end + 1));
  }

  private markDirty(group: Group): void {
    group.dirty = true;
    this.schedule(group);
  }

  private schedule(group: Group): void {
    if (group.timer || group.computing || !this.groups.has(group.region.path)) return;
    const wait = Math.max(0, group.lastComputedAt + this.options.intervalMs - Date.now());
    group.timer = setTimeout(() => void this.flush(group), wait);
  }

  private async flush(group: Group): Promise<void> {
    group.timer = null;
    if (!group.dirty) return;
    // Timers may fire a millisecond before Date.now() reaches their due time: never compute early.
    if (Date.now() < group.lastComputedAt + this.options.intervalMs) return this.schedule(group);
    group.dirty = false;
    group.computing = true;
    group.lastComputedAt = Date.now();
    try {
      const counters = await this.count(group.region, new Date(group.lastComputedAt));
      this.computations += 1;
      if (!group.last || changed(group.last, counters)) {
        group.last = counters;
        for (const m of group.members) m.queue.push(counters);
      }
    } catch (err) {
      logger.error({ component: 'wall', err }, 'command-center wall could not count');
      group.dirty = true; // try again at the next slot
    } finally {
      group.computing = false;
    }
    if (group.dirty) this.schedule(group);
  }

  /** `at`: when the computation started, so pushes are stamped at least one interval apart. */
  private async count(region: Region, at: Date): Promise<CommandCenterStats> {
    const prefix = `${region.path}%`;
    const m = this.db.manager;
    const [demandRows, [duty], [offers]] = await Promise.all([
      namedQuery<{ status: string; n: unknown; overdue: unknown; urgent: unknown }>(
        m,
        `SELECT d.status AS status, COUNT(*) AS n,
            SUM(CASE WHEN d.overdueAt IS NOT NULL THEN 1 ELSE 0 END) AS overdue,
            SUM(CASE WHEN d.urgency IN (:...urgent) THEN 1 ELSE 0 END) AS urgent
         FROM demand d INNER JOIN region g ON g.id = d.gridId
         WHERE g.path LIKE :prefix AND d.status IN (:...open) GROUP BY d.status`,
        { prefix, open: [...OPEN_STATUSES], urgent: [Urgency.URGENT, Urgency.EMERGENCY] },
      ),
      namedQuery<{ n: unknown }>(
        m,
        `SELECT COUNT(*) AS n FROM volunteer v INNER JOIN region c ON c.id = v.communityId
         WHERE c.path LIKE :prefix AND v.status = :active AND v.onDuty = :on`,
        { prefix, active: VolunteerStatus.ACTIVE, on: true },
      ),
      namedQuery<{ n: unknown }>(
        m,
        `SELECT COUNT(*) AS n FROM demand_offer o INNER JOIN demand d ON d.id = o.demandId INNER JOIN region g ON g.id = d.gridId
         WHERE g.path LIKE :prefix AND o.status = :pending AND o.expiresAt > :at`,
        { prefix, pending: OfferStatus.PENDING, at },
      ),
    ]);
    const byStatus = new Map(demandRows.map((r) => [r.status, r]));
    const sum = (field: 'n' | 'overdue' | 'urgent') => demandRows.reduce((n, r) => n + Number(r[field] ?? 0), 0);
    return {
      region,
      at,
      open: sum('n'),
      openByStatus: OPEN_STATUSES.map((status) => ({ status, count: Number(byStatus.get(status)?.n ?? 0) })),
      overdue: sum('overdue'),
      urgent: sum('urgent'),
      volunteersOnDuty: Number(duty?.n ?? 0),
      offersWaiting: Number(offers?.n ?? 0),
    };
  }

}

function changed(a: CommandCenterStats, b: CommandCenterStats): boolean {
  const counters = (s: CommandCenterStats) => JSON.stringify([s.open, s.overdue, s.urgent, s.volunteersOnDuty, s.offersWaiting, s.openByStatus.map((x) => x.count)]);
  return counters(a) !== counters(b);
}
