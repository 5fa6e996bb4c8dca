import { forbidden } from '../../core/errors';
import type { Context, Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { cursorOf, liveViewer, openLive, recheckLive } from '../../server/live';
import { Role } from '../account/role';
import type { DemandEvent } from './demand-event.entity';
import type { Delivery, DemandFeed } from './demand-feed';

/** Roles whose consoles watch a jurisdiction's feed (analysts watch the wall: counters, not demands). */
const WATCHERS = new Set<Role>([Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.GRID_WORKER]);

/**
 * Subscriptions on the demand event log: the `demandEvents` console feed (by region) and the
 * personal feeds built on audience topics (offers, call-outs).
 */
export class DemandEventsService {
  constructor(private readonly feed: DemandFeed) {}

  async subscribeRegion(ctx: Context, regionId: string, after: string | null): Promise<AsyncIterableIterator<Delivery>> {
    const viewer = liveViewer(ctx);
    if (!WATCHERS.has(viewer.account.role)) throw forbidden(`a ${viewer.account.role} account cannot watch the demand feed`);
    const region = await ctx.services.region.byArgument(ctx, regionId);
    assertCovers(viewer, region.path, 'the region');
    return openLive(ctx, this.feed, region.path, after);
  }

  /** A topic's events (the caller has checked that the viewer may hear them). */
  subscribeTopic(ctx: Context, topic: string, after: string | null): AsyncIterableIterator<Delivery> {
    return openLive(ctx, this.feed, topic, after);
  }

  requireViewer(ctx: Context): Viewer {
    return liveViewer(ctx);
  }

  recheck(ctx: Context): void {
    recheckLive(ctx);
  }

  cursorOf(event: DemandEvent): string {
    return cursorOf(event);
  }
}
