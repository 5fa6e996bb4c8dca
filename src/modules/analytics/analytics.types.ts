import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ServiceCategory } from '../category/category.entity';
import { DemandChannel, DemandStatus, Urgency } from '../demand/demand.enums';
import { RegionType } from '../region/region.types';
import type { Region } from '../region/region.entity';
import { Gender } from '../volunteer/volunteer.enums';
import { RegionMetric, SortOrder } from './analytics.metrics';
import { AgeBand } from './analytics.rules';
import { TimeBucket } from './period';

registerEnumType(AgeBand, {
  name: 'AgeBand',
  description: 'Age on the last day of the period.',
  valuesConfig: {
    UNDER_18: { description: 'Younger than 18.' },
    FROM_18_TO_34: { description: '18 to 34.' },
    FROM_35_TO_44: { description: '35 to 44.' },
    FROM_45_TO_59: { description: '45 to 59.' },
    FROM_60: { description: '60 and older.' },
  },
});

registerEnumType(TimeBucket, {
  name: 'TimeBucket',
  description: 'The width of a time-series point, in the series\' time zone.',
  valuesConfig: {
    DAY: { description: 'A local calendar day.' },
    WEEK: { description: 'An ISO week, Monday to Sunday.' },
    MONTH: { description: 'A calendar month.' },
  },
});

registerEnumType(SortOrder, { name: 'SortOrder', description: 'Which end comes first.', valuesConfig: { ASC: { description: 'Smallest first.' }, DESC: { description: 'Largest first.' } } });

registerEnumType(RegionMetric, {
  name: 'RegionMetric',
  description: 'A single figure of RegionStats, to rank child regions by or to follow over time.',
  valuesConfig: {
    REGISTERED_VOLUNTEERS: { description: 'volunteers.registered' },
    ACTIVE_VOLUNTEERS: { description: 'volunteers.active' },
    PARTICIPATION_RATE: { description: 'volunteers.participationRate' },
    VOLUNTEERS_PER_1000_RESIDENTS: { description: 'volunteers.registeredPer1000Residents' },
    PARTY_MEMBER_SHARE: { description: 'volunteers.partyMemberShare' },
    HOURS: { description: 'hours.total' },
    HOURS_PER_VOLUNTEER: { description: 'hours.perRegisteredVolunteer' },
    HOURS_PER_1000_RESIDENTS: { description: 'hours.per1000Residents' },
    DEMANDS: { description: 'demands.total' },
    RESOLUTION_RATE: { description: 'demands.resolutionRate' },
    RECTIFICATION_RATE: { description: 'demands.rectificationRate' },
    MEDIAN_MINUTES_TO_ACCEPT: { description: 'demands.timeToAccept.medianMinutes' },
    P90_MINUTES_TO_ACCEPT: { description: 'demands.timeToAccept.p90Minutes' },
    MEDIAN_MINUTES_TO_ASSIGN: { description: 'demands.timeToAssign.medianMinutes' },
    P90_MINUTES_TO_ASSIGN: { description: 'demands.timeToAssign.p90Minutes' },
    MEDIAN_MINUTES_TO_COMPLETE: { description: 'demands.timeToComplete.medianMinutes' },
    P90_MINUTES_TO_COMPLETE: { description: 'demands.timeToComplete.p90Minutes' },
    OVERDUE_SHARE: { description: 'demands.overdueShare' },
    ESCALATION_SHARE: { description: 'demands.escalationShare' },
    AVERAGE_RATING: { description: 'demands.averageRating' },
    SATISFIED_SHARE: { description: 'demands.satisfiedShare' },
  },
});

@ObjectType({ description: 'Volunteers of a gender.' })
export class GenderCount {
  @Field(() => Gender, { description: 'The gender.' })
  gender: Gender;

  @Field(() => Int, { description: 'Registered volunteers.' })
  count: number;
}

@ObjectType({ description: 'Volunteers of an age band.' })
export class AgeBandCount {
  @Field(() => AgeBand, { description: 'The band.' })
  band: AgeBand;

  @Field(() => Int, { description: 'Registered volunteers.' })
  count: number;
}

@ObjectType({ description: 'Volunteers whose home community lies in the region.' })
export class VolunteerFigures {
  @Field(() => Int, { description: 'Registered by the end of the period, and not left.' })
  registered: number;

