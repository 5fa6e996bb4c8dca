/** Local time in the city's time zone, and the weekly availability windows read against it. */

export { localClock, type LocalClock } from '../../core/local-time';
import type { LocalClock } from '../../core/local-time';

export interface Window {
  weekday: number;
  startMinute: number;
  endMinute: number;
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
