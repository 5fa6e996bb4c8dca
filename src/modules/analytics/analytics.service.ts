import type { Config } from '../../config';
import { namedQuery } from '../../core/sql';
import type { Context, Viewer } from '../../server/context';
import { assertCovers } from '../../server/jurisdiction';
import type { ServiceCategory } from '../category/category.entity';
import { OPEN_STATUSES } from '../demand/demand.state-machine';
import { Urgency } from '../demand/demand.enums';
import { Region } from '../region/region.entity';
import type { RegionService } from '../region/region.service';
import { METRIC_VALUE, rankBy } from './analytics.metrics';
import type { RegionPeriodArgs, RegionRankingArgs, RegionSeriesArgs } from './analytics.inputs';
import { WHOLE, collect } from './analytics.queries';
import { AGE_BANDS, addTo, emptyRaw, figuresOf, residentsOf, type RawFigures } from './analytics.rules';
import type { GridHeat, RegionRankingEntry, RegionStats, SeriesPoint } from './analytics.types';
import { bucketsOf, periodOf, type Period } from './period';

type RegionRow = Pick<Region, 'id' | 'parentId' | 'population' | 'path' | 'code'>;

/**
 * Figures over a region's subtree for analysts: stats, rankings of the child regions, time series
 * and the heat map of open demands. Aggregates only: no figure names or points to a person.
 * Jurisdiction is checked here, against the region asked for.
 */
export class AnalyticsService {
  constructor(
    private readonly config: Config,
    private readonly regions: RegionService,
  ) {}

  async stats(ctx: Context, viewer: Viewer, args: RegionPeriodArgs): Promise<RegionStats> {
    const { region, period } = await this.frame(ctx, viewer, args);
    const [groups, subtree] = await Promise.all([collect(ctx.db.manager, region.path, period, { kind: 'whole' }), this.subtree(ctx, region)]);
    return this.present(ctx, region, period, groups.get(WHOLE) ?? emptyRaw(), residentsOf(region.id, subtree));
  }

  /** The child regions ranked by one figure, each with all its figures. */
  async ranking(ctx: Context, viewer: Viewer, args: RegionRankingArgs): Promise<RegionRankingEntry[]> {
    const { region, period } = await this.frame(ctx, viewer, args);
    const subtree = await this.subtree(ctx, region);
    const children = subtree.filter((r) => r.parentId === region.id);
    if (!children.length) return [];
    const groups = await collect(ctx.db.manager, region.path, period, { kind: 'children', parentPath: region.path });
    const childRegions = (await ctx.loaders.region.byId.loadMany(children.map((c) => c.id))) as Region[];
    const stats = await Promise.all(childRegions.map((child) => this.present(ctx, child, period, groups.get(child.path) ?? emptyRaw(), residentsOf(child.id, subtree))));
    const value = METRIC_VALUE[args.metric];
    return rankBy(stats, (s) => value(s), (s) => s.region.code, args.order).map(({ item, value: v, rank }) => ({ rank, value: v, region: item.region, stats: item }));
  }

  /** One figure per day, week or month; stock figures (registered volunteers) as of each bucket's end. */
  async series(ctx: Context, viewer: Viewer, args: RegionSeriesArgs): Promise<SeriesPoint[]> {
    const { region, period } = await this.frame(ctx, viewer, args);
    const buckets = bucketsOf(period, args.bucket);
    const [groups, subtree] = await Promise.all([collect(ctx.db.manager, region.path, period, { kind: 'buckets', buckets }), this.subtree(ctx, region)]);
    const residents = residentsOf(region.id, subtree);
    const value = METRIC_VALUE[args.metric];
    const stock = emptyRaw();
    accumulateStock(stock, groups.get('-1'));
    return buckets.map((b) => {
      const raw = groups.get(String(b.key)) ?? emptyRaw();
      accumulateStock(stock, raw);
      const figures = figuresOf({ ...raw, ...stockOf(stock) }, residents);
      return { label: b.label, start: b.start, end: b.end, value: value(figures) };
    });
  }

