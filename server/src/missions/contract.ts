// The mission API the room codes against: what the shared catalog's MissionRun and the built-in
// sandbox both provide. Only what the server uses is spelled out; the rest of a Mission passes
// through untouched.

import type { ChosenSegment, PendingDecision, World } from "@tcp-tango/shared/sim/world.ts";

export type Role = "client" | "server";
export { otherRole, ROLES } from "@tcp-tango/shared/missions/mission.ts";
export type Controller = "auto" | "human";

export interface MissionLike {
  id: string;
  order: number;
  difficulty: 1 | 2 | 3;
  defaultRole: Role;
  network?: unknown;
  tcp?: unknown;
  cues?: unknown;
  goal?: unknown;
  timeLimitMs: number;
  /** Virtual milliseconds per real millisecond; 1 when the mission does not say. */
  timeScale?: number;
}

export interface MissionOutcome {
  done: boolean;
  success: boolean;
  failedBecause?: string | undefined;
}

export interface MissionRunLike {
  readonly world: World;
  readonly mission: MissionLike;
  readonly sides: { client: "a"; server: "b" };
  readonly now: number;
  readonly pending: PendingDecision | undefined;
  /** Log entries numbered below this are read by the run itself (absent: it reads none). */
  readonly logReadTo?: number;
  advance(toMs: number): void;
  decide(role: Role, segments: ChosenSegment[] | "reference"): void;
  runToEnd(): void;
  outcome(): MissionOutcome;
  /**
   * The application at `role` makes a call now (missions from the shared catalog). Throws an
   * error with `code: "decision_pending"` while that role has a decision to answer first.
   */
  appCall?(role: Role, call: { op: string }): { result: number | null; error: string | null };
  /** Hand a seat's application to the bot (its player left) or back to a player (free play). */
  setBotApp?(role: Role, bot: boolean): void;
}

export interface MissionRunOptions {
  seed: number | string;
  controllers?: { client: Controller; server: Controller };
  /** In a mission without cues, whose application the bot runs (the others call appCall). */
  botApps?: { client: boolean; server: boolean };
}

export interface MissionEntry {
  mission: MissionLike;
  create(opts: MissionRunOptions): MissionRunLike;
}
