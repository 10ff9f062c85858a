// One line of the ladder (time-sequence diagram and event log), as the match state carries it,
// and the ladder as a client keeps it (LadderBook).
//
// The state holds each line as one string rather than as a schema object: a schema object costs
// a change tree of its own (about 630 bytes of server heap per line, against about 150 for a
// string). The string is a JSON array:
//   [t, type, role, segId, text]   e.g. [120,"send","client",3,"SA seq=1000 ack=2001 len=0"]
// A state line's text names the rule the engine applied (parseStateText):
//   [900,"state","server",0,"SYN_RECEIVED -> ESTABLISHED syn_received.ack.established"]
//
// The state carries only the last LADDER_WINDOW lines, in a ring: line n sits in slot
// n % LADDER_WINDOW, and `ladderEnd` counts the lines so far. A line never changes, so each client
// keeps what it has read (LadderBook) and asks the room for the history it missed (the `ladder`
// request) only on joining mid-match or after a burst longer than the window. The server keeps
// no copy of the history: it replays the match from its seed and inputs to answer.

/** Lines in the state's ring. */
export const LADDER_WINDOW = 16;
/** Lines a client keeps, and the most a history reply holds: the last this many. */
export const LADDER_MAX = 400;

export const LADDER_TYPES = ["send", "arrive", "lost", "timer", "state", "call", "error", "decided"] as const;
export type LadderType = (typeof LADDER_TYPES)[number];

export interface LadderLine {
  /** Virtual time, ms. */
  t: number;
  type: LadderType;
  /** client | server: the host it happened at (arrive, lost: the one the segment was headed for). */
  role: string;
  /** Transmission id for send/arrive/lost; 0 otherwise. */
  segId: number;
  /** A machine-readable code, never prose (docs/PROTOCOL.md lists them per type). */
  text: string;
}

export function encodeLadderLine(l: LadderLine): string {
  return JSON.stringify([l.t, l.type, l.role, l.segId, l.text]);
}

/** The line, or undefined when `raw` is not one (a client never trusts what it cannot read). */
export function decodeLadderLine(raw: unknown): LadderLine | undefined {
  if (typeof raw !== "string") return undefined;
  let a: unknown;
  try {
    a = JSON.parse(raw);
  } catch {
    return undefined;
  }
  if (!Array.isArray(a) || a.length !== 5) return undefined;
  const [t, type, role, segId, text] = a as unknown[];
  if (typeof t !== "number" || !Number.isFinite(t)) return undefined;
  if (typeof type !== "string" || !(LADDER_TYPES as readonly string[]).includes(type)) return undefined;
  if (role !== "client" && role !== "server") return undefined;
  if (typeof segId !== "number" || !Number.isInteger(segId) || segId < 0) return undefined;
  if (typeof text !== "string") return undefined;
  return { t, type: type as LadderType, role, segId, text };
}

/**
 * What a ladder line is made from: an entry of the World's log (shared/src/sim/world.ts), live or
 * as JSON in a match record.
 */
export interface LadderSource {
  t: number;
  type: string;
  id?: number | undefined;
  copy?: number | undefined;
  seg?: { flags: string; seq: number; ack: number; len: number } | undefined;
  timer?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  /** state: the rule the engine applied (shared/src/tcp/rules.ts). */
  rule?: string | undefined;
  call?: { op: string } | undefined;
  error?: string | null | undefined;
  byReference?: boolean | undefined;
  count?: number | undefined;
}

/**
 * A world log entry as the ladder line of `role` (its host's side). Undefined for what the
 * ladder leaves out: decision points (the judged move tells them).
 */
export function ladderLineOf(e: LadderSource, role: string): LadderLine | undefined {
  const line = (type: LadderType, segId: number, text: string): LadderLine => ({
    t: e.t,
    type,
    role,
    segId,
    text,
  });
  switch (e.type) {
    case "send": {
      const s = e.seg ?? { flags: "", seq: 0, ack: 0, len: 0 };
      return line("send", e.id ?? 0, `${s.flags} seq=${s.seq} ack=${s.ack} len=${s.len}`);
    }
    case "arrive":
      return line("arrive", e.id ?? 0, (e.copy ?? 0) > 0 ? "dup" : "");
    case "lost":
      return line("lost", e.id ?? 0, "");
    case "timer":
      return line("timer", 0, e.timer ?? "");
    case "state":
      return line("state", 0, `${e.from} -> ${e.to}${e.rule ? ` ${e.rule}` : ""}`);
    case "call":
      return line("call", 0, `${e.call?.op ?? "?"}()${e.error ? ` = ${e.error}` : ""}`);
    case "error":
      return line("error", 0, e.error ?? "");
    case "decided":
      return line("decided", 0, e.byReference ? "reference" : `chosen ${e.count}`);
    default:
      return undefined;
  }
}

/**
 * A state line's text: "FROM -> TO rule" ("SYN_SENT -> ESTABLISHED syn_sent.syn_ack.established");
 * `rule` is "" where the line has none.
 */
export function parseStateText(text: string): { from: string; to: string; rule: string } {
  const [from = "", rest = ""] = text.split("->").map((s) => s.trim());
  const [to = "", rule = ""] = rest.split(/\s+/);
  return { from, to, rule };
}

/** The ring's lines in order, numbered: line `end - k` … `end - 1` for the k slots in use. */
export function ladderWindow(slots: readonly unknown[], end: number): { from: number; lines: unknown[] } {
  const n = Math.min(slots.length, end, LADDER_WINDOW);
  const from = end - n;
  const lines: unknown[] = [];
  for (let i = from; i < end; i++) lines.push(slots[i % LADDER_WINDOW]);
  return { from, lines };
}

/**
 * The ladder as a client keeps it: the last LADDER_MAX lines (or fewer), numbered from the
 * match's start, merged from each state's ring and from history replies.
 */
export class LadderBook {
  /** Lines `start` … `start + lines.length - 1`, in order. */
  lines: unknown[] = [];
  start = 0;

  get end(): number {
    return this.start + this.lines.length;
  }

  /**
   * Take the state's ring. Returns the number of the first line to ask the room for (the
   * `ladder` request) when the book lacks lines it should keep, else undefined.
   */
  takeWindow(slots: readonly unknown[], end: number): number | undefined {
    const w = ladderWindow(slots, end);
    if (end < this.end || w.from > this.end) {
      // Joined mid-match, a burst longer than the ring, or another match: start from the ring.
      this.start = w.from;
      this.lines = w.lines;
    } else for (let i = this.end - w.from; i < w.lines.length; i++) this.lines.push(w.lines[i]);
    this.trim();
    const want = Math.max(0, end - LADDER_MAX);
    return this.start > want ? want : undefined;
  }

  /** Lines `from` … from a history reply: what comes before the book's first line is put in front. */
  takeHistory(from: number, lines: readonly unknown[]): void {
    if (from >= this.start || from + lines.length < this.start) return; // nothing new, or not adjacent
    this.lines = [...lines.slice(0, this.start - from), ...this.lines];
    this.start = from;
    this.trim();
  }

  private trim(): void {
    const over = this.lines.length - LADDER_MAX;
    if (over <= 0) return;
    this.lines.splice(0, over);
    this.start += over;
  }
}
