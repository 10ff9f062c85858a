// What every screen may use: the translator, settings, navigation, the mission list.

import type { Palette } from "../stage/model.ts";
import type { Role } from "./format.ts";
import type { Tr } from "./i18n/index.ts";
import type { MatchSession } from "./session.ts";
import type { MatchChoice, Settings } from "./storage.ts";

export type ScreenId = "title" | "solo" | "friend" | "match" | "result";

export interface Screen {
  readonly id: ScreenId;
  /** Build the screen into `root` (called again after a language change). */
  render(root: HTMLElement): void;
  destroy?(): void;
  /** Settings changed (reduced motion, palette): redraw what depends on them. */
  settingsChanged?(): void;
  /** Keys the screen handles; return true when handled. */
  onKey?(e: KeyboardEvent): boolean;
  /** For window.__tango. */
  debug?(): Record<string, unknown>;
}

/** How a match screen starts. */
export type MatchStart =
  | { kind: "create"; choice: MatchChoice; opponent: "bot" | "friend" }
  | { kind: "join"; code: string }
  | { kind: "resume" }
  /** A rematch in the same room: the session goes on, the screen starts afresh. */
  | {
      kind: "continue";
      session: MatchSession;
      choice: MatchChoice | null;
      matchNo: number;
      /** The rematch swapped the roles: the session's role is the player's new one. */
      swapped: boolean;
    };

export interface ResultData {
  roomId: string;
  missionId: string;
  role: Role;
  result: "success" | "failed";
  failedBecause: string;
  scores: Record<Role, { kind: string; nickname: string; score: number; mistakes: number; moves: number }>;
  mistakes: MistakeRecord[];
  logUrl: string;
  choice: MatchChoice | null;
}

export interface MistakeRecord {
  at: number;
  triggerKind: string;
  trigger: string;
  move: { flags: string; seq: number; ack: number; len: number }[];
  mistakes: { index: number; part: string; expected: string | number; got: string | number }[];
  explanation: string;
  misconception: string | null;
  scoreChange: number;
}

export interface Ctx {
  readonly tr: Tr;
  readonly settings: Settings;
  readonly reducedMotion: boolean;
  readonly palette: Palette;
  go(screen: ScreenId, arg?: unknown): void;
  missions(): Promise<string[]>;
  saveSettings(): void;
  setConnection(text: string | null, tone?: "ok" | "warn" | "bad"): void;
}
