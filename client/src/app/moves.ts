// The move picker's draft and the `move` payload it becomes (pure; moves.test.ts).

import { AppError } from "./errors.ts";
import { normaliseFlags, type Seg } from "./format.ts";

export type Difficulty = "pick" | "flags" | "full";

export interface DraftSeg {
  flags: string;
  seq: string;
  ack: string;
  len: string;
}

export interface Draft {
  decisionId: number;
  /** How many moves to pick from (pick difficulty; 0 otherwise). */
  candidates: number;
  choice: number | null;
  segs: DraftSeg[];
  guess: string;
}

export const emptySeg = (): DraftSeg => ({ flags: "", seq: "", ack: "", len: "0" });

export function newDraft(decisionId: number, difficulty: Difficulty, candidates = 0): Draft {
  const pick = difficulty === "pick";
  return {
    decisionId,
    candidates: pick ? candidates : 0,
    choice: null,
    segs: pick ? [] : [emptySeg()],
    guess: "",
  };
}

export function toggleFlag(flags: string, letter: string, on: boolean): string {
  const without = flags.toUpperCase().replaceAll(letter, "");
  return normaliseFlags(on ? without + letter : without);
}

const U32 = /^\d{1,10}$/;
const parseU32 = (s: string): number | undefined => {
  const t = s.trim();
  if (!U32.test(t)) return undefined;
  const n = Number(t);
  return n <= 0xffffffff ? n : undefined;
};

export type MovePayload =
  | { choice: number; decisionId: number; state?: string }
  | { flags: string[]; decisionId: number; state?: string }
  | { segments: Seg[]; decisionId: number; state?: string };

/** The payload for the server, or an AppError naming what to fix. `nothing` sends no segment. */
export function buildMove(difficulty: Difficulty, d: Draft, nothing = false): MovePayload | AppError {
  const state = d.guess ? { state: d.guess } : {};
  const base = { decisionId: d.decisionId, ...state };
  if (difficulty === "pick") {
    if (d.choice === null) return new AppError("err.noChoice", { last: d.candidates });
    return { choice: d.choice, ...base };
  }
  const segs = nothing ? [] : d.segs;
  for (const [i, s] of segs.entries())
    if (!normaliseFlags(s.flags)) return new AppError("err.noFlags", { n: i + 1 });
  if (difficulty === "flags") return { flags: segs.map((s) => normaliseFlags(s.flags)), ...base };
  const segments: Seg[] = [];
  for (const [i, s] of segs.entries()) {
    const n = i + 1;
    const flags = normaliseFlags(s.flags);
    const seq = parseU32(s.seq);
    if (seq === undefined) return new AppError("err.seq", { n });
    let ack = 0;
    if (s.ack.trim() !== "" || flags.includes("A")) {
      const a = parseU32(s.ack);
      if (a === undefined) return new AppError("err.ack", { n });
      ack = a;
    }
    const lenText = s.len.trim() === "" ? "0" : s.len.trim();
    const len = /^\d{1,4}$/.test(lenText) ? Number(lenText) : Number.NaN;
    if (!(len >= 0 && len <= 1460)) return new AppError("err.len", { n });
    segments.push({ flags, seq, ack, len });
  }
  return { segments, ...base };
}
