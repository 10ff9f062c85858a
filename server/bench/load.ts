// What bench:server's coordinator (server.bench.ts) and its load generators (load-generator.ts)
// share: how a player behaves, the commands the coordinator sends a generator and what each
// answers, and the arithmetic both do on round trips.

import type { LoopStats } from "../src/debug/loopStats.ts";
import type { MoveSeen } from "../src/debug/moveTrace.ts";
import type { Role } from "../src/missions/contract.ts";

export const MOVE_EVERY_MS = 2000;
/** Each interval between a player's moves is MOVE_EVERY_MS ± this share. */
export const MOVE_JITTER = 0.25;
/** How long a player takes to read a decision before answering it, ms. */
export const THINK_MIN_MS = 300;
export const THINK_MAX_MS = 800;
export const MISSION = "sandbox.lifecycle";
/** Joins in flight at once while connecting, over all generators (a pool, not batches). */
export const CONNECT_CONCURRENCY = 64;
export const CONNECT_LIMIT_MS = 150_000;
/** Echo sockets opened at once. */
export const RAMP_BATCH = 50;
/** Distinct seeds the matches cycle through. */
export const SEED_POOL = 64;

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `ms` ± `share` of it, uniformly: players do not all act on the same beat. */
export const jittered = (ms: number, share: number) => ms * (1 - share + 2 * share * Math.random());

export function pct(sorted: readonly number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Whether a round trip under way from `from` to `to` (wall-clock ms) overlapped one of `spans`. */
export function overlaps(spans: readonly [number, number][], from: number, to: number): boolean {
  return spans.some(([a, b]) => a < to && b > from);
}

/** State patches received in a window: frames and their bytes. */
export interface PatchTraffic {
  frames: number;
  bytes: number;
}

/** One match to start: a pair of players in a friend match, or one against the bot. */
export interface PlannedMatch {
  humans: 1 | 2;
  role: Role;
}

/** The round trips one generator measured in a window, each with when it was sent (wall-clock ms). */
export interface Timed {
  rtt: number[];
  sentAt: number[];
  /** This generator's event loop over the window (its GC pauses and stalls as wall-clock spans). */
  loop: LoopStats;
  /** This generator's CPU over the window, % of one core. */
  cpu: number;
}

/** A generator's game window (game.close). */
export interface GameReport extends Timed {
  movesSeen: MoveSeen[];
  pingRtt: number[];
  movesWrong: number;
  moveErrors: number;
  errorKinds: [string, number][];
  rampErrors: [string, number][];
  matchesDone: number;
  patches: PatchTraffic;
  /** Players still connected at the window's end. */
  live: number;
  /** The allocation profile this generator wrote (TANGO_BENCH_ALLOCATIONS). */
  allocationFile?: string;
}

/** A generator's floor window (floor.close). */
export interface FloorReport extends Timed {
  errors: number;
  patches: PatchTraffic;
}

/** Traffic a floor room sends after each request (FloorRoom's options). */
export interface FloorTraffic {
  framesPerRequest: number;
  patchBytes: number;
}

/**
 * What the coordinator asks of a generator; it answers each with `{ id, ok }` or `{ id, error }`.
 * A phase connects its players, opens its window, and closes it with the window's report.
 */
export type Command =
  | { cmd: "game.ramp"; port: number; plan: PlannedMatch[]; upTo: number; concurrency: number }
  | { cmd: "game.open" }
  | { cmd: "game.close" }
  | { cmd: "game.leave" }
  | {
      cmd: "floor.connect";
      port: number;
      pairs: number;
      singles: number;
      traffic?: FloorTraffic;
      concurrency: number;
    }
  | { cmd: "floor.open"; everyMs: number }
  | { cmd: "floor.close" }
  | { cmd: "echo.connect"; port: number; n: number }
  | { cmd: "echo.open" }
  | { cmd: "echo.close" }
  | { cmd: "gc" };

export interface RampReport {
  /** Players connected so far. */
  live: number;
  failures: [string, number][];
}

/** What each command answers. */
export interface Answers {
  "game.ramp": RampReport;
  "game.open": null;
  "game.close": GameReport;
  "game.leave": null;
  "floor.connect": { players: number };
  "floor.open": null;
  "floor.close": FloorReport;
  "echo.connect": { sockets: number };
  "echo.open": null;
  "echo.close": Timed;
  gc: null;
}

export type Reply = { id: number; ok: unknown } | { id: number; error: string };
