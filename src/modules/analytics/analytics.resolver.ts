import { Arg, Args, Authorized, Ctx, ID, Query, Resolver, Root, Subscription } from 'type-graphql';
import { forbidden } from '../../core/errors';
import { viewerOf } from '../../server/auth';
import type { Context } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import { liveViewer, recheckLive } from '../../server/live';
import { Role } from '../account/role';
import { RegionPeriodArgs, RegionRankingArgs, RegionSeriesArgs } from './analytics.inputs';
import { CommandCenterStats, GridHeat, RegionRankingEntry, RegionStats, SeriesPoint } from './analytics.types';

/** Who reads the figures: aggregates of their jurisdiction. */
const ANALYSTS = [Role.PLATFORM_ADMIN, Role.DISPATCHER, Role.ANALYST];
/** Who watches the wall and the heat map: the analysts and the grid workers on the ground. */
const WATCHERS = [...ANALYSTS, Role.GRID_WORKER];

@Resolver()
export class AnalyticsResolver {
  @Authorized(...ANALYSTS)
  @Query(() => RegionStats, { description: 'The figures of a region\'s subtree for a period (inside your scope): volunteers, hours, demands and response times.' })
  regionStats(@Args() args: RegionPeriodArgs, @Ctx() ctx: Context) {
    return ctx.services.analytics.stats(ctx, viewerOf(ctx), args);
  }

  @Authorized(...ANALYSTS)
  @Query(() => [RegionRankingEntry], { description: 'The region\'s child regions (streets of a district, communities of a street ...) ranked by one figure over the period.' })
  regionRanking(@Args() args: RegionRankingArgs, @Ctx() ctx: Context) {
    return ctx.services.analytics.ranking(ctx, viewerOf(ctx), args);
  }

  @Authorized(...ANALYSTS)
  @Query(() => [SeriesPoint], { description: 'One figure of a region over time, by day, ISO week or month in the time zone asked for (at most 400 points).' })
  regionSeries(@Args() args: RegionSeriesArgs, @Ctx() ctx: Context) {
    return ctx.services.analytics.series(ctx, viewerOf(ctx), args);
  }

  @Authorized(...WATCHERS)
  @Query(() => [GridHeat], { description: 'Open and overdue demands per grid of the region, for the heat map; grids without open demands are left out.' })
  regionHeatmap(@Arg('regionId', () => ID, { description: 'The region; inside your scope.' }) regionId: string, @Ctx() ctx: Context) {
    return ctx.services.analytics.heatmap(ctx, viewerOf(ctx), regionId);
  }

  @Subscription(() => CommandCenterStats, {
    description: 'The command-center wall for a region inside your scope: the counters now, then again whenever one changes, at most once a second (consoles watching the same region share each push).',
    subscribe: async ({ args, context }) => {
      const ctx = context as Context;
      const viewer = liveViewer(ctx);
      if (!WATCHERS.includes(viewer.account.role)) throw forbidden(`a ${viewer.account.role} account cannot watch the wall`);
      const region = await ctx.services.region.byArgument(ctx, args.regionId);
      assertCovers(viewer, region.path, 'the region');
      return ctx.services.wall.subscribe(region);
    },
  })
  commandCenterStats(
    @Root() stats: CommandCenterStats,
    @Arg('regionId', () => ID, { description: 'The region to watch.' }) _regionId: string,
    @Ctx() ctx: Context,
  ): CommandCenterStats {
    recheckLive(ctx);
    return stats;
  }
}
