// Pure text formatting: segments, triggers, netstat rows, timers, judged moves, events.
// No DOM here (format.test.ts runs under node --test).

import { parseStateText } from "@tcp-tango/shared/protocol/ladder.ts";
import type { NetstatRecord } from "@tcp-tango/shared/protocol/records.ts";
import { RULES } from "@tcp-tango/shared/tcp/rules.ts";
import { sentence, type Tr } from "./i18n/index.ts";

export type Role = "client" | "server";
export const ROLES: readonly Role[] = ["client", "server"];

export interface Seg {
  flags: string;
  seq: number;
  ack: number;
  len: number;
}

/** Flag letters in the order the game writes them, with their names. */
export const FLAG_LETTERS = ["S", "F", "R", "P", "A"] as const;
export type FlagLetter = (typeof FLAG_LETTERS)[number];
const FLAG_NAME: Record<FlagLetter, string> = { S: "SYN", F: "FIN", R: "RST", P: "PSH", A: "ACK" };

/** "SA" → "SYN,ACK"; unknown letters are kept; "" → "(no flags)"-free empty string. */
export function flagNames(flags: string): string {
  const letters = normaliseFlags(flags);
  return [...letters].map((l) => FLAG_NAME[l as FlagLetter] ?? l).join(",");
}

/** Flags in S F R P A order, without repeats: "AS" → "SA". */
export function normaliseFlags(flags: string): string {
  const up = flags.toUpperCase();
  const known = FLAG_LETTERS.filter((l) => up.includes(l)).join("");
  const other = [...new Set(up)].filter((c) => !(FLAG_LETTERS as readonly string[]).includes(c)).join("");
  return known + other;
}

/** "ACK seq=1001 ack=5001", "SYN seq=1000", "PSH,ACK seq=1 ack=1 len=100". */
export function formatSegment(s: Seg): string {
  const flags = normaliseFlags(s.flags);
  return `${flagNames(flags) || "—"} ${formatNumbers(s)}`;
}

/** The numbers of a segment: "seq=5000 ack=1001" (ack only with ACK, len only when > 0). */
export function formatNumbers(s: Seg): string {
  let out = `seq=${s.seq}`;
  if (normaliseFlags(s.flags).includes("A")) out += ` ack=${s.ack}`;
  if (s.len > 0) out += ` len=${s.len}`;
  return out;
}

/** A move (a list of segments) in words; none → "send nothing". */
export function formatMove(tr: Tr, segments: readonly Seg[]): string {
  return segments.length === 0 ? tr.ui("picker.nothing") : segments.map(formatSegment).join(" + ");
}

/** Parse "SA seq=1000 ack=2001 len=0" (the server's trigger and ladder text). */
export function parseSegmentText(text: string): Seg | undefined {
  const m = /^\s*([A-Z]*)\s+seq=(\d+)\s+ack=(\d+)\s+len=(\d+)\s*$/.exec(text);
  if (!m) return undefined;
  return { flags: m[1]!, seq: Number(m[2]), ack: Number(m[3]), len: Number(m[4]) };
}

export type ParsedTrigger =
  | { kind: "segment"; seg: Seg }
  | { kind: "timer"; timer: string }
  | { kind: "call"; op: string }
  | { kind: "other"; text: string };

/** The decision's trigger (`triggerKind` + the server's short `trigger` text). */
export function parseTrigger(kind: string, text: string): ParsedTrigger {
  if (kind === "segment") {
    const seg = parseSegmentText(text);
    if (seg) return { kind: "segment", seg };
  }
  if (kind === "timer") return { kind: "timer", timer: text.replace(/^timer\s+/, "") };
  if (kind === "call") return { kind: "call", op: text.replace(/^call\s+/, "").replace(/\(\)$/, "") };
  return { kind: "other", text };
}

/** "SYN,ACK arrived: seq=… ack=…" / "Timer expired: RTO" / "The application called close()". */
export function describeTrigger(tr: Tr, kind: string, text: string): string {
  const p = parseTrigger(kind, text);
  switch (p.kind) {
    case "segment":
      return tr.ui("trigger.segment", {
        flags: flagNames(p.seg.flags) || "—",
        segment: formatNumbers(p.seg),
      });
    case "timer":
      return tr.ui("trigger.timer", { timer: tr.game(`timer.${p.timer}`) });
    case "call":
      return tr.ui("trigger.call", { op: p.op });
    default:
      return p.text;
  }
}

/** A netstat row as the state's host records carry it; replayed rows may lack `timerAt` (0 or absent: now). */
export type NetstatRowLike = Omit<NetstatRecord, "timerAt"> & { timerAt?: number };

