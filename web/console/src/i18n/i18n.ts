import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { DICTIONARIES, type Lang, type MessageKey } from './dictionary';

export type { Lang, MessageKey };

const STORAGE_KEY = 'vg.console.lang';

/** The language remembered on this browser, else the browser's own (Chinese for any zh-*), else English. */
export function initialLang(): Lang {
  const saved = safeStorage()?.getItem(STORAGE_KEY);
  if (saved === 'zh' || saved === 'en') return saved;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** The person chose: remembered on this browser, over what the browser itself prefers. */
export function rememberLang(lang: Lang): void {
  safeStorage()?.setItem(STORAGE_KEY, lang);
}

export interface Translator {
  lang: Lang;
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A key built from an enum value (`status.${status}`); the value itself when the dictionary lacks it. */
  tEnum(prefix: string, value: string): string;
  dateTime(iso: string): string;
  time(iso: string): string;
  ago(iso: string, now: number): string;
}

export function translator(lang: Lang): Translator {
  const words = DICTIONARIES[lang];
  const locale = lang === 'zh' ? 'zh-CN' : 'en-GB';
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
  const timeFormat = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const t = (key: MessageKey, values: Record<string, string | number> = {}) =>
    words[key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
  return {
    lang,
    t,
    tEnum: (prefix, value) => {
      const key = `${prefix}.${value}` as MessageKey;
      return key in words ? words[key] : value;
    },
    dateTime: (iso) => dateTimeFormat.format(new Date(iso)),
    time: (iso) => timeFormat.format(new Date(iso)),
    ago: (iso, now) => {
      const minutes = Math.floor((now - Date.parse(iso)) / 60_000);
      if (minutes < 1) return t('time.justNow');
      if (minutes < 60) return t('time.minutesAgo', { n: minutes });
      if (minutes < 24 * 60) return t('time.hoursAgo', { n: Math.floor(minutes / 60) });
      return dateTimeFormat.format(new Date(iso));
    },
  };
}

export const I18n = createContext<Translator>(translator('en'));

export function useT(): Translator {
  return useContext(I18n);
}

/** localStorage may be refused (privacy settings); the console then simply does not remember. */
function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
