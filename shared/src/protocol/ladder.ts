// One line of the ladder (time-sequence diagram and event log), as the match state carries it.
//
// The state holds each line as one string rather than as a schema object: a schema object costs
// a change tree of its own (about 630 bytes of server heap per line, against about 150 for a
// string), and a match keeps up to 400 lines. The string is a JSON array:
//   [t, type, role, segId, text]   e.g. [120,"send","client",3,"SA seq=1000 ack=2001 len=0"]

export const LADDER_TYPES = ["send", "arrive", "lost", "timer", "state", "call", "error", "decided"] as const;
export type LadderType = (typeof LADDER_TYPES)[number];

export interface LadderLine {
  /** Virtual time, ms. */
  t: number;
  type: LadderType;
  /** client | server */
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
      return line("state", 0, `${e.from} -> ${e.to}`);
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
