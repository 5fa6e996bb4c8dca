import type { DataSource, EntityManager } from 'typeorm';
import { isMysql } from '../../core/database';
import { addDays, localClock, zonedToUtc } from '../../core/local-time';
import { namedQuery } from '../../core/sql';
import { runInTransaction } from '../../core/transaction';
import { AppSetting } from '../volunteer/volunteer.entity';
import { RecordStatus } from './record.enums';

/**
 * Certified minutes per volunteer and calendar period (week from Monday, month, year, in the city's
 * time zone), kept in `volunteer_minutes` as records are certified. Leaderboards read the top of
 * one period from its index instead of summing every record of the period (a year of the full-scale
 * city is 2.5 M records).
 */
export type PeriodKind = 'WEEK' | 'MONTH' | 'YEAR';
export const PERIOD_KINDS: PeriodKind[] = ['WEEK', 'MONTH', 'YEAR'];

/** Which time zone the stored periods were cut in: a start with another one rebuilds them. */
export const ROLLUP_ZONE_SETTING = 'volunteer_minutes_zone';

export interface CalendarPeriod {
  /** W2026-10-12 (the Monday), M2026-10, Y2026. */
  key: string;
  from: Date;
  to: Date;
}

/** The period of `kind` containing `at`, as local days of `timeZone`. */
export function calendarPeriod(kind: PeriodKind, at: Date, timeZone: string): CalendarPeriod {
  const { date, weekday } = localClock(at, timeZone);
  const [y, m] = date.split('-').map(Number);
  let first: string;
  let next: string;
  let key: string;
  if (kind === 'WEEK') {
    first = addDays(date, 1 - weekday);
    next = addDays(first, 7);
    key = `W${first}`;
  } else if (kind === 'MONTH') {
    first = `${y}-${String(m).padStart(2, '0')}-01`;
    next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    key = `M${first.slice(0, 7)}`;
  } else {
    first = `${y}-01-01`;
    next = `${y + 1}-01-01`;
    key = `Y${y}`;
  }
  return { key, from: zonedToUtc(first, 0, timeZone), to: zonedToUtc(next, 0, timeZone) };
}

/** Adds (or, for a correction downwards, takes away) minutes certified for service started at `startedAt`. */
export async function addCertifiedMinutes(tx: EntityManager, volunteerId: number, startedAt: Date, minutes: number, timeZone: string): Promise<void> {
  if (minutes === 0) return;
  const keys = PERIOD_KINDS.map((kind) => calendarPeriod(kind, startedAt, timeZone).key);
  const rows = keys.map(() => '(?, ?, ?)').join(', ');
  const upsert = isMysql(tx.connection) ? 'ON DUPLICATE KEY UPDATE minutes = minutes + VALUES(minutes)' : 'ON CONFLICT (period, volunteerId) DO UPDATE SET minutes = minutes + excluded.minutes';
  await tx.query(`INSERT INTO volunteer_minutes (period, volunteerId, minutes) VALUES ${rows} ${upsert}`, keys.flatMap((key) => [key, volunteerId, minutes]));
}

/**
 * Makes sure the periods were cut in `timeZone`: on the first start after the table was created,
 * or after the city's zone changed, they are recomputed from the certified records, in one
 * transaction (of two processes starting at once, the second waits and then finds them done).
 */
export async function ensureCertifiedMinutes(db: DataSource, timeZone: string): Promise<boolean> {
  const settings = db.getRepository(AppSetting);
  if ((await settings.findOneBy({ name: ROLLUP_ZONE_SETTING }))?.value === timeZone) return false;
  return runInTransaction(db, async (tx) => {
    await tx.createQueryBuilder().insert().into(AppSetting).values({ name: ROLLUP_ZONE_SETTING, value: '' }).orIgnore().execute();
    const lock = tx.getRepository(AppSetting).createQueryBuilder('s').where('s.name = :name', { name: ROLLUP_ZONE_SETTING });
    if (isMysql(tx.connection)) lock.setLock('pessimistic_write');
    if ((await lock.getOneOrFail()).value === timeZone) return false;
    await rebuildCertifiedMinutes(tx, timeZone);
    await tx.update(AppSetting, { name: ROLLUP_ZONE_SETTING }, { value: timeZone });
    return true;
  });
}

/** Recomputes every period from the approved records, one statement per period. */
export async function rebuildCertifiedMinutes(tx: EntityManager, timeZone: string): Promise<void> {
  await tx.query('DELETE FROM volunteer_minutes');
  const [span] = await namedQuery<{ first: unknown; last: unknown }>(tx, 'SELECT MIN(startedAt) AS first, MAX(startedAt) AS last FROM service_record WHERE status = :approved', { approved: RecordStatus.APPROVED });
  if (span?.first == null || span.last == null) return;
  const last = instantOf(span.last);
  for (const kind of PERIOD_KINDS) {
    for (let p = calendarPeriod(kind, instantOf(span.first), timeZone); p.from <= last; p = calendarPeriod(kind, p.to, timeZone)) {
      await namedQuery(
        tx,
        `INSERT INTO volunteer_minutes (period, volunteerId, minutes)
         SELECT :key, r.volunteerId, SUM(r.minutes) FROM service_record r
         WHERE r.status = :approved AND r.startedAt >= :from AND r.startedAt < :to
         GROUP BY r.volunteerId`,
        { key: p.key, from: p.from, to: p.to, approved: RecordStatus.APPROVED },
      );
    }
  }
}

/** A datetime as the drivers return it from a raw query: a Date (mysql2) or UTC text (SQLite). */
function instantOf(value: unknown): Date {
  return value instanceof Date ? value : new Date(`${String(value).replace(' ', 'T')}Z`);
}
