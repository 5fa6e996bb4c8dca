/**
 * The figures analysts read, from the counts the queries collect: pure arithmetic, unit-tested.
 * Rates are shares in [0, 1] with four decimals, hours and minutes two; a figure whose denominator
 * is zero is null (unknown), never 0 or NaN.
 */
import { DemandChannel, DemandStatus, Urgency } from '../demand/demand.enums';
import { Gender } from '../volunteer/volunteer.enums';

export enum AgeBand {
  UNDER_18 = 'UNDER_18',
  FROM_18_TO_34 = 'FROM_18_TO_34',
  FROM_35_TO_44 = 'FROM_35_TO_44',
  FROM_45_TO_59 = 'FROM_45_TO_59',
  FROM_60 = 'FROM_60',
}

/** The lower age of each band, youngest first (UNDER_18 starts at 0). */
export const AGE_BANDS: readonly { band: AgeBand; from: number }[] = [
  { band: AgeBand.UNDER_18, from: 0 },
  { band: AgeBand.FROM_18_TO_34, from: 18 },
  { band: AgeBand.FROM_35_TO_44, from: 35 },
  { band: AgeBand.FROM_45_TO_59, from: 45 },
  { band: AgeBand.FROM_60, from: 60 },
];

/** Percentiles of a duration, nearest rank, in milliseconds. */
export interface DurationCounts {
  count: number;
  p50Ms: number | null;
  p90Ms: number | null;
}

/** The additive counts of one group (a region, a child region, a time bucket). */
export interface RawFigures {
  registered: number;
  partyMembers: number;
  byGender: Map<string, number>;
  byAgeBand: Map<string, number>;
  active: number;
  minutes: number;
  minutesByCategory: Map<number, number>;
  demands: number;
  byStatus: Map<string, number>;
  byCategory: Map<number, number>;
  byChannel: Map<string, number>;
  byUrgency: Map<string, number>;
  cityProblems: number;
  cityProblemsFixed: number;
  cityProblemsCancelled: number;
  overdue: number;
  escalated: number;
  rated: number;
  ratingSum: number;
  satisfied: number;
  toAccept: DurationCounts;
  toAssign: DurationCounts;
  toComplete: DurationCounts;
}

export function emptyRaw(): RawFigures {
  const noDuration = (): DurationCounts => ({ count: 0, p50Ms: null, p90Ms: null });
  return {
    registered: 0,
    partyMembers: 0,
    byGender: new Map(),
    byAgeBand: new Map(),
    active: 0,
    minutes: 0,
    minutesByCategory: new Map(),
    demands: 0,
    byStatus: new Map(),
    byCategory: new Map(),
    byChannel: new Map(),
    byUrgency: new Map(),
    cityProblems: 0,
    cityProblemsFixed: 0,
    cityProblemsCancelled: 0,
    overdue: 0,
    escalated: 0,
    rated: 0,
    ratingSum: 0,
    satisfied: 0,
    toAccept: noDuration(),
    toAssign: noDuration(),
    toComplete: noDuration(),
  };
}

