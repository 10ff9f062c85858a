// The referee: what the reference TCP would do at a decision, whether a player's move matches
// it (and if not, exactly which parts differ), and plausible wrong moves drawn from the
// misconceptions students really have.

import type { Prng } from "../net/prng.ts";
import type { PendingDecision } from "../sim/world.ts";
import type { RuleKey } from "../tcp/rules.ts";
import { ACK, FIN, flagsFromString, flagsToString, PSH, RST, type Segment, SYN } from "../tcp/segment.ts";
import { seqAdd, seqWrap } from "../tcp/seq.ts";
import type { TcpState } from "../tcp/state.ts";

/** One segment of a move, in absolute numbers; `ack` is ignored without the A flag. */
export interface MoveSegment {
  flags: string;
  seq: number;
  ack: number;
  len: number;
}

export interface Move {
  segments: MoveSegment[];
  /** The state the player says the endpoint is in afterwards (guess-the-state play). */
  state?: TcpState | undefined;
}

export type WrongPart = "count" | "flags" | "seq" | "ack" | "len" | "state";

export interface Mistake {
  /** Which segment (0-based), or -1 for the move as a whole. */
  index: number;
  part: WrongPart;
  expected: string | number;
  got: string | number;
}

/** Misconceptions students really have; texts are in the i18n catalogs (`misconception.<key>`). */
export const MISCONCEPTIONS = [
  "ack_is_peer_seq",
  "ack_ignores_len",
  "fin_without_ack",
  "syn_ack_without_syn",
  "seq_not_advanced",
  "closed_not_time_wait",
  "fin_answers_fin",
  "silence",
  "answer_anyway",
  "reset_instead",
  "state_unchanged",
  "isn_is_zero",
  "syn_with_ack",
] as const;
export type MisconceptionKey = (typeof MISCONCEPTIONS)[number];

export interface Verdict {
  correct: boolean;
  mistakes: Mistake[];
  /** The rule that decides this event; its text explains the right answer. */
  explanation: RuleKey;
  /** The misconception the move matches, when it is a known one. */
  misconception?: MisconceptionKey | undefined;
}

const MEANINGFUL_FLAGS = SYN | FIN | RST | ACK;

/** Flags as the referee compares them: PSH is informational. */
export function normaliseFlags(flags: string): string {
  return flagsToString(flagsFromString(flags) & MEANINGFUL_FLAGS);
}

export function toMoveSegment(seg: Segment): MoveSegment {
  return {
    flags: flagsToString(seg.flags & ~PSH),
    seq: seg.seq,
    ack: seg.flags & ACK ? seg.ack : 0,
    len: seg.len,
  };
}

/** The reference answer at a decision. */
export function expectedMove(d: PendingDecision): Move {
  return { segments: d.expected.sent.map(toMoveSegment), state: d.expected.state };
}

/** The rule that best explains a decision: the last state change's, else the last rule applied. */
export function explanationOf(d: PendingDecision): RuleKey {
  const rules = d.expected.rules;
  return rules[rules.length - 1] ?? "segment.nothing_to_send";
}

/** Judge a move against the reference. The state is judged only when the move names one. */
export function judge(expected: Move, got: Move, explanation: RuleKey, d?: PendingDecision): Verdict {
  const mistakes: Mistake[] = [];
  if (got.segments.length !== expected.segments.length) {
    mistakes.push({ index: -1, part: "count", expected: expected.segments.length, got: got.segments.length });
  }
  const n = Math.min(got.segments.length, expected.segments.length);
  for (let i = 0; i < n; i++) {
    const e = expected.segments[i] as MoveSegment;
    const g = got.segments[i] as MoveSegment;
    const ef = normaliseFlags(e.flags);
    const gf = normaliseFlags(g.flags);
    if (ef !== gf) mistakes.push({ index: i, part: "flags", expected: ef, got: gf });
    if (seqWrap(e.seq) !== seqWrap(g.seq))
      mistakes.push({ index: i, part: "seq", expected: e.seq, got: g.seq });
    if (ef.includes("A") && gf.includes("A") && seqWrap(e.ack) !== seqWrap(g.ack))
      mistakes.push({ index: i, part: "ack", expected: e.ack, got: g.ack });
    if (e.len !== g.len) mistakes.push({ index: i, part: "len", expected: e.len, got: g.len });
  }
  if (got.state !== undefined && expected.state !== undefined && got.state !== expected.state) {
    mistakes.push({ index: -1, part: "state", expected: expected.state, got: got.state });
  }
  const correct = mistakes.length === 0;
  return {
    correct,
    mistakes,
    explanation,
    misconception: correct || !d ? undefined : recognise(d, got),
  };
}

/** Which known misconception, if any, produces exactly this move. */
export function recognise(d: PendingDecision, got: Move): MisconceptionKey | undefined {
  // A move that names no state (pick difficulty without a guess) is compared by its segments.
  for (const [key, move] of misconceptionMoves(d)) {
    if (sameMove(got.state === undefined ? { segments: move.segments } : move, got)) return key;
  }
  return undefined;
}

/**
 * The "pick one of a few" choices: the right move and up to `count - 1` wrong ones, each a
 * real misconception where one applies, shuffled with the match's PRNG.
 */