  @Field(() => Int, { description: 'Volunteers with approved service that started in the period.' })
  active: number;

  @Field(() => Float, { nullable: true, description: 'active / registered, 0 to 1 (null without registered volunteers).' })
  participationRate: number | null;

  @Field(() => Float, { nullable: true, description: 'Registered per 1,000 residents (null when the population is not recorded).' })
  registeredPer1000Residents: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of the registered who are party members, 0 to 1.' })
  partyMemberShare: number | null;

  @Field(() => [GenderCount], { description: 'Registered, by gender.' })
  byGender: GenderCount[];

  @Field(() => [AgeBandCount], { description: 'Registered, by age on the period\'s last day, youngest first.' })
  byAgeBand: AgeBandCount[];
}

@ObjectType({ description: 'Approved hours in a category.' })
export class CategoryHours {
  @Field(() => ServiceCategory, { description: 'The category.' })
  category: ServiceCategory;

  @Field(() => Float, { description: 'Approved hours.' })
  hours: number;
}

@ObjectType({ description: 'Approved service hours of the region\'s volunteers, for service that started in the period.' })
export class HourFigures {
  @Field(() => Float, { description: 'Hours in total.' })
  total: number;

  @Field(() => Float, { nullable: true, description: 'Hours per registered volunteer.' })
  perRegisteredVolunteer: number | null;

  @Field(() => Float, { nullable: true, description: 'Hours per 1,000 residents.' })
  per1000Residents: number | null;

  @Field(() => [CategoryHours], { description: 'Hours by category, most first.' })
  byCategory: CategoryHours[];
}

@ObjectType({ description: 'Demands in a status.' })
export class StatusCount {
  @Field(() => DemandStatus, { description: 'The status now.' })
  status: DemandStatus;

  @Field(() => Int, { description: 'Demands.' })
  count: number;
}

@ObjectType({ description: 'Demands in a category.' })
export class CategoryCount {
  @Field(() => ServiceCategory, { description: 'The category.' })
  category: ServiceCategory;

  @Field(() => Int, { description: 'Demands.' })
  count: number;
}

@ObjectType({ description: 'Demands that came in through a channel.' })
export class ChannelCount {
  @Field(() => DemandChannel, { description: 'The channel.' })
  channel: DemandChannel;

  @Field(() => Int, { description: 'Demands.' })
  count: number;
}

@ObjectType({ description: 'Demands of an urgency.' })
export class UrgencyCount {
  @Field(() => Urgency, { description: 'The urgency.' })
  urgency: Urgency;

  @Field(() => Int, { description: 'Demands.' })
  count: number;
}

@ObjectType({ description: 'How long demands took to reach a step, from being placed: median and 90th percentile (nearest rank).' })
export class DurationFigures {
  @Field(() => Int, { description: 'Demands that reached the step.' })
  count: number;

  @Field(() => Float, { nullable: true, description: 'Median, in minutes.' })
  medianMinutes: number | null;

  @Field(() => Float, { nullable: true, description: '90th percentile, in minutes.' })
  p90Minutes: number | null;
}

@ObjectType({ description: 'Demands placed in the region\'s grids during the period, as they stand now.' })
export class DemandFigures {
  @Field(() => Int, { description: 'Demands placed.' })
  total: number;

  @Field(() => [StatusCount], { description: 'By status now, every status.' })
  byStatus: StatusCount[];

  @Field(() => [CategoryCount], { description: 'By category, most first.' })
  byCategory: CategoryCount[];

  @Field(() => [ChannelCount], { description: 'By channel, every channel.' })
  byChannel: ChannelCount[];

  @Field(() => [UrgencyCount], { description: 'By urgency, every urgency.' })
  byUrgency: UrgencyCount[];

  @Field(() => Float, { nullable: true, description: 'Served (COMPLETED or CLOSED) / placed, not counting those the requester cancelled.' })
  resolutionRate: number | null;

  @Field(() => Int, { description: 'City problems filed (channel CITY_PROBLEM).' })
  cityProblems: number;

  @Field(() => Int, { description: 'City problems fixed (COMPLETED or CLOSED).' })
  cityProblemsFixed: number;

  @Field(() => Float, { nullable: true, description: 'Rectification rate (整改率): fixed / filed city problems, not counting cancelled ones.' })
  rectificationRate: number | null;

  @Field(() => DurationFigures, { description: 'From placed to taken by the center (ACCEPTED).' })
  timeToAccept: DurationFigures;

