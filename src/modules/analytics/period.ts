import { ErrorCode, fail } from '../../core/errors';
import { addDays, isTimeZone, isoWeekday, zonedToUtc } from '../../core/local-time';
import { isCalendarDate } from '../volunteer/id-number';

/** A reporting period: local calendar days `fromDate` to `toDate` (both included) in a time zone. */
export interface Period {
  fromDate: string;
  toDate: string;
  timeZone: string;
  /** The instants it covers: [start, end). */
  start: Date;
  end: Date;
}

export enum TimeBucket {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

/** One bucket of a time series: [start, end) and a label in the period's zone. */
export interface Bucket {
  key: number;
  label: string;
  start: Date;
  end: Date;
  /** Its last local day, for figures "as of the end" (ages). */
  lastDate: string;
}

/** A period longer than this is refused: ten years covers every assessment cycle. */
export const MAX_PERIOD_DAYS = 3660;
/** A series with more points than this is refused; ask for a coarser bucket. */
export const MAX_BUCKETS = 400;

/** Checks the arguments (each problem names its field, under `at`: ['input'] in a mutation) and returns the period. */
export function periodOf(from: string, to: string, timeZone: string, at: string[] = []): Period {
  if (!isCalendarDate(from)) fail(ErrorCode.INVALID, [...at, 'from'], 'a calendar date, YYYY-MM-DD');
  if (!isCalendarDate(to)) fail(ErrorCode.INVALID, [...at, 'to'], 'a calendar date, YYYY-MM-DD');
  if (to < from) fail(ErrorCode.INVALID, [...at, 'to'], 'the period ends before it starts');
  if (!isTimeZone(timeZone)) fail(ErrorCode.INVALID, [...at, 'timeZone'], `"${timeZone}" is not an IANA time zone (e.g. Asia/Shanghai)`);
  if (daysBetween(from, to) + 1 > MAX_PERIOD_DAYS) fail(ErrorCode.LIMIT_EXCEEDED, [...at, 'to'], `a period covers at most ${MAX_PERIOD_DAYS} days`);
  return { fromDate: from, toDate: to, timeZone, start: zonedToUtc(from, 0, timeZone), end: zonedToUtc(addDays(to, 1), 0, timeZone) };
}

/**
 * The period cut into local days, ISO weeks (Monday first) or calendar months. The first and last
 * buckets are cut to the period, so the series adds up to the period's figures.
 */
export function bucketsOf(period: Period, bucket: TimeBucket): Bucket[] {
  const out: Bucket[] = [];
  let day = period.fromDate;
  while (day <= period.toDate) {
    const next = nextBoundary(day, bucket);
    const last = next > addDays(period.toDate, 1) ? period.toDate : addDays(next, -1);
    out.push({ key: out.length, label: labelOf(day, bucket), start: zonedToUtc(day, 0, period.timeZone), end: zonedToUtc(addDays(last, 1), 0, period.timeZone), lastDate: last });
    if (out.length > MAX_BUCKETS) fail(ErrorCode.LIMIT_EXCEEDED, ['bucket'], `a series has at most ${MAX_BUCKETS} points; use a coarser bucket or a shorter period`);
    day = addDays(last, 1);
  }
  return out;
}

function nextBoundary(day: string, bucket: TimeBucket): string {
  if (bucket === TimeBucket.DAY) return addDays(day, 1);
  if (bucket === TimeBucket.WEEK) return addDays(day, 8 - isoWeekday(day));
  const [y, m] = day.split('-').map(Number);
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
}

function labelOf(day: string, bucket: TimeBucket): string {
  if (bucket === TimeBucket.DAY) return day;
  if (bucket === TimeBucket.MONTH) return day.slice(0, 7);
  const { year, week } = isoWeek(day);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** ISO 8601 week number: the week with the year's first Thursday is week 1. */
export function isoWeek(day: string): { year: number; week: number } {
  const thursday = addDays(day, 4 - isoWeekday(day));
  const year = Number(thursday.slice(0, 4));
  return { year, week: Math.floor(daysBetween(`${year}-01-01`, thursday) / 7) + 1 };
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
