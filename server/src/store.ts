// Process-local lookups: join codes of live friend matches, and match records (live ones by
// reference, finished ones kept for replay). One process serves a classroom; see PROTOCOL.md.

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
  missionId: string;
  seed: number | string;
  finished: boolean;
  result: string;
  failedBecause: string;
  worldOptions: WorldOptions;
  inputs: readonly WorldInput[];
  log: readonly unknown[];
}

const MAX_FINISHED = 500;
const records = new Map<string, () => MatchRecord>();

export function registerMatch(roomId: string, get: () => MatchRecord): void {
  records.set(roomId, get);
  if (records.size > MAX_FINISHED) {
    const oldest = records.keys().next().value;
    if (oldest !== undefined) records.delete(oldest);
  }
}

/** Freeze a match's record (called when its room goes away). */
export function freezeMatch(roomId: string): void {
  const get = records.get(roomId);
  if (!get) return;
  const snapshot = structuredClone(get());
  records.set(roomId, () => snapshot);
}

export function matchRecord(roomId: string): MatchRecord | undefined {
  return records.get(roomId)?.();
}
