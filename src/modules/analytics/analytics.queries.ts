import type { EntityManager } from 'typeorm';
import { isMysql } from '../../core/database';
import { namedQuery } from '../../core/sql';
import { DemandChannel, DemandStatus } from '../demand/demand.enums';
import { RecordStatus } from '../record/record.enums';
import { RegionLevel } from '../region/region.entity';
import { VolunteerStatus } from '../volunteer/volunteer.enums';
import { AGE_BANDS, RESOLVED, addTo, bornBy, emptyRaw, type DurationCounts, type RawFigures } from './analytics.rules';
import type { Bucket, Period } from './period';

/**
 * How the counts are grouped: the whole subtree, its child regions (for rankings), or time buckets
 * (for series). Every query is written once and grouped by a key, so the three answer alike.
 */
export type Grouping = { kind: 'whole' } | { kind: 'children'; parentPath: string } | { kind: 'buckets'; buckets: Bucket[] };

/** Group key of the whole subtree. */
export const WHOLE = '0';

interface Frame {
  m: EntityManager;
  period: Period;
  grouping: Grouping;
  /** The subtree's communities and grids by id, with their paths: every family reads its rows by these ids. */
  subtree: Record<RegionLevel.COMMUNITY | RegionLevel.GRID, Map<number, string>>;
}

/**
 * Collects every count of the figures for a region subtree and period, one statement per family:
 * volunteers (by home community), approved service (by the volunteer's home), demands (by grid,
 * placed in the period) and the three response times.
 */
export async function collect(m: EntityManager, rootPath: string, period: Period, grouping: Grouping): Promise<Map<string, RawFigures>> {
  const subtree: Frame['subtree'] = { [RegionLevel.COMMUNITY]: new Map(), [RegionLevel.GRID]: new Map() };
  const regions = await namedQuery<{ id: unknown; level: RegionLevel; path: string }>(m, 'SELECT id, level, path FROM region WHERE path LIKE :prefix AND level IN (:...levels)', {
    prefix: `${rootPath}%`,
    levels: [RegionLevel.COMMUNITY, RegionLevel.GRID],
  });
  for (const r of regions) subtree[r.level as RegionLevel.COMMUNITY | RegionLevel.GRID].set(Number(r.id), r.path);
  const frame: Frame = { m, period, grouping, subtree };
  const groups = new Map<string, RawFigures>();
  const group = (k: unknown) => {
    const key = String(k);
    let raw = groups.get(key);
    if (!raw) groups.set(key, (raw = emptyRaw()));
    return raw;
  };
  // Independent read-only statements: on MySQL each takes its own pooled connection and they run side by side.
  await Promise.all([
    volunteers(frame, group),
    service(frame, group),
    demands(frame, group),
    ...([['toAccept', 'firstAcceptedAt'], ['toAssign', 'firstAssignedAt'], ['toComplete', 'firstCompletedAt']] as const).map(async ([step, column]) => {
      for (const row of await durations(frame, column)) group(row.k)[step] = row.counts;
    }),
  ]);
  return groups;
}

type Group = (k: unknown) => RawFigures;

/**
 * Registered volunteers as of the period's end (not LEFT), with gender, party membership and age
 * bands on the period's last day. For time buckets the registrations are counted per bucket (and
 * all earlier ones under key -1) and the caller accumulates them.
 */
async function volunteers(f: Frame, group: Group): Promise<void> {
  const cutoffs = Object.fromEntries(AGE_BANDS.map(({ from }) => [`born${from}`, bornBy(f.period.toDate, from)]));
  const bands = AGE_BANDS.map(({ band, from }, i) => {
    const next = AGE_BANDS[i + 1];
    const older = from === 0 ? '1 = 1' : `v.birthDate <= :born${from}`;
    const younger = next ? `v.birthDate > :born${next.from}` : '1 = 1';
    return `SUM(CASE WHEN ${older} AND ${younger} THEN 1 ELSE 0 END) AS ${band}`;
  });
  const bucketed = f.grouping.kind === 'buckets';
  const q = scoped(f, VOLUNTEERS, { registrations: true });
  if (!q) return;
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `SELECT ${q.key} AS grp, COUNT(*) AS n,
        SUM(CASE WHEN v.partyMember = 1 THEN 1 ELSE 0 END) AS party,
        SUM(CASE WHEN v.gender = 'FEMALE' THEN 1 ELSE 0 END) AS female,
        SUM(CASE WHEN v.gender = 'MALE' THEN 1 ELSE 0 END) AS male,
        ${bands.join(',\n        ')}
     FROM ${q.from}
     WHERE ${q.where} AND v.status <> :left ${bucketed ? '' : `AND v.createdAt < ${instant(f.m, ':end')}`}
     GROUP BY grp`,
    { ...q.params, ...cutoffs, left: VolunteerStatus.LEFT, end: f.period.end },
  );
  for (const row of rows) {
    const raw = group(row.grp);
    raw.registered += num(row.n);
    raw.partyMembers += num(row.party);
    addTo(raw.byGender, 'FEMALE', num(row.female));
    addTo(raw.byGender, 'MALE', num(row.male));
    for (const { band } of AGE_BANDS) addTo(raw.byAgeBand, band, num(row[band]));
  }
}

