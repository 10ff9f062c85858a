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
