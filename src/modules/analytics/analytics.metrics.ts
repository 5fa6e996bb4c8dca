import type { Figures } from './analytics.rules';

/** Every single-number figure of RegionStats, for rankings and time series. */
export enum RegionMetric {
  REGISTERED_VOLUNTEERS = 'REGISTERED_VOLUNTEERS',
  ACTIVE_VOLUNTEERS = 'ACTIVE_VOLUNTEERS',
  PARTICIPATION_RATE = 'PARTICIPATION_RATE',
  VOLUNTEERS_PER_1000_RESIDENTS = 'VOLUNTEERS_PER_1000_RESIDENTS',
  PARTY_MEMBER_SHARE = 'PARTY_MEMBER_SHARE',
  HOURS = 'HOURS',
  HOURS_PER_VOLUNTEER = 'HOURS_PER_VOLUNTEER',
  HOURS_PER_1000_RESIDENTS = 'HOURS_PER_1000_RESIDENTS',
  DEMANDS = 'DEMANDS',
  RESOLUTION_RATE = 'RESOLUTION_RATE',
  RECTIFICATION_RATE = 'RECTIFICATION_RATE',
  MEDIAN_MINUTES_TO_ACCEPT = 'MEDIAN_MINUTES_TO_ACCEPT',
  P90_MINUTES_TO_ACCEPT = 'P90_MINUTES_TO_ACCEPT',
  MEDIAN_MINUTES_TO_ASSIGN = 'MEDIAN_MINUTES_TO_ASSIGN',
  P90_MINUTES_TO_ASSIGN = 'P90_MINUTES_TO_ASSIGN',
  MEDIAN_MINUTES_TO_COMPLETE = 'MEDIAN_MINUTES_TO_COMPLETE',
  P90_MINUTES_TO_COMPLETE = 'P90_MINUTES_TO_COMPLETE',
  OVERDUE_SHARE = 'OVERDUE_SHARE',
  ESCALATION_SHARE = 'ESCALATION_SHARE',
  AVERAGE_RATING = 'AVERAGE_RATING',
  SATISFIED_SHARE = 'SATISFIED_SHARE',
}

/** The single-number part of the figures (what a metric can read). */
export interface MetricSource {
  volunteers: Omit<Figures['volunteers'], 'byGender' | 'byAgeBand'>;
  hours: Omit<Figures['hours'], 'byCategory'>;
  demands: Omit<Figures['demands'], 'byStatus' | 'byCategory' | 'byChannel' | 'byUrgency'>;
}

export const METRIC_VALUE: Record<RegionMetric, (f: MetricSource) => number | null> = {
  REGISTERED_VOLUNTEERS: (f) => f.volunteers.registered,
  ACTIVE_VOLUNTEERS: (f) => f.volunteers.active,
  PARTICIPATION_RATE: (f) => f.volunteers.participationRate,
  VOLUNTEERS_PER_1000_RESIDENTS: (f) => f.volunteers.registeredPer1000Residents,
  PARTY_MEMBER_SHARE: (f) => f.volunteers.partyMemberShare,
  HOURS: (f) => f.hours.total,
  HOURS_PER_VOLUNTEER: (f) => f.hours.perRegisteredVolunteer,
  HOURS_PER_1000_RESIDENTS: (f) => f.hours.per1000Residents,
  DEMANDS: (f) => f.demands.total,
  RESOLUTION_RATE: (f) => f.demands.resolutionRate,
  RECTIFICATION_RATE: (f) => f.demands.rectificationRate,
  MEDIAN_MINUTES_TO_ACCEPT: (f) => f.demands.timeToAccept.medianMinutes,
  P90_MINUTES_TO_ACCEPT: (f) => f.demands.timeToAccept.p90Minutes,
  MEDIAN_MINUTES_TO_ASSIGN: (f) => f.demands.timeToAssign.medianMinutes,
  P90_MINUTES_TO_ASSIGN: (f) => f.demands.timeToAssign.p90Minutes,
  MEDIAN_MINUTES_TO_COMPLETE: (f) => f.demands.timeToComplete.medianMinutes,
  P90_MINUTES_TO_COMPLETE: (f) => f.demands.timeToComplete.p90Minutes,
  OVERDUE_SHARE: (f) => f.demands.overdueShare,
  ESCALATION_SHARE: (f) => f.demands.escalationShare,
  AVERAGE_RATING: (f) => f.demands.averageRating,
  SATISFIED_SHARE: (f) => f.demands.satisfiedShare,
};

export enum SortOrder {
  ASC = 'ASC',
  DESC = 'DESC',
}

export interface Ranked<T> {
  item: T;
  value: number | null;
  rank: number | null;
}

/**
 * Standard competition ranking ("1224"): equal values share a rank. Ties are listed by `tieKey`
 * (a region's code) so the order never changes between reads; items without a value come last,
 * unranked.
 */
export function rankBy<T>(items: readonly T[], valueOf: (item: T) => number | null, tieKey: (item: T) => string, order: SortOrder): Ranked<T>[] {
  const sign = order === SortOrder.ASC ? 1 : -1;
  const rows = items.map((item) => ({ item, value: valueOf(item), rank: null as number | null }));
  rows.sort((a, b) => {
    if (a.value === null || b.value === null) return a.value === b.value ? cmp(tieKey(a.item), tieKey(b.item)) : a.value === null ? 1 : -1;
    return sign * (a.value - b.value) || cmp(tieKey(a.item), tieKey(b.item));
  });
  rows.forEach((row, i) => {
    if (row.value === null) return;
    const previous = rows[i - 1];
    row.rank = previous && previous.value === row.value ? previous.rank : i + 1;
  });
  return rows;
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