/**
 * Approved service records that started in the period, by the volunteer's home (the record's copy
 * of it, moved with the volunteer): active volunteers, minutes, minutes by category.
 */
async function service(f: Frame, group: Group): Promise<void> {
  const q = scoped(f, RECORDS);
  if (!q) return;
  const from = `FROM ${q.from} WHERE ${q.where} AND r.status = :approved`;
  const all = { ...q.params, approved: RecordStatus.APPROVED };
  const [actives, byCategory] = await Promise.all([
    namedQuery<Record<string, unknown>>(f.m, `SELECT ${q.key} AS grp, COUNT(DISTINCT r.volunteerId) AS active ${from} GROUP BY grp`, all),
    namedQuery<Record<string, unknown>>(f.m, `SELECT ${q.key} AS grp, r.categoryId AS categoryId, SUM(r.minutes) AS minutes ${from} GROUP BY grp, r.categoryId`, all),
  ]);
  for (const row of actives) group(row.grp).active += num(row.active);
  for (const row of byCategory) {
    const raw = group(row.grp);
    raw.minutes += num(row.minutes);
    addTo(raw.minutesByCategory, num(row.categoryId), num(row.minutes));
  }
}

/** Demands placed in the period, as one cube by status, category, channel and urgency. */
async function demands(f: Frame, group: Group): Promise<void> {
  const q = scoped(f, DEMANDS);
  if (!q) return;
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `SELECT ${q.key} AS grp, d.status AS status, d.categoryId AS categoryId, d.channel AS channel, d.urgency AS urgency, COUNT(*) AS n,
        SUM(CASE WHEN d.overdueAt IS NOT NULL THEN 1 ELSE 0 END) AS overdue,
        SUM(CASE WHEN d.firstEscalatedAt IS NOT NULL THEN 1 ELSE 0 END) AS escalated,
        SUM(CASE WHEN d.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
        SUM(CASE WHEN d.rating IS NOT NULL THEN d.rating ELSE 0 END) AS ratingSum,
        SUM(CASE WHEN d.rating >= 4 THEN 1 ELSE 0 END) AS satisfied
     FROM ${q.from}
     WHERE ${q.where}
     GROUP BY grp, d.status, d.categoryId, d.channel, d.urgency`,
    q.params,
  );
  for (const row of rows) {
    const raw = group(row.grp);
    const n = num(row.n);
    const status = String(row.status);
    raw.demands += n;
    addTo(raw.byStatus, status, n);
    addTo(raw.byCategory, num(row.categoryId), n);
    addTo(raw.byChannel, String(row.channel), n);
    addTo(raw.byUrgency, String(row.urgency), n);
    if (row.channel === DemandChannel.CITY_PROBLEM) {
      raw.cityProblems += n;
      if (RESOLVED.has(status)) raw.cityProblemsFixed += n;
      if (status === DemandStatus.CANCELLED) raw.cityProblemsCancelled += n;
    }
    raw.overdue += num(row.overdue);
    raw.escalated += num(row.escalated);
    raw.rated += num(row.rated);
    raw.ratingSum += num(row.ratingSum);
    raw.satisfied += num(row.satisfied);
  }
}

/**
 * Time from placing to the first time a demand reached a step (its milestone column, stamped with
 * that event), for the demands placed in the period that reached it: median and 90th percentile by
 * nearest rank (ROW_NUMBER over the sorted durations), in whole milliseconds on both databases.
 */
async function durations(f: Frame, column: 'firstAcceptedAt' | 'firstAssignedAt' | 'firstCompletedAt'): Promise<{ k: unknown; counts: DurationCounts }[]> {
  const q = scoped(f, DEMANDS);
  if (!q) return [];
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `WITH spans AS (
       SELECT ${q.key} AS grp, ${millisBetween(f.m, 'd.createdAt', `d.${column}`)} AS ms
       FROM ${q.from}
       WHERE ${q.where} AND d.${column} IS NOT NULL
     ), ranked AS (
       SELECT grp, ms, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ms) AS rn, COUNT(*) OVER (PARTITION BY grp) AS n FROM spans
     )
     SELECT grp, MAX(n) AS n, MIN(CASE WHEN rn * 100 >= n * 50 THEN ms END) AS p50, MIN(CASE WHEN rn * 100 >= n * 90 THEN ms END) AS p90
     FROM ranked GROUP BY grp`,
    q.params,
  );
  return rows.map((row) => ({ k: row.grp, counts: { count: num(row.n), p50Ms: row.p50 == null ? null : num(row.p50), p90Ms: row.p90 == null ? null : num(row.p90) } }));
}

/** Where a family's rows live: the table, the region column that places them and the time that dates them. */
interface Source {
  table: string;
  alias: string;
  /** A covering index that starts (region column, …, time column): one range per region. */
  index: string;
  level: RegionLevel.COMMUNITY | RegionLevel.GRID;
  regionColumn: string;
  timeColumn: string;
}