  /** Open demands per grid of the subtree (grids without any are left out), busiest first. */
  async heatmap(ctx: Context, viewer: Viewer, regionId: string): Promise<GridHeat[]> {
    const region = await this.regions.byArgument(ctx, regionId);
    assertCovers(viewer, region.path, 'the region');
    const rows = await namedQuery<{ gridId: number; open: unknown; overdue: unknown; urgent: unknown }>(
      ctx.db.manager,
      `SELECT d.gridId AS gridId, COUNT(*) AS open,
          SUM(CASE WHEN d.overdueAt IS NOT NULL THEN 1 ELSE 0 END) AS overdue,
          SUM(CASE WHEN d.urgency IN (:...urgent) THEN 1 ELSE 0 END) AS urgent
       FROM demand d INNER JOIN region g ON g.id = d.gridId
       WHERE g.path LIKE :prefix AND d.status IN (:...open)
       GROUP BY d.gridId`,
      { prefix: `${region.path}%`, open: [...OPEN_STATUSES], urgent: [Urgency.URGENT, Urgency.EMERGENCY] },
    );
    const grids = (await ctx.loaders.region.byId.loadMany(rows.map((r) => Number(r.gridId)))) as Region[];
    return rows
      .map((r, i) => ({ grid: grids[i], open: Number(r.open), overdue: Number(r.overdue), urgent: Number(r.urgent) }))
      .sort((a, b) => b.open - a.open || b.overdue - a.overdue || (a.grid.code < b.grid.code ? -1 : 1));
  }

  private async frame(ctx: Context, viewer: Viewer, args: RegionPeriodArgs): Promise<{ region: Region; period: Period }> {
    const period = periodOf(args.from, args.to, args.timeZone ?? this.config.timeZone);
    const region = await this.regions.byArgument(ctx, args.regionId);
    assertCovers(viewer, region.path, 'the region');
    return { region, period };
  }

  private subtree(ctx: Context, region: Region): Promise<RegionRow[]> {
    return ctx.db
      .getRepository(Region)
      .createQueryBuilder('r')
      .select(['r.id', 'r.parentId', 'r.population', 'r.path', 'r.code'])
      .where('r.path LIKE :prefix', { prefix: `${region.path}%` })
      .getMany();
  }

  private async present(ctx: Context, region: Region, period: Period, raw: RawFigures, residents: number | null): Promise<RegionStats> {
    const f = figuresOf(raw, residents);
    const category = async (id: number) => (await ctx.loaders.category.byId.load(id)) as ServiceCategory;
    return {
      region,
      from: period.fromDate,
      to: period.toDate,
      timeZone: period.timeZone,
      residents: f.residents,
      volunteers: f.volunteers,
      hours: { ...f.hours, byCategory: await Promise.all(f.hours.byCategory.map(async (c) => ({ category: await category(c.categoryId), hours: c.hours }))) },
      demands: { ...f.demands, byCategory: await Promise.all(f.demands.byCategory.map(async (c) => ({ category: await category(c.categoryId), count: c.count }))) },
    };
  }
}

/** The stock part of the counts (registered volunteers and their make-up), summed over buckets. */
function accumulateStock(into: RawFigures, raw: RawFigures | undefined): void {
  if (!raw) return;
  into.registered += raw.registered;
  into.partyMembers += raw.partyMembers;
  for (const [gender, n] of raw.byGender) addTo(into.byGender, gender, n);
  for (const { band } of AGE_BANDS) addTo(into.byAgeBand, band, raw.byAgeBand.get(band) ?? 0);
}

function stockOf(stock: RawFigures): Pick<RawFigures, 'registered' | 'partyMembers' | 'byGender' | 'byAgeBand'> {
  return { registered: stock.registered, partyMembers: stock.partyMembers, byGender: new Map(stock.byGender), byAgeBand: new Map(stock.byAgeBand) };
}
