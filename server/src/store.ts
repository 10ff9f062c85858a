// Process-local lookups: join codes of live friend matches, and match records (live ones by
// reference, finished ones kept for replay). One process serves a classroom; see PROTOCOL.md.

import { type NetstatStep, replayWithNetstat } from "@tcp-tango/shared/protocol/netstatHistory.ts";
import type { WorldInput, WorldOptions } from "@tcp-tango/shared/sim/world.ts";

/** Unambiguous alphabet: no 0/O, 1/I/L. */
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const codes = new Map<string, string>();

export function newJoinCode(roomId: string, random: () => number = Math.random): string {
  for (;;) {
    let code = "";
    for (let i = 0; i < 6; i++) code += CODE_ALPHABET[Math.floor(random() * CODE_ALPHABET.length)];
    if (!codes.has(code)) {
      codes.set(code, roomId);
      return code;
    }
  }
}

export function roomForCode(code: string): string | undefined {
  return codes.get(code.toUpperCase());
}

export function releaseJoinCode(code: string): void {
  codes.delete(code);
}

export interface MatchRecord {
  roomId: string;
  /** The room's id for its first match, `<roomId>-<n>` for its nth (rematches). */
  matchId: string;
  missionId: string;
  seed: number | string;
  finished: boolean;
  result: string;
  failedBecause: string;
  worldOptions: WorldOptions;
  inputs: readonly WorldInput[];
  log: readonly unknown[];
  /** Each host's netstat table as of each log entry, where it changed (replayWithNetstat). */
  netstat: readonly NetstatStep[];
}

const MAX_FINISHED = 500;
/** Live matches (read through the room), and finished ones, oldest first (at most MAX_FINISHED). */
const live = new Map<string, () => RecordWithoutLog>();
const finished = new Map<string, RecordWithoutLog>();

/**
 * A match without its log, as the store keeps it: the log and the netstat history are rebuilt
 * exactly from the world's options and inputs when asked for (a live world forgets what its
 * readers have read).
 */
export type RecordWithoutLog = Omit<MatchRecord, "log" | "netstat">;

export function registerMatch(roomId: string, get: () => RecordWithoutLog): void {
  live.set(roomId, get);
}

/** Freeze a match's record (called when its room goes away). */
export function freezeMatch(roomId: string): void {
  const get = live.get(roomId);
  if (!get) return;
  live.delete(roomId);
  const rec = get();
  finished.set(roomId, { ...rec, inputs: rec.inputs.slice() });
  if (finished.size > MAX_FINISHED) {
    const oldest = finished.keys().next().value;
    if (oldest !== undefined) finished.delete(oldest);
  }
}

export function matchRecord(roomId: string): MatchRecord | undefined {
  const rec = live.get(roomId)?.() ?? finished.get(roomId);
  if (!rec) return undefined;
  return { ...rec, ...replayWithNetstat(rec.worldOptions, rec.inputs) };
}
