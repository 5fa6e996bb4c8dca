/** Local time in the city's time zone, and the weekly availability windows read against it. */

export interface LocalClock {
  /** ISO weekday: 1 = Monday ... 7 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0-1439. */
  minute: number;
  /** The local date, YYYY-MM-DD. */
  date: string;
}

export interface Window {
  weekday: number;
  startMinute: number;
  endMinute: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const WEEKDAYS: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

export function localClock(at: Date, timeZone: string): LocalClock {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = Object.fromEntries(format.formatToParts(at).map((p) => [p.type, p.value]));
  return {
    weekday: WEEKDAYS[parts.weekday],
    minute: Number(parts.hour) * 60 + Number(parts.minute),
    date: `${parts.year}-${parts.month}-${parts.day}`,
  };
}

/** "08:30" → 510; "24:00" is allowed as the end of a day. Null when malformed. */
export function parseClockTime(value: string, { endOfDay = false } = {}): number | null {
  const match = /^([0-9]{2}):([0-9]{2})$/.exec(value);
  if (!match) return null;
  const minutes = Number(match[1]) * 60 + Number(match[2]);
  if (Number(match[2]) > 59) return null;
  return minutes < 1440 || (endOfDay && minutes === 1440) ? minutes : null;
}

export function formatClockTime(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** On duty, and either no weekly windows at all (any time) or inside one of them now. */
export function isAvailableAt(onDuty: boolean, windows: readonly Window[], clock: LocalClock): boolean {
  if (!onDuty) return false;
  if (windows.length === 0) return true;
  return windows.some((w) => w.weekday === clock.weekday && w.startMinute <= clock.minute && clock.minute < w.endMinute);
}

/** Whole years between a birth date and a local date, both YYYY-MM-DD. */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split('-').map(Number);
  const [ty, tm, td] = today.split('-').map(Number);
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}
