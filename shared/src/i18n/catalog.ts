// The engine-facing texts: one flat catalog per locale, looked up by key, with `{name}`
// placeholders. Keys name what they explain:
//   rule.<RuleKey>                   what the reference TCP does there, and why
//   misconception.<MisconceptionKey> the right idea behind a known wrong move
//   state.<TcpState>                 the state name (kept in English) and what it waits for
//   error.<SocketError>              what the application sees, and typically why
//   timer.<TimerKind>                the timer's short name
//   part.<WrongPart>                 which part of a move was wrong
//   mistake.move / mistake.segment   one line per Mistake: {part} {expected} {got}, and {n} (1-based)
//   mission.<MissionId>.title        the mission's short name
//   mission.<MissionId>.brief        the situation, the player's seat, what the network will do
//   mission.<MissionId>.goal         what success is, in one sentence
//   goal.<...> (GoalFailure)         why a mission failed: what did not happen

import type { GoalFailure } from "../missions/run.ts";
import type { MisconceptionKey, WrongPart } from "../referee/referee.ts";
import type { TimerKind } from "../tcp/connection.ts";
import type { SocketError } from "../tcp/errors.ts";
import type { RuleKey } from "../tcp/rules.ts";
import type { TcpState } from "../tcp/state.ts";
import { en } from "./en.ts";
import { zhCN } from "./zh-CN.ts";

export type Locale = "zh-CN" | "en";
export const LOCALES = ["zh-CN", "en"] as const satisfies readonly Locale[];
export const DEFAULT_LOCALE: Locale = "en";

export type Catalog = Record<string, string>;

/**
 * The ids of the missions in shared/src/missions/catalog.ts, in campaign order. MISSIONS there
 * is typed `Mission[]`, so its ids cannot be read off as a type; catalog.test.ts checks that
 * this list matches it.
 */
export const MISSION_IDS = [
  "handshake-client",
  "handshake-server",
  "data-lost-segment",
  "active-close",
  "passive-close",
  "fin-ack-shortcut",
  "lost-syn",
  "lost-final-ack",
  "simultaneous-close",
  "connection-refused",
  "server-restart",
  "free-play",
] as const;
export type MissionId = (typeof MISSION_IDS)[number];

/** The texts each mission has. */
export const MISSION_TEXTS = ["title", "brief", "goal"] as const;
export type MissionText = (typeof MISSION_TEXTS)[number];
/** What each mission teaches, told after it is played: three points, each one or two sentences. */
export const MISSION_POINTS = ["point1", "point2", "point3"] as const;
export type MissionPoint = (typeof MISSION_POINTS)[number];

/** Every key a catalog must have; the catalogs are checked against it when type-checking. */
export type CatalogKey =
  | `rule.${RuleKey}`
  | `misconception.${MisconceptionKey}`
  | `state.${TcpState}`
  | `error.${SocketError}`
  | `timer.${TimerKind}`
  | `part.${WrongPart}`
  | "mistake.move"
  | "mistake.segment"
  | `mission.${MissionId}.${MissionText}`
  | `mission.${MissionId}.${MissionPoint}`
  | GoalFailure;

export const CATALOGS: Readonly<Record<Locale, Catalog>> = { "zh-CN": zhCN, en };

export function isLocale(x: unknown): x is Locale {
  return typeof x === "string" && (LOCALES as readonly string[]).includes(x);
}

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/** The placeholder names in a text, sorted and without repeats. */
export function placeholders(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(PLACEHOLDER), (m) => m[1] as string))].sort();
}

/** Replace each `{name}` that `params` has; a placeholder without a value stays as it is. */
export function interpolate(text: string, params?: Readonly<Record<string, string | number>>): string {
  if (!params) return text;
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}

function lookup(catalog: Catalog | undefined, key: string): string | undefined {
  if (!catalog || !Object.hasOwn(catalog, key)) return undefined;
  const text = catalog[key];
  return typeof text === "string" ? text : undefined;
}

/**
 * The text for `key` in `locale`, with `{name}` placeholders filled from `params`. A key the
 * locale lacks falls back to English; a key no catalog has comes back as the key itself.
 * Never throws.
 */
export function t(
  locale: Locale,
  key: CatalogKey | (string & {}),
  params?: Readonly<Record<string, string | number>>,
): string {
  const text = lookup(CATALOGS[locale], key) ?? lookup(CATALOGS[DEFAULT_LOCALE], key);
  return text === undefined ? key : interpolate(text, params);
}

/** Regions whose Chinese is written in Simplified characters when no script subtag says otherwise. */
const SIMPLIFIED_REGIONS = new Set(["cn", "sg", "my"]);

/** zh, zh-CN, zh-SG, zh-MY, zh-Hans(-*), zh-CHS: yes. zh-TW, zh-HK, zh-MO, zh-Hant(-*), zh-CHT: no. */
function isSimplifiedChinese(subtags: readonly string[]): boolean {
  if (subtags[0] !== "zh") return false;
  const rest = subtags.slice(1);
  if (rest.includes("chs")) return true; // legacy Windows tags
  if (rest.includes("cht")) return false;
  const script = rest.find((s) => /^[a-z]{4}$/.test(s));
  if (script !== undefined) return script === "hans";
  const region = rest.find((s) => /^(?:[a-z]{2}|\d{3})$/.test(s));
  return region === undefined || SIMPLIFIED_REGIONS.has(region);
}

/**
 * The locale for a learner, from language tags in order of preference (navigator.languages,
 * or the parts of an Accept-Language header; `;q=` weights are honoured). The first tag we
 * have a catalog for wins: Simplified Chinese → "zh-CN", English → "en". Anything else, and
 * Traditional Chinese (which has no catalog yet), is skipped; if nothing matches, "en".
 */
export function pickLocale(acceptLanguages: readonly string[]): Locale {
  const ranked = acceptLanguages
    .flatMap((entry) => (typeof entry === "string" ? entry.split(",") : []))
    .map((part, order) => {
      const [tag = "", ...opts] = part.split(";").map((s) => s.trim());
      const q = opts.find((o) => /^q\s*=/i.test(o));
      const weight = q === undefined ? 1 : Number(q.replace(/^q\s*=\s*/i, ""));
      return {
        tag: tag.toLowerCase().replaceAll("_", "-"),
        weight: Number.isFinite(weight) ? weight : 0,
        order,
      };
    })
    .filter((x) => x.tag !== "" && x.weight > 0)
    .sort((a, b) => b.weight - a.weight || a.order - b.order);
  for (const { tag } of ranked) {
    const subtags = tag.split("-");
    if (isSimplifiedChinese(subtags)) return "zh-CN";
    if (subtags[0] === "en") return "en";
  }
  return DEFAULT_LOCALE;
}
