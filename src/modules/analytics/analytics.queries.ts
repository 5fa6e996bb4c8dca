import type { EntityManager } from 'typeorm';
import { isMysql } from '../../core/database';
import { namedQuery } from '../../core/sql';
import { DemandChannel, DemandStatus } from '../demand/demand.enums';
import { RecordStatus } from '../record/record.enums';
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
  prefix: string;
  period: Period;
  grouping: Grouping;
}

/**
 * Collects every count of the figures for a region subtree and period, one statement per family:
 * volunteers (by home community), approved service (by the volunteer's home), demands (by grid,
 * placed in the period) and the three response times.
 */
export async function collect(m: EntityManager, rootPath: string, period: Period, grouping: Grouping): Promise<Map<string, RawFigures>> {
  const frame: Frame = { m, prefix: `${rootPath}%`, period, grouping };
  const groups = new Map<string, RawFigures>();
  const group = (k: unknown) => {
    const key = String(k);
    let raw = groups.get(key);
    if (!raw) groups.set(key, (raw = emptyRaw()));
    return raw;
  };
  await volunteers(frame, group);
  await service(frame, group);
  await demands(frame, group);
  for (const [step, column] of [['toAccept', 'firstAcceptedAt'], ['toAssign', 'firstAssignedAt'], ['toComplete', 'firstCompletedAt']] as const) {
    for (const row of await durations(frame, column)) group(row.k)[step] = row.counts;
  }
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
  const { key, join, params } = keyed(f, 'c.path', 'v.createdAt', { registrations: true });
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `SELECT ${key} AS grp, COUNT(*) AS n,
        SUM(CASE WHEN v.partyMember = 1 THEN 1 ELSE 0 END) AS party,
        SUM(CASE WHEN v.gender = 'FEMALE' THEN 1 ELSE 0 END) AS female,
        SUM(CASE WHEN v.gender = 'MALE' THEN 1 ELSE 0 END) AS male,
        ${bands.join(',\n        ')}
     FROM volunteer v INNER JOIN region c ON c.id = v.communityId ${join}
     WHERE c.path LIKE :prefix AND v.status <> :left ${bucketed ? '' : 'AND v.createdAt < :end'}
     GROUP BY grp`,
    { ...params, ...cutoffs, prefix: f.prefix, left: VolunteerStatus.LEFT, end: f.period.end },
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

/** Approved service records that started in the period, by the volunteer's home: active volunteers, minutes, minutes by category. */
async function service(f: Frame, group: Group): Promise<void> {
  const { key, join, params } = keyed(f, 'c.path', 'r.startedAt');
  const from = `FROM service_record r INNER JOIN region c ON c.id = r.homeCommunityId ${join}
     WHERE r.status = :approved AND c.path LIKE :prefix`;
  const all = { ...params, prefix: f.prefix, approved: RecordStatus.APPROVED };
  for (const row of await namedQuery<Record<string, unknown>>(f.m, `SELECT ${key} AS grp, COUNT(DISTINCT r.volunteerId) AS active, SUM(r.minutes) AS minutes ${from} GROUP BY grp`, all)) {
    const raw = group(row.grp);
    raw.active += num(row.active);
    raw.minutes += num(row.minutes);
  }
  for (const row of await namedQuery<Record<string, unknown>>(f.m, `SELECT ${key} AS grp, r.categoryId AS categoryId, SUM(r.minutes) AS minutes ${from} GROUP BY grp, r.categoryId`, all)) {
    addTo(group(row.grp).minutesByCategory, num(row.categoryId), num(row.minutes));
  }
}

/** Demands placed in the period, as one cube by status, category, channel and urgency. */
async function demands(f: Frame, group: Group): Promise<void> {
  const { key, join, params } = keyed(f, 'g.path', 'd.createdAt');
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `SELECT ${key} AS grp, d.status AS status, d.categoryId AS categoryId, d.channel AS channel, d.urgency AS urgency, COUNT(*) AS n,
        SUM(CASE WHEN d.overdueAt IS NOT NULL THEN 1 ELSE 0 END) AS overdue,
        SUM(CASE WHEN d.firstEscalatedAt IS NOT NULL THEN 1 ELSE 0 END) AS escalated,
        SUM(CASE WHEN d.rating IS NOT NULL THEN 1 ELSE 0 END) AS rated,
        SUM(CASE WHEN d.rating IS NOT NULL THEN d.rating ELSE 0 END) AS ratingSum,
        SUM(CASE WHEN d.rating >= 4 THEN 1 ELSE 0 END) AS satisfied
     FROM demand d INNER JOIN region g ON g.id = d.gridId ${join}
     WHERE g.path LIKE :prefix
     GROUP BY grp, d.status, d.categoryId, d.channel, d.urgency`,
    { ...params, prefix: f.prefix },
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
  const { key, join, params } = keyed(f, 'g.path', 'd.createdAt');
  const rows = await namedQuery<Record<string, unknown>>(
    f.m,
    `WITH spans AS (
       SELECT ${key} AS grp, ${millisBetween(f.m, 'd.createdAt', `d.${column}`)} AS ms
       FROM demand d INNER JOIN region g ON g.id = d.gridId ${join}
       WHERE g.path LIKE :prefix AND d.${column} IS NOT NULL
     ), ranked AS (
       SELECT grp, ms, ROW_NUMBER() OVER (PARTITION BY grp ORDER BY ms) AS rn, COUNT(*) OVER (PARTITION BY grp) AS n FROM spans
     )
     SELECT grp, MAX(n) AS n, MIN(CASE WHEN rn * 100 >= n * 50 THEN ms END) AS p50, MIN(CASE WHEN rn * 100 >= n * 90 THEN ms END) AS p90
     FROM ranked GROUP BY grp`,
    { ...params, prefix: f.prefix },
  );
  return rows.map((row) => ({ k: row.grp, counts: { count: num(row.n), p50Ms: row.p50 == null ? null : num(row.p50), p90Ms: row.p90 == null ? null : num(row.p90) } }));
}

/**
 * The group key and the period join for a row whose region path is `pathColumn` and whose time is
 * `timeColumn`. Periods and buckets are a derived table of [s, e) instants joined on the time, so
 * the database can range-scan each bucket.
 */
function keyed(f: Frame, pathColumn: string, timeColumn: string, { registrations = false } = {}): { key: string; join: string; params: Record<string, unknown> } {
  const { grouping, period, m } = f;
  if (grouping.kind === 'buckets') {
    const buckets = grouping.buckets.map((b) => ({ k: b.key, s: b.start, e: b.end }));
    // Registrations before the first bucket count towards every bucket's "registered so far".
    if (registrations) buckets.unshift({ k: -1, s: new Date(0), e: period.start });
    return { key: 'b.k', ...bucketJoin(m, buckets, timeColumn) };
  }
  const whole = bucketJoin(m, [{ k: 0, s: period.start, e: period.end }], timeColumn);
  // Registrations are counted up to the period's end by the caller, without the period join.
  if (grouping.kind === 'whole') return registrations ? { key: `'${WHOLE}'`, join: '', params: {} } : { key: `'${WHOLE}'`, ...whole };
  // The child's path is the descendant's path up to the first '/' after the parent's path.
  const childPath = `SUBSTR(${pathColumn}, 1, :parentLength + INSTR(SUBSTR(${pathColumn}, :parentLength + 1), '/'))`;
  const parentLength = grouping.parentPath.length;
  return registrations ? { key: childPath, join: '', params: { parentLength } } : { key: childPath, join: whole.join, params: { ...whole.params, parentLength } };
}

function bucketJoin(m: EntityManager, buckets: { k: number; s: Date; e: Date }[], timeColumn: string): { join: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  const rows = buckets.map((b, i) => {
    params[`s${i}`] = b.s;
    params[`e${i}`] = b.e;
    return `SELECT ${b.k} AS k, ${instant(m, `:s${i}`)} AS s, ${instant(m, `:e${i}`)} AS e`;
  });
  // The overall range as constants too: a join on a derived table alone leaves MariaDB scanning every row (measured at full scale).
  params.rangeStart = new Date(Math.min(...buckets.map((b) => b.s.getTime())));
  params.rangeEnd = new Date(Math.max(...buckets.map((b) => b.e.getTime())));
  const range = `${timeColumn} >= ${instant(m, ':rangeStart')} AND ${timeColumn} < ${instant(m, ':rangeEnd')}`;
  return { join: `INNER JOIN (${rows.join(' UNION ALL ')}) b ON ${timeColumn} >= b.s AND ${timeColumn} < b.e AND ${range}`, params };
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
