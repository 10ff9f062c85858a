// Records the match state carries as one string each, like the ladder's lines (ladder.ts): a
// host's netstat table, the segment copies in flight, a decision's candidate moves.
//
// Each is written whole whenever it changes, and is small, so a patch loses little by resending
// it; a schema object per record would cost the server a change tree of its own (about 1.2 KB
// of heap per object, with its map bookkeeping, against about 0.2 KB for a string) and work
// on every patch. Each string is a JSON array; the decoders return undefined for anything else
// (a client never trusts what it cannot read).

/** One `netstat -tan -o` row. */
export interface NetstatRecord {
  proto: string;
  recvQ: number;
  sendQ: number;
  local: string;
  foreign: string;
  /** netstat's spelling: LISTEN, SYN_SENT, SYN_RECV, ESTABLISHED, …, TIME_WAIT, CLOSE */
  state: string;
  /** "" without a running timer */
  timerKind: string;
  timerRemainingMs: number;
  /** Virtual time at which `timerRemainingMs` was measured (0 without a timer). */
  timerAt: number;
}

/** A host: its address and its socket table. `[ip, [[recvQ, sendQ, local, foreign, state, timerKind, timerRemainingMs, timerAt], …]]` */
export interface HostRecord {
  ip: string;
  rows: NetstatRecord[];
}

export type Fate = "delivered" | "lost" | "delayed" | "reordered" | "duplicate";
export const FATES: readonly Fate[] = ["delivered", "lost", "delayed", "reordered", "duplicate"];
export const FLIGHT_BY = ["reference", "player", "bot-mistake"] as const;

/** One copy of one transmitted segment, from send to arrival or loss. `[id, copy, from, flags, seq, ack, len, sentAt, arriveAt, fate, by]` */
export interface FlightRecord {
  id: number;
  copy: number;
  /** client | server */
  from: string;
  flags: string;
  seq: number;
  ack: number;
  len: number;
  sentAt: number;
  arriveAt: number;
  fate: Fate;
  /** reference | player | bot-mistake */
  by: string;
}

export interface SegmentRecord {
  flags: string;
  seq: number;
  ack: number;
  len: number;
}

/** A decision's candidate moves in pick difficulty, in index order. `[[[flags, seq, ack, len], …], …]`; `[]` for none. */
export type CandidatesRecord = SegmentRecord[][];

const num = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const str = (v: unknown): v is string => typeof v === "string";

function parseArray(raw: unknown): unknown[] | undefined {
  if (typeof raw !== "string") return undefined;
  try {
    const a: unknown = JSON.parse(raw);
    return Array.isArray(a) ? a : undefined;
  } catch {
    return undefined;
  }
}

export function encodeHost(h: HostRecord): string {
  return JSON.stringify([
    h.ip,
    h.rows.map((r) => [
      r.recvQ,
      r.sendQ,
      r.local,
      r.foreign,
      r.state,
      r.timerKind,
      r.timerRemainingMs,
      r.timerAt,
    ]),
  ]);
}

export function decodeHost(raw: unknown): HostRecord | undefined {
  const a = parseArray(raw);
  if (a?.length !== 2 || !str(a[0]) || !Array.isArray(a[1])) return undefined;
  const rows: NetstatRecord[] = [];
  for (const r of a[1] as unknown[]) {
    if (!Array.isArray(r) || r.length !== 8) return undefined;
    const [recvQ, sendQ, local, foreign, state, timerKind, timerRemainingMs, timerAt] = r as unknown[];
    if (!num(recvQ) || !num(sendQ) || !str(local) || !str(foreign) || !str(state) || !str(timerKind))
      return undefined;
    if (!num(timerRemainingMs) || !num(timerAt)) return undefined;
    rows.push({ proto: "tcp", recvQ, sendQ, local, foreign, state, timerKind, timerRemainingMs, timerAt });
  }
  return { ip: a[0], rows };
}

export function encodeFlight(f: FlightRecord): string {
  return JSON.stringify([
    f.id,
    f.copy,
    f.from,
    f.flags,
    f.seq,
    f.ack,
    f.len,
    f.sentAt,
    f.arriveAt,
    f.fate,
    f.by,
  ]);
}

export function decodeFlight(raw: unknown): FlightRecord | undefined {
  return flightOf(parseArray(raw));
}

/** All the segment copies in flight, one string: a JSON array of encodeFlight's arrays. */
export function encodeFlights(encoded: readonly string[]): string {
  return `[${encoded.join(",")}]`;
}

/** Undefined unless every element is a flight record. */
export function decodeFlights(raw: unknown): FlightRecord[] | undefined {
  const a = parseArray(raw);
  if (!a) return undefined;
  const out: FlightRecord[] = [];
  for (const item of a) {
    const f = flightOf(Array.isArray(item) ? item : undefined);
    if (!f) return undefined;
    out.push(f);
  }
  return out;
}

function flightOf(a: unknown[] | undefined): FlightRecord | undefined {
  if (a?.length !== 11) return undefined;
  const [id, copy, from, flags, seq, ack, len, sentAt, arriveAt, fate, by] = a;
  if (!num(id) || !num(copy) || (from !== "client" && from !== "server") || !str(flags)) return undefined;
  if (!num(seq) || !num(ack) || !num(len) || !num(sentAt) || !num(arriveAt)) return undefined;
  if (!(FATES as readonly unknown[]).includes(fate) || !(FLIGHT_BY as readonly unknown[]).includes(by))
    return undefined;
  return { id, copy, from, flags, seq, ack, len, sentAt, arriveAt, fate: fate as Fate, by: by as string };
}

export function encodeCandidates(moves: readonly (readonly SegmentRecord[])[]): string {
  return JSON.stringify(moves.map((segments) => segments.map((s) => [s.flags, s.seq, s.ack, s.len])));
}

/** "" (no candidates: not pick difficulty) reads as []. */
export function decodeCandidates(raw: unknown): CandidatesRecord | undefined {
  if (raw === "") return [];
  const a = parseArray(raw);
  if (!a) return undefined;
  const out: CandidatesRecord = [];
  for (const move of a) {
    if (!Array.isArray(move)) return undefined;
    const segments: SegmentRecord[] = [];
    for (const s of move as unknown[]) {
      if (!Array.isArray(s) || s.length !== 4) return undefined;
      const [flags, seq, ack, len] = s as unknown[];
      if (!str(flags) || !num(seq) || !num(ack) || !num(len)) return undefined;
      segments.push({ flags, seq, ack, len });
    }
    out.push(segments);
  }
  return out;
}
