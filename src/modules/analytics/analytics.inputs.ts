import { ArgsType, Field, ID } from 'type-graphql';
import { RegionMetric, SortOrder } from './analytics.metrics';
import { TimeBucket } from './period';

@ArgsType()
export class RegionPeriodArgs {
  @Field(() => ID, { description: 'The region; its whole subtree counts.' })
  regionId: string;

  @Field({ description: 'First day, YYYY-MM-DD (local).' })
  from: string;

  @Field({ description: 'Last day, included, YYYY-MM-DD (local).' })
  to: string;

  @Field(() => String, { nullable: true, description: 'IANA time zone the days are read in (default: the server\'s TIME_ZONE, Asia/Shanghai).' })
  timeZone?: string | null;
}

@ArgsType()
export class RegionRankingArgs extends RegionPeriodArgs {
  @Field(() => RegionMetric, { description: 'The figure to rank by.' })
  metric: RegionMetric;

  @Field(() => SortOrder, { defaultValue: SortOrder.DESC, description: 'DESC (default) puts the largest first; use ASC for times, where less is better.' })
  order: SortOrder;
}

@ArgsType()
export class RegionSeriesArgs extends RegionPeriodArgs {
  @Field(() => RegionMetric, { description: 'The figure to follow.' })
  metric: RegionMetric;

  @Field(() => TimeBucket, { description: 'Days, weeks or months.' })
  bucket: TimeBucket;
}