/** The Timer column as `netstat -o` prints it: "on (0.98/0/0)", "timewait (7.50/0/0)", "off (0.00/0/0)". */
export function netstatTimer(kind: string, remainingMs: number): string {
  const secs = (Math.max(0, remainingMs) / 1000).toFixed(2);
  switch (kind) {
    case "retransmission":
      return `on (${secs}/0/0)`;
    case "time_wait":
    case "fin_wait_2":
      return `timewait (${secs}/0/0)`;
    case "keepalive":
      return `keepalive (${secs}/0/0)`;
    default:
      return "off (0.00/0/0)";
  }
}

/** The cells of one netstat row, in column order (the timer column uses `remainingMs`). */
export function netstatCells(row: NetstatRowLike, remainingMs = row.timerRemainingMs): string[] {
  return [
    row.proto || "tcp",
    String(row.recvQ),
    String(row.sendQ),
    row.local,
    row.foreign,
    row.state,
    netstatTimer(row.timerKind, remainingMs),
  ];
}

/** Game milliseconds as seconds: "7.3 s". */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
}

/** "+10", "−3", "±0". */
export function formatScoreChange(n: number): string {
  return n > 0 ? `+${n}` : n < 0 ? `−${-n}` : "±0";
}

/** The clock as "12.40 s". */
export function formatClock(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(2)} s`;
}

export interface Mistake {
  index: number;
  part: string;
  expected: string | number;
  got: string | number;
}

/** One line per mistake: "acknowledgment number: expected 5001, got 5000". */
export function mistakeLines(tr: Tr, mistakes: readonly Mistake[], segmentCount: number): string[] {
  return mistakes.map((m) => {
    const part = tr.game(`part.${m.part}`);
    const show = (v: string | number) =>
      m.part === "flags" && typeof v === "string" ? flagNames(v) || "—" : v;
    const params = { part, expected: show(m.expected), got: show(m.got), n: m.index + 1 };
    const perSegment = segmentCount > 1 && m.part !== "count" && m.part !== "state";
    return sentence(tr.game(perSegment ? "mistake.segment" : "mistake.move", params));
  });
}

/** The RFC clause of a rule key ("" when unknown). */
export function ruleClause(key: string): string {
  return (RULES as Record<string, { rfc: string } | undefined>)[key]?.rfc ?? "";
}

/** An explanation: the rule's text and its clause. */
export function explanation(tr: Tr, key: string): { text: string; rfc: string } {
  return { text: key ? tr.game(`rule.${key}`) : "", rfc: ruleClause(key) };
}

export function roleName(tr: Tr, role: string): string {
  return role === "client" || role === "server" ? tr.ui(`role.${role}`) : role;
}

export interface LadderEntryLike {
  t: number;
  type: string;
  role: string;
  segId: number;
  text: string;
}

/**
 * An event of the ladder in words, for the live log. `segments` maps a transmission id to its
 * segment (from earlier `send` entries) so arrivals and losses can say which segment.
 */
export function ladderEventText(
  tr: Tr,
  e: LadderEntryLike,
  segments: ReadonlyMap<number, Seg>,
): string | null {
  const role = roleName(tr, e.role);
  const seg = segments.get(e.segId);
  const segText = seg ? formatSegment(seg) : `#${e.segId}`;
  switch (e.type) {
    case "send": {
      const s = parseSegmentText(e.text);
      return sentence(tr.ui("ev.send", { role, segment: s ? formatSegment(s) : e.text }));
    }
    case "arrive":
      return sentence(tr.ui(e.text === "dup" ? "ev.dupArrive" : "ev.arrive", { role, segment: segText }));
    case "lost":
      return sentence(tr.ui("ev.lost", { role, segment: segText }));
    case "timer":
      return sentence(tr.ui("ev.timer", { role, timer: tr.game(`timer.${e.text}`) }));
    case "state": {
      const { from, to } = parseStateText(e.text);
      return sentence(tr.ui("ev.state", { role, from, to }));
    }
    case "call": {
      const m = /^(\w+)\(\)(?: = (\w+))?$/.exec(e.text);
      if (m?.[2]) return sentence(tr.ui("ev.callError", { role, op: m[1]!, error: m[2] }));
      return sentence(tr.ui("ev.call", { role, op: m?.[1] ?? e.text }));
    }
    case "error":
      return sentence(tr.ui("ev.error", { role, error: e.text }));
    default:
      return null; // "decided" is told by the judged-move events
  }
}