  @Field(() => DurationFigures, { description: 'From placed to claimed by a volunteer (ASSIGNED).' })
  timeToAssign: DurationFigures;

  @Field(() => DurationFigures, { description: 'From placed to the service completed.' })
  timeToComplete: DurationFigures;

  @Field(() => Float, { nullable: true, description: 'Share that went past their deadline.' })
  overdueShare: number | null;

  @Field(() => Float, { nullable: true, description: 'Share escalated at least once (by hand or by deadline).' })
  escalationShare: number | null;

  @Field(() => Int, { description: 'Demands rated by their requester.' })
  rated: number;

  @Field(() => Float, { nullable: true, description: 'Average rating, 1 to 5.' })
  averageRating: number | null;

  @Field(() => Float, { nullable: true, description: 'Share of the rated ones rated 4 or 5.' })
  satisfiedShare: number | null;
}

@ObjectType({ description: 'The figures of a region subtree for a period: aggregates only, never a person.' })
export class RegionStats {
  @Field(() => RegionType, { description: 'The region.' })
  region: Region;

  @Field({ description: 'First day of the period (local date).' })
  from: string;

  @Field({ description: 'Last day of the period, included (local date).' })
  to: string;

  @Field({ description: 'The time zone the days are read in.' })
  timeZone: string;

  @Field(() => Int, { nullable: true, description: 'Residents: the region\'s population, or the sum of its children\'s where it is not recorded.' })
  residents: number | null;

  @Field(() => VolunteerFigures, { description: 'Volunteers.' })
  volunteers: VolunteerFigures;

  @Field(() => HourFigures, { description: 'Service hours.' })
  hours: HourFigures;

  @Field(() => DemandFigures, { description: 'Demands.' })
  demands: DemandFigures;
}

@ObjectType({ description: 'A child region\'s place in a ranking.' })
export class RegionRankingEntry {
  @Field(() => Int, { nullable: true, description: 'Place from 1; equal values share a place (1, 2, 2, 4); null when the figure is unknown.' })
  rank: number | null;

  @Field(() => Float, { nullable: true, description: 'The figure; null when it is unknown (no denominator).' })
  value: number | null;

  @Field(() => RegionType, { description: 'The child region.' })
  region: Region;

  @Field(() => RegionStats, { description: 'All of the child region\'s figures.' })
  stats: RegionStats;
}

@ObjectType({ description: 'One point of a time series.' })
export class SeriesPoint {
  @Field({ description: 'The bucket: 2026-03-05, 2026-W10 or 2026-03.' })
  label: string;

  @Field({ description: 'Its first instant.' })
  start: Date;

  @Field({ description: 'The first instant after it.' })
  end: Date;

  @Field(() => Float, { nullable: true, description: 'The figure over the bucket (stock figures such as registered volunteers: at its end).' })
  value: number | null;
}

@ObjectType({ description: 'Open demands in one grid, for the heat map.' })
export class GridHeat {
  @Field(() => RegionType, { description: 'The grid.' })
  grid: Region;

  @Field(() => Int, { description: 'Open demands (placed and not yet served, rejected or cancelled).' })
  open: number;

  @Field(() => Int, { description: 'Open demands past their deadline.' })
  overdue: number;

  @Field(() => Int, { description: 'Open demands marked URGENT or EMERGENCY.' })
  urgent: number;
}

@ObjectType({ description: 'The command-center wall: the state of a region now. Pushed when it changes, at most once a second.' })
export class CommandCenterStats {
  @Field(() => RegionType, { description: 'The region.' })
  region: Region;

  @Field({ description: 'When these counters were read.' })
  at: Date;

  @Field(() => Int, { description: 'Open demands (placed and not yet served, rejected or cancelled).' })
  open: number;

  @Field(() => [StatusCount], { description: 'Open demands by status, every open status.' })
  openByStatus: StatusCount[];

  @Field(() => Int, { description: 'Open demands past their deadline.' })
  overdue: number;

  @Field(() => Int, { description: 'Open demands marked URGENT or EMERGENCY.' })
  urgent: number;

  @Field(() => Int, { description: 'Active volunteers living in the region who are switched on duty.' })
  volunteersOnDuty: number;

  @Field(() => Int, { description: 'Offers pushed to volunteers and not yet answered or expired.' })
  offersWaiting: number;
}
