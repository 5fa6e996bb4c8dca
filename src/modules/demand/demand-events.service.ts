import { encodeCursor, decodeCursor } from '../../core/relay';
import { forbidden, unauthenticated } from '../../core/errors';
import type { Context, Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { createLoaders } from '../../server/loaders';
import { Role } from '../account/role';
import type { DemandEvent } from './demand-event.entity';
import type { Delivery, DemandFeed } from './demand-feed';

/** Roles whose consoles watch a jurisdiction's feed. */
const WATCHERS = new Set<Role>([Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.ANALYST, Role.GRID_WORKER]);
const MAX_TIMER_MS = 2_147_000_000;

/**
 * Subscriptions on the demand event log: the `demandEvents` console feed (by region) and the
 * personal feeds built on audience topics (offers, call-outs). Each checks at subscribe, re-checks
 * per event, and ends when the right to it ends.
 */
export class DemandEventsService {
  constructor(private readonly feed: DemandFeed) {}

  async subscribeRegion(ctx: Context, regionId: string, after: string | null): Promise<AsyncIterableIterator<Delivery>> {
    const viewer = this.requireViewer(ctx);
    if (!WATCHERS.has(viewer.account.role)) throw forbidden(`a ${viewer.account.role} account cannot watch the demand feed`);
    const region = await ctx.services.region.byArgument(ctx, regionId);
    assertCovers(viewer, region.path, 'the region');
    return this.open(ctx, viewer, region.path, after);
  }

  /** A topic's events (the caller has checked that the viewer may hear them). */
  subscribeTopic(ctx: Context, topic: string, after: string | null): AsyncIterableIterator<Delivery> {
    return this.open(ctx, this.requireViewer(ctx), topic, after);
  }

  requireViewer(ctx: Context): Viewer {
    if (!ctx.viewer) throw unauthenticated(ctx.authError ? `Authentication required: ${ctx.authError}` : undefined);
    return ctx.viewer;
  }

  private open(ctx: Context, viewer: Viewer, key: string, after: string | null): AsyncIterableIterator<Delivery> {
    const afterPosition = after === null ? this.feed.position : decodeCursor(after);
    let iterator: AsyncIterableIterator<Delivery> | null = null;
    const revoke = (reason: string) => {
      if (ctx.closeConnection) ctx.closeConnection(4403, `Forbidden: ${reason}`);
      else void iterator?.throw?.(forbidden(reason));
    };
    iterator = this.feed.subscribe(key, viewer.account.id, afterPosition, revoke);
    const expiresIn = ctx.tokenExpiresAt ? ctx.tokenExpiresAt.getTime() - Date.now() : null;
    const expiry = expiresIn !== null && expiresIn < MAX_TIMER_MS ? setTimeout(() => revoke('token expired'), Math.max(0, expiresIn)) : null;
    const inner = iterator;
    const wrapped: AsyncIterableIterator<Delivery> = {
      next: () => inner.next(),
      return: () => {
        if (expiry) clearTimeout(expiry);
        return inner.return!();
      },
      throw: (e: unknown) => inner.throw!(e),
      [Symbol.asyncIterator]: () => wrapped,
    };
    return wrapped;
  }

  /**
   * Before each event: the token must still be valid. Loaders are renewed so that `demand { status }`
   * shows the demand as it is now, not as the first event of the subscription cached it.
   */
  recheck(ctx: Context): void {
    if (ctx.tokenExpiresAt && ctx.tokenExpiresAt.getTime() <= Date.now()) {
      ctx.closeConnection?.(4403, 'Forbidden: token expired');
      throw unauthenticated('token expired');
    }
    ctx.loaders = createLoaders(ctx.db);
  }

  cursorOf(event: DemandEvent): string {
    return encodeCursor(event.id);
  }
}
