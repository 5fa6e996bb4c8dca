import { encodeCursor, decodeCursor, fromGlobalId } from '../../core/relay';
import { badInput, forbidden, unauthenticated } from '../../core/errors';
import type { Context } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { createLoaders } from '../../server/loaders';
import { Role } from '../account/role';
import { Region } from '../region/region.entity';
import { ALL_REGION_TYPES } from '../region/region.types';
import type { DemandEvent } from './demand-event.entity';
import type { DemandFeed } from './demand-feed';

/** Roles whose consoles watch a jurisdiction's feed. */
const WATCHERS = new Set<Role>([Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.ANALYST, Role.GRID_WORKER]);
const MAX_TIMER_MS = 2_147_000_000;

/** The `demandEvents` subscription: checks at subscribe, re-checks per event, ends when the right to it ends. */
export class DemandEventsService {
  constructor(private readonly feed: DemandFeed) {}

  async subscribe(ctx: Context, regionId: string, after: string | null): Promise<AsyncIterableIterator<DemandEvent>> {
    const viewer = ctx.viewer;
    if (!viewer) throw unauthenticated(ctx.authError ? `Authentication required: ${ctx.authError}` : undefined);
    if (!WATCHERS.has(viewer.account.role)) throw forbidden(`a ${viewer.account.role} account cannot watch the demand feed`);
    const decoded = fromGlobalId(regionId, ALL_REGION_TYPES);
    const region = decoded ? await ctx.db.getRepository(Region).findOneBy({ id: decoded.id }) : null;
    if (!region) throw badInput('regionId: no such region');
    assertCovers(viewer, region.path, 'the region');
    const afterPosition = after === null ? this.feed.position : decodeCursor(after);

    let iterator: AsyncIterableIterator<DemandEvent> | null = null;
    const revoke = (reason: string) => {
      if (ctx.closeConnection) ctx.closeConnection(4403, `Forbidden: ${reason}`);
      else void iterator?.throw?.(forbidden(reason));
    };
    iterator = this.feed.subscribe(region.path, viewer.account.id, afterPosition, revoke);
    const expiresIn = ctx.tokenExpiresAt ? ctx.tokenExpiresAt.getTime() - Date.now() : null;
    const expiry = expiresIn !== null && expiresIn < MAX_TIMER_MS ? setTimeout(() => revoke('token expired'), Math.max(0, expiresIn)) : null;
    const inner = iterator;
    const wrapped: AsyncIterableIterator<DemandEvent> = {
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