export function addTo<K>(map: Map<K, number>, key: K, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** A demand counts as resolved once served (completed, then closed by the requester or the sweeper). */
export const RESOLVED = new Set<string>([DemandStatus.COMPLETED, DemandStatus.CLOSED]);

export interface Figures {
  residents: number | null;
  volunteers: {
    registered: number;
    active: number;
    participationRate: number | null;
    registeredPer1000Residents: number | null;
    partyMemberShare: number | null;
    byGender: { gender: Gender; count: number }[];
    byAgeBand: { band: AgeBand; count: number }[];
  };
  hours: {
    total: number;
    perRegisteredVolunteer: number | null;
    per1000Residents: number | null;
    byCategory: { categoryId: number; hours: number }[];
  };
  demands: {
    total: number;
    byStatus: { status: DemandStatus; count: number }[];
    byCategory: { categoryId: number; count: number }[];
    byChannel: { channel: DemandChannel; count: number }[];
    byUrgency: { urgency: Urgency; count: number }[];
    resolutionRate: number | null;
    cityProblems: number;
    cityProblemsFixed: number;
    rectificationRate: number | null;
    timeToAccept: DurationFigures;
    timeToAssign: DurationFigures;
    timeToComplete: DurationFigures;
    overdueShare: number | null;
    escalationShare: number | null;
    rated: number;
    averageRating: number | null;
    satisfiedShare: number | null;
  };
}

export interface DurationFigures {
  count: number;
  medianMinutes: number | null;
  p90Minutes: number | null;
}

export function figuresOf(raw: RawFigures, residents: number | null): Figures {
  const hours = round(raw.minutes / 60, 2);
  const cancelled = raw.byStatus.get(DemandStatus.CANCELLED) ?? 0;
  const resolved = [...RESOLVED].reduce((n, s) => n + (raw.byStatus.get(s) ?? 0), 0);
  return {
    residents,
    volunteers: {
      registered: raw.registered,
      active: raw.active,
      participationRate: share(raw.active, raw.registered),
      registeredPer1000Residents: perThousand(raw.registered, residents),
      partyMemberShare: share(raw.partyMembers, raw.registered),
      byGender: Object.values(Gender).map((gender) => ({ gender, count: raw.byGender.get(gender) ?? 0 })),
      byAgeBand: AGE_BANDS.map(({ band }) => ({ band, count: raw.byAgeBand.get(band) ?? 0 })),
    },
    hours: {
      total: hours,
      perRegisteredVolunteer: raw.registered ? round(raw.minutes / 60 / raw.registered, 2) : null,
      per1000Residents: residents ? round((raw.minutes / 60 / residents) * 1000, 2) : null,
      byCategory: sortedEntries(raw.minutesByCategory).map(([categoryId, minutes]) => ({ categoryId, hours: round(minutes / 60, 2) })),
    },
    demands: {
      total: raw.demands,
      byStatus: Object.values(DemandStatus).map((status) => ({ status, count: raw.byStatus.get(status) ?? 0 })),
      byCategory: sortedEntries(raw.byCategory).map(([categoryId, count]) => ({ categoryId, count })),
      byChannel: Object.values(DemandChannel).map((channel) => ({ channel, count: raw.byChannel.get(channel) ?? 0 })),
      byUrgency: Object.values(Urgency).map((urgency) => ({ urgency, count: raw.byUrgency.get(urgency) ?? 0 })),
      // A demand its requester withdrew was never the center's to resolve.
      resolutionRate: share(resolved, raw.demands - cancelled),
      cityProblems: raw.cityProblems,
      cityProblemsFixed: raw.cityProblemsFixed,
      rectificationRate: share(raw.cityProblemsFixed, raw.cityProblems - raw.cityProblemsCancelled),
      timeToAccept: durationOf(raw.toAccept),
      timeToAssign: durationOf(raw.toAssign),
      timeToComplete: durationOf(raw.toComplete),
      overdueShare: share(raw.overdue, raw.demands),
      escalationShare: share(raw.escalated, raw.demands),
      rated: raw.rated,
      averageRating: raw.rated ? round(raw.ratingSum / raw.rated, 2) : null,
      satisfiedShare: share(raw.satisfied, raw.rated),
    },
  };
}

/** Residents of a region: its own population when recorded, else the sum of its children's. */
export function residentsOf(rootId: number, regions: readonly { id: number; parentId: number | null; population: number | null }[]): number | null {
  const children = new Map<number, number[]>();
  for (const r of regions) if (r.parentId !== null) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r.id]);
  const byId = new Map(regions.map((r) => [r.id, r]));
  const count = (id: number): number | null => {
    const own = byId.get(id)?.population;
    if (own != null) return own;
    const parts = (children.get(id) ?? []).map(count).filter((n): n is number => n !== null);
    return parts.length ? parts.reduce((a, b) => a + b, 0) : null;
  };
  return count(rootId);
}

/** The latest birth date that makes someone `years` old on `date` (YYYY-MM-DD). */
export function bornBy(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number);
  // 29 February in a year without it: the birthday falls on 1 March.
  const day = m === 2 && d === 29 && !isLeap(y - years) ? '02-28' : `${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  return `${String(y - years).padStart(4, '0')}-${day}`;
}

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function durationOf(d: DurationCounts): DurationFigures {
  return { count: d.count, medianMinutes: d.p50Ms === null ? null : round(d.p50Ms / 60_000, 2), p90Minutes: d.p90Ms === null ? null : round(d.p90Ms / 60_000, 2) };
}

function share(part: number, whole: number): number | null {
  return whole > 0 ? round(part / whole, 4) : null;
}

function perThousand(n: number, residents: number | null): number | null {
  return residents ? round((n / residents) * 1000, 2) : null;
}

/** Largest first, then by key: the same order on every run. */
function sortedEntries(map: Map<number, number>): [number, number][] {
  return [...map.entries()].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

export function round(n: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round((n + Number.EPSILON) * f) / f;
}
