// A match's options as the menus keep them (MatchChoice), read back from storage with defaults,
// and the create options they ask the server for (docs/PROTOCOL.md).

import { ROLES } from "./format.ts";
import { missionInfo } from "./missions.ts";
import type { MatchChoice } from "./storage.ts";

/** How often the bot makes a known mistake (consequence practice: the player's stack must cope). */
export const BOT_MISTAKES = ["never", "sometimes", "often"] as const;
export type BotMistakes = (typeof BOT_MISTAKES)[number];

/** How long a player has for each decision before the bot answers for them ("off": no limit). */
export const TIME_LIMITS = ["off", "30", "60"] as const;
export type TimeLimit = (typeof TIME_LIMITS)[number];

/**
 * How long the bot thinks before each answer when it takes its time, in ms of the room clock
 * (the server's `botDelayMs`; the catalog's missions run their clock at real time). The world
 * stands still meanwhile, and the page says whom it waits for.
 */
export const BOT_THINKS_MS = 1500;

/** The server's `botSloppiness`: the chance that the bot answers with a known misconception. */
const SLOPPINESS: Record<BotMistakes, number> = { never: 0, sometimes: 0.2, often: 0.5 };

const oneOf = <T extends string>(values: readonly T[], x: unknown, fallback: T): T =>
  values.includes(x as T) ? (x as T) : fallback;

/** A saved choice (possibly from an older page, or edited by hand) with every field valid. */
export function choiceFrom(saved: Partial<MatchChoice>): MatchChoice {
  const missionId =
    typeof saved.missionId === "string" && saved.missionId ? saved.missionId : "handshake-client";
  return {
    missionId,
    difficulty: oneOf(["pick", "flags", "full"], saved.difficulty, "pick"),
    mode: oneOf(["coach", "consequence"], saved.mode, "coach"),
    role: oneOf(ROLES, saved.role, missionInfo(missionId).defaultRole),
    guessState: saved.guessState === true,
    botMistakes: oneOf(BOT_MISTAKES, saved.botMistakes, "never"),
    botThinks: saved.botThinks === true,
    timeLimit: oneOf(TIME_LIMITS, saved.timeLimit, "off"),
  };
}

/**
 * The create options a choice adds beyond mission, role, mode, difficulty and guess play. The
 * bot's mistakes and pace are for a match against it: in a friend match it only keeps a seat warm.
 */
export function serverOptions(
  c: MatchChoice,
  opponent: "bot" | "friend",
): { botSloppiness: number; botDelayMs: number; decisionDeadlineSec?: number } {
  const vsBot = opponent === "bot";
  const bot = {
    botSloppiness: vsBot ? SLOPPINESS[c.botMistakes] : 0,
    botDelayMs: vsBot && c.botThinks ? BOT_THINKS_MS : 0,
  };
  return c.timeLimit === "off" ? bot : { ...bot, decisionDeadlineSec: Number(c.timeLimit) };
}