const IN_LIST_SIZE = 500;

const VOLUNTEERS: Source = { table: 'volunteer', alias: 'v', index: 'ix_volunteer_home_figures', level: RegionLevel.COMMUNITY, regionColumn: 'communityId', timeColumn: 'createdAt' };
const RECORDS: Source = { table: 'service_record', alias: 'r', index: 'ix_service_record_home', level: RegionLevel.COMMUNITY, regionColumn: 'homeCommunityId', timeColumn: 'startedAt' };
const DEMANDS: Source = { table: 'demand', alias: 'd', index: 'ix_demand_figures', level: RegionLevel.GRID, regionColumn: 'gridId', timeColumn: 'createdAt' };

/**
 * The FROM and WHERE of a family's statement over the subtree and period, and its group key; null
 * when the subtree has no region of the family's level. No joins: the subtree's regions are given
 * by id and the period as constant bounds, so the database reads one range of the family's covering
 * index per region (forced on MySQL: over a long period MariaDB would rather walk another index
 * through the whole city). The group key is a CASE: over each child's region ids (rankings), or
 * over the buckets' ends (series).
 */
function scoped(f: Frame, src: Source, { registrations = false } = {}): { key: string; from: string; where: string; params: Record<string, unknown> } | null {
  const regions = f.subtree[src.level];
  if (!regions.size) return null;
  // MariaDB turns an IN list of 1,000 values or more into a join with a temporary table and then
  // scans the whole index (a district has ~1,250 grids); lists of 500 OR'd stay index ranges.
  const ids = [...regions.keys()];
  const lists: string[] = [];
  for (let i = 0; i * IN_LIST_SIZE < ids.length; i++) lists.push(`${src.alias}.${src.regionColumn} IN (:...ids${i})`);
  const { grouping, period, m } = f;
  const mysql = isMysql(m.connection);
  const time = `${src.alias}.${src.timeColumn}`;
  const place = `${src.alias}.${src.regionColumn}`;
  let key = `'${WHOLE}'`;
  const params: Record<string, unknown> = Object.fromEntries(lists.map((_, i) => [`ids${i}`, ids.slice(i * IN_LIST_SIZE, (i + 1) * IN_LIST_SIZE)]));
  if (grouping.kind === 'children') {
    // Each child's regions as constants (a lookup in a sorted list), not a join to region per row.
    const byChild = new Map<string, number[]>();
    for (const [id, path] of regions) {
      const child = path.slice(0, path.indexOf('/', grouping.parentPath.length) + 1);
      const members = byChild.get(child);
      if (members) members.push(id);
      else byChild.set(child, [id]);
    }
    const cases = [...byChild].map(([child, members], i) => {
      params[`child${i}`] = child;
      params[`members${i}`] = members;
      return `WHEN ${place} IN (:...members${i}) THEN :child${i}`;
    });
    key = `CASE ${cases.join(' ')} END`;
  }
  let range = '';
  // Registrations outside a series are counted up to the period's end by the caller, without a period.
  if (grouping.kind === 'buckets' || !registrations) {
    const buckets = grouping.kind === 'buckets' ? grouping.buckets.map((b) => ({ k: b.key, s: b.start, e: b.end })) : [{ k: 0, s: period.start, e: period.end }];
    // Registrations before the first bucket count towards every bucket's "registered so far".
    if (grouping.kind === 'buckets' && registrations) buckets.unshift({ k: -1, s: new Date(0), e: period.start });
    params.rangeStart = buckets[0].s;
    params.rangeEnd = buckets[buckets.length - 1].e;
    range = ` AND ${time} >= ${instant(m, ':rangeStart')} AND ${time} < ${instant(m, ':rangeEnd')}`;
    if (grouping.kind === 'buckets') {
      // Buckets are consecutive: a row's bucket is the first whose end lies after it.
      const cases = buckets.map((b, i) => {
        params[`end${i}`] = b.e;
        return `WHEN ${time} < ${instant(m, `:end${i}`)} THEN ${b.k}`;
      });
      key = `CASE ${cases.join(' ')} END`;
    }
  }
  return {
    key,
    from: `${src.table} ${src.alias}${mysql ? ` FORCE INDEX (${src.index})` : ''}`,
    where: `(${lists.join(' OR ')})${range}`,
    params,
  };
}

/** A bound instant as a value comparable with datetime columns: SQLite stores them as sortable text. */
function instant(m: EntityManager, param: string): string {
  return isMysql(m.connection) ? `CAST(${param} AS DATETIME(3))` : param;
}

/** Whole milliseconds from `a` to `b`, exactly, on both databases. */
function millisBetween(m: EntityManager, a: string, b: string): string {
  return isMysql(m.connection) ? `(TIMESTAMPDIFF(MICROSECOND, ${a}, ${b}) DIV 1000)` : `CAST(ROUND((julianday(${b}) - julianday(${a})) * 86400000) AS INTEGER)`;
}

function num(value: unknown): number {
  return value == null ? 0 : Number(value);
}
