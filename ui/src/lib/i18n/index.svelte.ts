// The current language and the `t` function. Vietnamese by default; the choice is kept
// on this machine and can change at any moment, redrawing every text.
import { vi, type MessageKey } from './vi';
import { en } from './en';

export type Lang = 'vi' | 'en';
const catalogues: Record<Lang, Record<MessageKey, string>> = { vi, en };
const STORAGE_KEY = 'vanphong.lang';

function initialLang(): Lang {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) === 'en' ? 'en' : 'vi';
  } catch {
    return 'vi';
  }
}

export const locale = $state<{ lang: Lang }>({ lang: initialLang() });

export function setLang(lang: Lang): void {
  locale.lang = lang;
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, lang);
  } catch {
    // Private mode or no storage: the choice lasts for this session only.
  }
  if (typeof document !== 'undefined') document.documentElement.lang = lang;
}

/** Translate `key`, filling `{name}` placeholders from `params`. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogues[lang][key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return translate(locale.lang, key, params);
}

export type { MessageKey };