export function candidates(
  d: PendingDecision,
  prng: Prng,
  count = 4,
): { moves: Move[]; correctIndex: number } {
  // A candidate is what to send; the next state is guessed separately, so candidates differ in
  // their segments and carry no state.
  const right: Move = { segments: expectedMove(d).segments };
  const wrong: Move[] = [];
  for (const [, move] of misconceptionMoves(d)) {
    if (wrong.length >= count - 1) break;
    const segmentsOnly: Move = { segments: move.segments };
    if (!sameMove(segmentsOnly, right) && !wrong.some((w) => sameMove(w, segmentsOnly)))
      wrong.push(segmentsOnly);
  }
  const moves = prng.shuffle([right, ...wrong]);
  return { moves, correctIndex: moves.findIndex((m) => sameMove(m, right)) };
}

/** A wrong move a sloppy bot might make: a random applicable misconception. */
export function sloppyMove(
  d: PendingDecision,
  prng: Prng,
): { key: MisconceptionKey; move: Move } | undefined {
  const right = expectedMove(d);
  const options = misconceptionMoves(d).filter(([, m]) => !sameMove(m, right));
  if (options.length === 0) return undefined;
  const [key, move] = prng.pick(options);
  return { key, move };
}

/** Every misconception that applies to this decision, with the move it produces. */
export function misconceptionMoves(d: PendingDecision): Array<[MisconceptionKey, Move]> {
  const right = expectedMove(d);
  const segs = right.segments;
  const out: Array<[MisconceptionKey, Move]> = [];
  const add = (key: MisconceptionKey, segments: MoveSegment[], state = right.state) =>
    out.push([key, { segments, state }]);
  const map = (f: (s: MoveSegment) => MoveSegment) => segs.map(f);
  const trigger = d.trigger.kind === "segment" ? d.trigger.seg : undefined;
  const triggerFlags = trigger ? flagsFromString(trigger.flags) : 0;

  if (segs.some((s) => s.flags.includes("A"))) {
    if (triggerFlags & (SYN | FIN))
      add(
        "ack_is_peer_seq",
        map((s) => (s.flags.includes("A") ? { ...s, ack: seqAdd(s.ack, -1) } : s)),
      );
    if (trigger && trigger.len > 0)
      add(
        "ack_ignores_len",
        map((s) => (s.flags.includes("A") ? { ...s, ack: seqAdd(s.ack, -trigger.len) } : s)),
      );
  }
  if (segs.some((s) => s.flags.includes("F") && s.flags.includes("A"))) {
    add(
      "fin_without_ack",
      map((s) => (s.flags.includes("F") ? { ...s, flags: s.flags.replace("A", ""), ack: 0 } : s)),
    );
  }
  if (segs.some((s) => s.flags.includes("S") && s.flags.includes("A"))) {
    add(
      "syn_ack_without_syn",
      map((s) => (s.flags.includes("S") ? { ...s, flags: "A", seq: seqAdd(s.seq, 1) } : s)),
    );
  }
  if (segs.some((s) => !s.flags.includes("S") && !s.flags.includes("R")) && d.stateBefore !== "SYN_SENT") {
    add(
      "seq_not_advanced",
      map((s) => (s.flags.includes("S") || s.flags.includes("R") ? s : { ...s, seq: seqAdd(s.seq, -1) })),
    );
  }
  if (right.state === "TIME_WAIT") add("closed_not_time_wait", segs, "CLOSED");
  if (trigger && triggerFlags & FIN && segs.length === 1 && segs[0]?.flags === "A") {
    const ack = segs[0];
    add("fin_answers_fin", [{ ...ack, flags: "FA" }], "LAST_ACK");
  }
  if (segs.length > 0) add("silence", []);
  if (segs.length === 0 && trigger) {
    const ackFor = seqAdd(
      trigger.seq,
      trigger.len + (triggerFlags & SYN ? 1 : 0) + (triggerFlags & FIN ? 1 : 0),
    );
    add("answer_anyway", [
      { flags: "A", seq: trigger.flags.includes("A") ? trigger.ack : 0, ack: ackFor, len: 0 },
    ]);
  }
  if (segs.length === 1 && segs[0]?.flags === "A" && trigger) {
    add("reset_instead", [{ flags: "R", seq: segs[0].seq, ack: 0, len: 0 }], "CLOSED");
  }
  if (right.state !== undefined && right.state !== d.stateBefore) add("state_unchanged", segs, d.stateBefore);
  // Wireshark's relative numbers make many believe every connection starts at sequence number 0.
  if (segs.some((s) => s.flags.includes("S") && seqWrap(s.seq) !== 0)) {
    add(
      "isn_is_zero",
      map((s) => (s.flags.includes("S") ? { ...s, seq: 0 } : s)),
    );
  }
  if (segs.some((s) => s.flags === "S")) {
    add(
      "syn_with_ack",
      map((s) => (s.flags === "S" ? { ...s, flags: "SA", ack: 0 } : s)),
    );
  }
  return out;
}

function sameMove(a: Move, b: Move): boolean {
  if (a.segments.length !== b.segments.length || a.state !== b.state) return false;
  return a.segments.every((s, i) => {
    const t = b.segments[i] as MoveSegment;
    const f = normaliseFlags(s.flags);
    return (
      f === normaliseFlags(t.flags) &&
      seqWrap(s.seq) === seqWrap(t.seq) &&
      (!f.includes("A") || seqWrap(s.ack) === seqWrap(t.ack)) &&
      s.len === t.len
    );
  });
}
