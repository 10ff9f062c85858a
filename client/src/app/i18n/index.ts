// All texts the app shows: its own UI strings (this folder) and the game texts (shared/src/i18n).

import {
  t as gameText,
  interpolate,
  isLocale,
  LOCALES,
  type Locale,
  pickLocale,
} from "@tcp-tango/shared/i18n/catalog.ts";
import { en, type UiKey } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type { Locale, UiKey };
export { isLocale, LOCALES, pickLocale };

export const UI: Readonly<Record<Locale, Readonly<Record<UiKey, string>>>> = { en, "zh-CN": zhCN };

export type Params = Readonly<Record<string, string | number>>;

/** A UI text in `locale`, with `{name}` placeholders filled. */
export function ui(locale: Locale, key: UiKey, params?: Params): string {
  return interpolate(UI[locale][key] ?? en[key], params);
}

/** A game text (rule.*, state.*, mission.* …); falls back to English, then to the key. */
export function game(locale: Locale, key: string, params?: Params): string {
  return gameText(locale, key, params);
}

/** Has the game catalog a text for this key (a mission id without texts shows its id)? */
export function hasGame(locale: Locale, key: string): boolean {
  return gameText(locale, key) !== key;
}

/** Capitalise the first letter (English sentences that start with a role name). */
export function sentence(s: string): string {
  return s.length === 0 ? s : s[0]!.toUpperCase() + s.slice(1);
}

/** A translator bound to one locale. */
export interface Tr {
  locale: Locale;
  ui(key: UiKey, params?: Params): string;
  game(key: string, params?: Params): string;
}

export function translator(locale: Locale): Tr {
  return {
    locale,
    ui: (key, params) => ui(locale, key, params),
    game: (key, params) => game(locale, key, params),
  };
}
