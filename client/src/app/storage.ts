// What the browser keeps: settings, progress and nickname in localStorage, the live match's
// reconnection data in sessionStorage (one tab, one seat).

import { isStageView, type Palette, type StageView } from "../stage/model.ts";
import type { BotMistakes, TimeLimit } from "./choice.ts";
import type { Role } from "./format.ts";
import { isLocale, type Locale } from "./i18n/index.ts";

export interface Settings {
  locale: Locale | null;
  reducedMotion: boolean | null;
  palette: Palette;
  /** What the stage's camera shows, once the player has picked (stageView.ts); null before. */
  stageView: StageView | null;
  nickname: string;
}

export interface Progress {
  done: boolean;
  best: number | null;
  plays: number;
}

export interface SavedSession {
  reconnectionToken: string;
  seatToken: string;
  roomId: string;
  role: Role;
  joinCode: string;
}

export interface MatchChoice {
  missionId: string;
  difficulty: "pick" | "flags" | "full";
  mode: "coach" | "consequence";
  role: Role;
  /** Guess-the-state play: the player's own host keeps its old state until they have answered. */
  guessState: boolean;
  /** How often the bot makes a known mistake (choice.ts). */
  botMistakes: BotMistakes;
  /** The bot thinks for a moment before each answer (choice.ts's BOT_THINKS_MS). */
  botThinks: boolean;
  /** Seconds for each decision before the bot answers for the player, or "off". */
  timeLimit: TimeLimit;
}

const SETTINGS = "tango.settings";
const PROGRESS = "tango.progress";
const CHOICE = "tango.choice";
const SESSION = "tango.session";

function read<T>(store: Storage | undefined, key: string): T | undefined {
  try {
    const raw = store?.getItem(key);
    return raw ? (JSON.parse(raw) as T) : undefined;
  } catch {
    return undefined;
  }
}
function write(store: Storage | undefined, key: string, value: unknown): void {
  try {
    if (value === undefined) store?.removeItem(key);
    else store?.setItem(key, JSON.stringify(value));
  } catch {
    // private mode or quota: settings simply do not persist
  }
}
const local = (): Storage | undefined => (typeof localStorage === "undefined" ? undefined : localStorage);
const session = (): Storage | undefined =>
  typeof sessionStorage === "undefined" ? undefined : sessionStorage;

export function loadSettings(): Settings {
  const s = read<Partial<Settings>>(local(), SETTINGS) ?? {};
  return {
    locale: isLocale(s.locale) ? s.locale : null,
    reducedMotion: typeof s.reducedMotion === "boolean" ? s.reducedMotion : null,
    palette: s.palette === "colorblind" ? "colorblind" : "default",
    stageView: isStageView(s.stageView) ? s.stageView : null,
    nickname: typeof s.nickname === "string" ? s.nickname.slice(0, 24) : "",
  };
}
export const saveSettings = (s: Settings): void => write(local(), SETTINGS, s);

export function loadProgress(): Record<string, Progress> {
  return read<Record<string, Progress>>(local(), PROGRESS) ?? {};
}
/** Record a finished match: done on success, best score kept. */
export function recordResult(missionId: string, success: boolean, score: number): Record<string, Progress> {
  const all = loadProgress();
  all[missionId] = mergeProgress(all[missionId], success, score);
  write(local(), PROGRESS, all);
  return all;
}
export function mergeProgress(old: Progress | undefined, success: boolean, score: number): Progress {
  const prev = old ?? { done: false, best: null, plays: 0 };
  return {
    done: prev.done || success,
    best: success ? Math.max(prev.best ?? score, score) : prev.best,
    plays: prev.plays + 1,
  };
}

export const loadChoice = (): Partial<MatchChoice> => read<Partial<MatchChoice>>(local(), CHOICE) ?? {};
export const saveChoice = (c: MatchChoice): void => write(local(), CHOICE, c);

export const loadSession = (): SavedSession | undefined => read<SavedSession>(session(), SESSION);
export const saveSession = (s: SavedSession | undefined): void => write(session(), SESSION, s);
