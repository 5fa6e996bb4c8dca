import { registerEnumType } from 'type-graphql';
import { addDays, daysInMonth, isoWeekday } from '../../core/local-time';

export enum ScheduleKind {
  ONE_OFF = 'ONE_OFF',
  WEEKLY = 'WEEKLY',
  MONTHLY_WEEKDAY = 'MONTHLY_WEEKDAY',
  MONTHLY_DAY = 'MONTHLY_DAY',
  YEARLY = 'YEARLY',
}

registerEnumType(ScheduleKind, {
  name: 'ScheduleKind',
  description: 'How a project repeats; each occurrence is an activity.',
  valuesConfig: {
    ONE_OFF: { description: 'Once, on `from`.' },
    WEEKLY: { description: 'Every week on `weekday`.' },
    MONTHLY_WEEKDAY: { description: 'The `nth` `weekday` of every month, e.g. the first Saturday (nth 1, weekday 6) or the last Friday (nth -1, weekday 5).' },
    MONTHLY_DAY: { description: 'Day `monthDay` of every month (months without that day are skipped), e.g. a monthly service day on the 5th.' },
    YEARLY: { description: 'Every year on `month`/`monthDay`, e.g. May 20 (month 5, monthDay 20).' },
  },
});

/** A project's schedule, in local dates and minutes of the day (city time). */
export interface Schedule {
  kind: ScheduleKind;
  /** First day it may happen (the day itself for ONE_OFF). */
  from: string;
  /** Last day it may happen; null: open-ended. */
  until: string | null;
  weekday: number | null;
  nth: number | null;
  monthDay: number | null;
  month: number | null;
  startMinute: number;
  endMinute: number;
}

/** The local dates on which the schedule happens within [first, last] (both inclusive), in order. */
export function occurrences(s: Schedule, first: string, last: string): string[] {
  const from = s.from > first ? s.from : first;
  const to = s.kind === ScheduleKind.ONE_OFF ? s.from : s.until !== null && s.until < last ? s.until : last;
  if (from > to) return [];
  if (s.kind === ScheduleKind.ONE_OFF) return [s.from];
  const dates: string[] = [];
  if (s.kind === ScheduleKind.WEEKLY) {
    let day = addDays(from, (s.weekday! - isoWeekday(from) + 7) % 7);
    for (; day <= to; day = addDays(day, 7)) dates.push(day);
    return dates;
  }
  const [fy, fm] = from.split('-').map(Number);
  for (let y = fy, m = fm; `${y}-${pad(m)}-01` <= to; m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
    const day = dayInMonth(s, y, m);
    if (day === null) continue;
    const date = `${y}-${pad(m)}-${pad(day)}`;
    if (date >= from && date <= to) dates.push(date);
  }
  return dates;
}

/** The day of month the schedule falls on in that month, or null when it does not happen then. */
function dayInMonth(s: Schedule, year: number, month: number): number | null {
  const days = daysInMonth(year, month);
  switch (s.kind) {
    case ScheduleKind.MONTHLY_DAY:
      return s.monthDay! <= days ? s.monthDay! : null;
    case ScheduleKind.YEARLY:
      return month === s.month && s.monthDay! <= days ? s.monthDay! : null;
    case ScheduleKind.MONTHLY_WEEKDAY: {
      const firstWeekday = isoWeekday(`${year}-${pad(month)}-01`);
      const firstMatch = 1 + ((s.weekday! - firstWeekday + 7) % 7);
      if (s.nth! > 0) {
        const day = firstMatch + (s.nth! - 1) * 7;
        return day <= days ? day : null;
      }
      return firstMatch + Math.floor((days - firstMatch) / 7) * 7; // the last one
    }
    default:
      return null;
  }
}

/** Whether the fields the kind needs are there and in range; the message names the first problem. */
export function scheduleProblem(s: Schedule): { field: string; message: string } | null {
  const need = (field: keyof Schedule, ok: boolean, message: string) => (ok ? null : { field, message });
  const checks = {
    [ScheduleKind.ONE_OFF]: [],
    [ScheduleKind.WEEKLY]: [need('weekday', inRange(s.weekday, 1, 7), 'WEEKLY needs a weekday from 1 (Monday) to 7')],
    [ScheduleKind.MONTHLY_WEEKDAY]: [
      need('weekday', inRange(s.weekday, 1, 7), 'MONTHLY_WEEKDAY needs a weekday from 1 (Monday) to 7'),
      need('nth', s.nth === -1 || inRange(s.nth, 1, 5), 'MONTHLY_WEEKDAY needs nth from 1 to 5, or -1 for the last'),
    ],
    [ScheduleKind.MONTHLY_DAY]: [need('monthDay', inRange(s.monthDay, 1, 31), 'MONTHLY_DAY needs a monthDay from 1 to 31')],
    [ScheduleKind.YEARLY]: [
      need('month', inRange(s.month, 1, 12), 'YEARLY needs a month from 1 to 12'),
      need('monthDay', inRange(s.monthDay, 1, 31) && (s.month === null || s.monthDay! <= daysInMonth(2024, s.month)), 'YEARLY needs a monthDay that the month has'),
    ],
  }[s.kind];
  const problem = checks.find((c) => c !== null) ?? null;
  if (problem) return problem;
  if (s.until !== null && s.until < s.from) return { field: 'until', message: 'the schedule ends before it starts' };
  if (s.endMinute <= s.startMinute) return { field: 'end', message: 'an occurrence ends after it starts' };
  return null;
}

const ORDINALS: Record<number, string> = { 1: 'first', 2: 'second', 3: 'third', 4: 'fourth', 5: 'fifth', [-1]: 'last' };
const DAYS = ['', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** "the first Saturday of every month, 09:00-11:00" */
export function describeSchedule(s: Schedule): string {
  const hours = `${clock(s.startMinute)}-${clock(s.endMinute)}`;
  switch (s.kind) {
    case ScheduleKind.ONE_OFF:
      return `${s.from}, ${hours}`;
    case ScheduleKind.WEEKLY:
      return `every ${DAYS[s.weekday!]}, ${hours}`;
    case ScheduleKind.MONTHLY_WEEKDAY:
      return `the ${ORDINALS[s.nth!]} ${DAYS[s.weekday!]} of every month, ${hours}`;
    case ScheduleKind.MONTHLY_DAY:
      return `day ${s.monthDay} of every month, ${hours}`;
    case ScheduleKind.YEARLY:
      return `every year on ${s.month}/${s.monthDay}, ${hours}`;
  }
}

function clock(minutes: number): string {
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function inRange(value: number | null, min: number, max: number): boolean {
  return value !== null && Number.isInteger(value) && value >= min && value <= max;
}
