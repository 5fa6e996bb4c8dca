/**
 * Reading cells the way city spreadsheets write them: enum values in English or Chinese, yes/no as
 * 是/否, dates with dashes, slashes or dots, lists separated by ; or 、. Pure functions; undefined
 * means "not a value of this kind" (the caller reports it), null "empty".
 */

/** An enum cell: its English value (any case) or one of its aliases. */
export function enumValue<T extends string>(text: string, values: readonly T[], aliases: Record<string, T> = {}): T | null | undefined {
  if (text === '') return null;
  const upper = text.toUpperCase().replace(/[\s-]+/g, '_');
  return values.find((v) => v === upper) ?? aliases[text] ?? undefined;
}

const TRUE = new Set(['1', 'TRUE', 'YES', 'Y', '是', '√', 'T']);
const FALSE = new Set(['0', 'FALSE', 'NO', 'N', '否', '×', 'F']);

export function booleanValue(text: string): boolean | null | undefined {
  if (text === '') return null;
  const upper = text.toUpperCase();
  return TRUE.has(upper) ? true : FALSE.has(upper) ? false : undefined;
}

/** 2024-05-01, 2024/5/1, 2024.5.1, 20240501 or a spreadsheet's date cell → YYYY-MM-DD (the calendar check is the caller's rule). */
export function dateValue(text: string): string | null | undefined {
  if (text === '') return null;
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return undefined;
  return `${match[1]}-${match[2].padStart(2, '0')}-${match[3].padStart(2, '0')}`;
}

export function numberValue(text: string): number | null | undefined {
  if (text === '') return null;
  const value = Number(text.replace(/,/g, ''));
  return Number.isFinite(value) ? value : undefined;
}

export function integerValue(text: string): number | null | undefined {
  const value = numberValue(text);
  return value == null ? value : Number.isSafeInteger(value) ? value : undefined;
}

/** `a;b`, `a；b`, `a、b`, `a,b` or `a，b` → ['a', 'b']; the empty cell is the empty list. */
export function listValue(text: string): string[] {
  return text
    .split(/[;；、,，\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const WEEKDAYS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 日: 7, 天: 7, MON: 1, TUE: 2, WED: 3, THU: 4, FRI: 5, SAT: 6, SUN: 7 };

/** `6 08:00-12:00; 周日 14:00-18:00` → weekly windows as the API takes them (their rules are the volunteer module's). */
export function windowsValue(text: string): { weekday: number; start: string; end: string }[] | undefined {
  const windows: { weekday: number; start: string; end: string }[] = [];
  for (const part of text.split(/[;；\n]/).map((s) => s.trim()).filter(Boolean)) {
    const match = /^(?:(?:周|星期)([一二三四五六日天])|([1-7])|(MON|TUE|WED|THU|FRI|SAT|SUN)\w*)\s*(\d{1,2}:\d{2})\s*[-–~～至]\s*(\d{1,2}:\d{2})$/i.exec(part);
    if (!match) return undefined;
    const weekday = match[1] ? WEEKDAYS[match[1]] : match[2] ? Number(match[2]) : WEEKDAYS[match[3].toUpperCase()];
    windows.push({ weekday, start: match[4].padStart(5, '0'), end: match[5].padStart(5, '0') });
  }
  return windows;
}

/** The export's spelling of windows: `1 08:00-12:00;6 14:00-18:00`, weekday then start order. */
export function formatWindows(windows: { weekday: number; start: string; end: string }[]): string {
  return [...windows]
    .sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start))
    .map((w) => `${w.weekday} ${w.start}-${w.end}`)
    .join(';');
}
