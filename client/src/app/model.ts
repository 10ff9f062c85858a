// Pure conversions: the room's state (as plain JSON) → the stage's model, and a match record's
// log → the model as of one replay step. No DOM here (model.test.ts runs under node --test).

import {
  decodeLadderLine,
  ladderLineOf,
  ladderWindow,
  parseStateText,
} from "@tcp-tango/shared/protocol/ladder.ts";
import { decodeCandidates, decodeFlights, decodeHost } from "@tcp-tango/shared/protocol/records.ts";
import { ruleEvent } from "@tcp-tango/shared/tcp/rules.ts";
import { rfcStateOf } from "@tcp-tango/shared/tcp/state.ts";
import type {
  Fate,
  FlightModel,
  LadderSegment,
  LadderState,
  Palette,
  StageLabels,
  StageModel,
  StageView,
  Transition,
} from "../stage/model.ts";
import {
  formatSegment,
  type LadderEntryLike,
  type NetstatRowLike,
  parseSegmentText,
  ROLES,
  type Role,
  type Seg,
} from "./format.ts";

export interface SeatSnap {
  role: string;
  kind: string;
  owned: boolean;
  connected: boolean;
  nickname: string;
  score: number;
  mistakes: number;
  moves: number;
  /** The match is finished and this seat has asked for a rematch. */
  rematch?: boolean;
}
export interface HostSnap {
  role: string;
  ip: string;
  rows: NetstatRowLike[];
}
export interface FlightSnap extends Seg {
  id: number;
  copy: number;
  from: string;
  sentAt: number;
  arriveAt: number;
  fate: string;
  by: string;
}
export interface PendingSnap {
  id: number;
  role: string;
  triggerKind: string;
  trigger: string;
  stateBefore: string;
  local: string;
  remote: string;
  at: number;
  deadline: number;
  candidates: { index: number; segments: Seg[] }[];
  attempts: number;
  /** The ISN the seat's stack chose when the answer opens a connection; -1 otherwise. */
  iss?: number;
}

/** `room.state.toJSON()`. */
export interface Snapshot {
  missionId: string;
  /** Once finished: the mission a rematch asked for will play, if another than `missionId`. */
  rematchMissionId: string;
  /** Once finished: the rematch asked for swaps the roles. */
  rematchSwap: boolean;
  mode: string;
  difficulty: string;
  opponent: string;
  guessState: boolean;
  phase: string;
  time: number;
  paused: boolean;
  waitingFor: string;
  result: string;
  failedBecause: string;
  joinCode: string;
  seats: Record<string, SeatSnap>;
  hosts: Record<string, HostSnap>;
  flights: Record<string, FlightSnap>;
  ladder: LadderEntryLike[];
  pending: Record<string, PendingSnap>;
}

export const EMPTY_SNAPSHOT: Snapshot = {
  missionId: "",
  rematchMissionId: "",
  rematchSwap: false,
  mode: "coach",
  difficulty: "pick",
  opponent: "bot",
  guessState: false,
  phase: "lobby",
  time: 0,
  paused: false,
  waitingFor: "",
  result: "",
  failedBecause: "",
  joinCode: "",
  seats: {},
  hosts: {},
  flights: {},
  ladder: [],
  pending: {},
};

/**
 * Strings already read (ladder lines and records), by their text: a line or record never changes,
 * and each patch brings them all again, most unchanged.
 */
const stringsRead = new Map<string, unknown>();

function readRecord<T>(raw: unknown, decode: (raw: unknown) => T | undefined): T | undefined {
  if (typeof raw !== "string") return undefined;
  if (stringsRead.has(raw)) return stringsRead.get(raw) as T | undefined;
  if (stringsRead.size > 4000) stringsRead.clear();
  const r = decode(raw);
  stringsRead.set(raw, r);
  return r;
}

/** Ladder lines as entries; a line that cannot be read is left out. */
export function readLadder(lines: unknown): LadderEntryLike[] {
  if (!Array.isArray(lines)) return [];
  const out: LadderEntryLike[] = [];
  for (const line of lines) {
    const e = readRecord(line, decodeLadderLine);
    if (e) out.push(e);
  }
  return out;
}

/** A map of encoded records (the state's `hosts`) read; a record that cannot be read is left out. */
function readRecords<T>(
  raw: unknown,
  read: (key: string, value: unknown) => T | undefined,
): Record<string, T> {
  const out: Record<string, T> = {};
  if (!raw || typeof raw !== "object") return out;
  for (const [k, v] of Object.entries(raw)) {
    const r = read(k, v);
    if (r) out[k] = r;
  }
  return out;
}

/** The state's per-role fields (`clientSeat`/`serverSeat`, `clientHost`/`serverHost`) by role. */
function byRole(raw: unknown, field: "Seat" | "Host"): Record<string, unknown> {
  const s = (raw ?? {}) as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const role of ROLES) if (s[role + field] !== undefined) out[role] = s[role + field];
  return out;
}

/** The state's `flights` string, keyed "id.copy"; nothing if it cannot be read. */
function readFlights(raw: unknown): Record<string, FlightSnap> {
  const out: Record<string, FlightSnap> = {};
  for (const f of readRecord(raw, decodeFlights) ?? []) out[`${f.id}.${f.copy}`] = f;
  return out;
}

function readPending(raw: unknown): Record<string, PendingSnap> {
  return readRecords(raw, (_role, v) => {
    if (!v || typeof v !== "object") return undefined;
    const p = v as Omit<PendingSnap, "candidates"> & { candidates?: unknown };
    if (!p.id) return undefined; // the seat's record while it has no decision
    const moves = readRecord(p.candidates ?? "", decodeCandidates) ?? [];
    return { ...p, candidates: moves.map((segments, index) => ({ index, segments })) };
  });
}

/** The state's ladder ring in order (ladder.ts): the lines a state alone tells. */
export function ladderOfState(raw: unknown): unknown[] {
  const s = (raw ?? {}) as { ladder?: unknown; ladderEnd?: unknown };
  if (!Array.isArray(s.ladder)) return [];
  const end = typeof s.ladderEnd === "number" ? s.ladderEnd : s.ladder.length;
  return ladderWindow(s.ladder, end).lines;
}

/**
 * `room.state.toJSON()` as a Snapshot: what a partial state (early patches) lacks filled in, the
 * records the state carries as strings (hosts, flights, candidates) read. The ladder is
 * `ladderLines` (a session's LadderBook), else the state's ring.
 */
export function normaliseSnapshot(
  raw: unknown,
  ladderLines: readonly unknown[] = ladderOfState(raw),
): Snapshot {
  const s = (raw ?? {}) as Partial<Record<keyof Snapshot, unknown>>;
  return {
    ...EMPTY_SNAPSHOT,
    ...(s as Partial<Snapshot>),
    seats: byRole(raw, "Seat") as Snapshot["seats"],
    hosts: readRecords(byRole(raw, "Host"), (role, v) => {
      const h = readRecord(v, decodeHost);
      return h && { role, ip: h.ip, rows: h.rows };
    }),
    flights: readFlights(s.flights),
    ladder: readLadder(ladderLines),
    pending: readPending(s.pending),
  };
}

/** The row a host is shown by: its connection's, else its listener's. */
function shownRow<R extends NetstatRowLike>(rows: readonly R[]): R | undefined {
  return rows.find((r) => r.state !== "LISTEN" && !r.foreign.endsWith(":*")) ?? rows[0];
}

/** The connection's state on a host: its connection row, else its listener, else CLOSED. */
export function hostState(rows: readonly NetstatRowLike[]): string {
  const row = shownRow(rows);
  return row ? rfcStateOf(row.state) : "CLOSED";
}

/**
 * The shown row's running timer: its kind and the virtual ms at which it fires (its remaining
 * time counts from `timerAt`, else from `now`); or null.
 */
export function hostTimer(
  rows: readonly NetstatRowLike[],
  now: number,
): { kind: string; firesAt: number } | null {
  const row = shownRow(rows);
  return row?.timerKind
    ? { kind: row.timerKind, firesAt: (row.timerAt || now) + row.timerRemainingMs }
    : null;
}

/**
 * While nobody has a decision to make, what the match waits for: segments in flight, else a
 * running timer (a retransmission, 2MSL ...), else nothing (the application may call).
 */
export function waitsFor(s: Snapshot): "segments" | "timer" | "nothing" {
  if (Object.keys(s.flights).length > 0) return "segments";
  for (const role of ROLES) if (s.hosts[role]?.rows.some((r) => r.timerKind !== "")) return "timer";
  return "nothing";
}

const FATES: readonly Fate[] = ["delivered", "lost", "delayed", "reordered", "duplicate"];
const asFate = (f: string): Fate => ((FATES as readonly string[]).includes(f) ? (f as Fate) : "delivered");
const asRole = (r: string): Role => (r === "server" ? "server" : "client");

/** The ladder (segments with their arrival or loss, states) from the server's ladder entries. */
export function ladderFromEntries(
  entries: readonly LadderEntryLike[],
  flights: readonly FlightSnap[] = [],
): {
  segments: LadderSegment[];
  states: LadderState[];
  lastTransition: Transition | null;
  lastTransitionOf: Record<Role, Transition | null>;
} {
  const segments: LadderSegment[] = [];
  const byId = new Map<number, LadderSegment>();
  const states: LadderState[] = [];
  let lastTransition: Transition | null = null;
  const lastTransitionOf: Record<Role, Transition | null> = { client: null, server: null };
  for (const e of entries) {
    const role = asRole(e.role);
    if (e.type === "send") {
      const seg = parseSegmentText(e.text);
      const rung: LadderSegment = {
        key: String(e.segId),
        from: asRole(e.role),
        label: seg ? formatSegment(seg) : e.text,
        sentAt: e.t,
        arriveAt: Number.NaN,
        lost: false,
      };
      segments.push(rung);
      byId.set(e.segId, rung);
    } else if (e.type === "arrive" || e.type === "lost") {
      const rung = byId.get(e.segId);
      if (rung && Number.isNaN(rung.arriveAt)) {
        rung.arriveAt = e.t;
        rung.lost = e.type === "lost";
      }
    } else if (e.type === "state") {
      const { from, to, rule } = parseStateText(e.text);
      states.push({ role, t: e.t, state: to });
      // What caused it: the event the engine's rule answers (a line without one: unknown).
      const cause = ruleEvent(rule);
      lastTransition = { role, from, to, at: e.t, ...(cause ? { cause } : {}) };
      lastTransitionOf[lastTransition.role] = lastTransition;
    }
  }
  for (const rung of segments) {
    if (!Number.isNaN(rung.arriveAt)) continue;
    const f =
      flights.find((x) => String(x.id) === rung.key && x.copy === 0) ??
      flights.find((x) => String(x.id) === rung.key);
    rung.arriveAt = f ? f.arriveAt : rung.sentAt;
    rung.lost = f?.fate === "lost";
  }
  return { segments, states, lastTransition, lastTransitionOf };
}

export interface StageOptions {
  me: Role | null;
  reducedMotion: boolean;
  palette: Palette;
  /** What the camera shows (all of the stage without). */
  view?: StageView;
  /** The label drawn under each host, e.g. "client · alice". */
  labels: Record<Role, string>;
  /** The canvas texts in the viewer's language (the stage's English default without). */
  texts?: StageLabels;
  /** A timer's name in the viewer's language (the stage shows no timer without). */
  timerName?: (kind: string) => string;
}

export function flightsOf(s: Snapshot): FlightSnap[] {
  return Object.values(s.flights).sort((a, b) => a.sentAt - b.sentAt || a.id - b.id || a.copy - b.copy);
}

export function toFlightModel(f: FlightSnap): FlightModel {
  return {
    key: `${f.id}.${f.copy}`,
    from: asRole(f.from),
    flags: f.flags,
    seq: f.seq,
    ack: f.ack,
    len: f.len,
    sentAt: f.sentAt,
    arriveAt: f.arriveAt,
    fate: asFate(f.fate),
  };
}

/** The room's state → what the stage draws. */
export function toStageModel(s: Snapshot, o: StageOptions): StageModel {
  const flights = flightsOf(s);
  const ladder = ladderFromEntries(s.ladder, flights);
  const hosts = {} as StageModel["hosts"];
  for (const role of ROLES) {
    const h = s.hosts[role];
    const fromLadder = [...ladder.states].reverse().find((x) => x.role === role)?.state;
    const timer = h ? hostTimer(h.rows, s.time) : null;
    hosts[role] = {
      ip: h?.ip ?? "",
      state: h && h.rows.length > 0 ? hostState(h.rows) : (fromLadder ?? "CLOSED"),
      label: o.labels[role],
      timer: timer && o.timerName ? { name: o.timerName(timer.kind), firesAt: timer.firesAt } : null,
    };
  }
  return {
    time: s.time,
    paused: s.paused || s.phase !== "playing",
    me: o.me,
    hosts,
    flights: flights.map(toFlightModel),
    ladder: { segments: ladder.segments, states: ladder.states },
    lastTransition: ladder.lastTransition,
    lastTransitionOf: ladder.lastTransitionOf,
    reducedMotion: o.reducedMotion,
    palette: o.palette,
    ...(o.view ? { view: o.view } : {}),
    ...(o.texts ? { labels: o.texts } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Replay: GET /api/matches/:roomId/log → { log: LogEntry[] } with sides "a" (client), "b" (server).

export interface RecordEntry {
  t: number;
  type: string;
  side: "a" | "b";
  id?: number;
  copy?: number;
  seg?: Seg & { src?: string; dst?: string };
  fates?: { copy: number; fate: string; arriveAt: number }[];
  timer?: string;
  from?: string;
  to?: string;
  rule?: string;
  /** state: the connection ("local-remote"), or "" for a listener. */
  conn?: string;
  call?: { op: string };
  result?: number | null;
  error?: string | null;
  trigger?: string;
  count?: number;
  byReference?: boolean;
}

export interface MatchRecord {
  roomId: string;
  missionId: string;
  finished: boolean;
  result: string;
  failedBecause: string;
  worldOptions?: { ips?: Record<"a" | "b", string> };
  log: RecordEntry[];
  /** Each host's netstat table from log entry `from` on, where it changed. */
  netstat?: NetstatStepLike[];
}

/** Both hosts' netstat tables from log entry `from` on ("a" the client, "b" the server). */
export interface NetstatStepLike {
  from: number;
  a: NetstatRowLike[];
  b: NetstatRowLike[];
}

/**
 * Each host's netstat table as of replay step `step` (the last table from at most that entry),
 * with each timer's time left as of `time`; empty tables before the first.
 */
export function replayNetstat(
  steps: readonly NetstatStepLike[] | undefined,
  step: number,
  time: number,
): Record<Role, NetstatRowLike[]> {
  const at = steps?.findLast((s) => s.from <= step);
  const asOf = (rows: readonly NetstatRowLike[] | undefined): NetstatRowLike[] =>
    (rows ?? []).map((r) =>
      r.timerKind
        ? { ...r, timerRemainingMs: Math.max(0, (r.timerAt || 0) + r.timerRemainingMs - time), timerAt: time }
        : r,
    );
  return { client: asOf(at?.a), server: asOf(at?.b) };
}

export const sideRole = (side: string): Role => (side === "b" ? "server" : "client");
/** The other way: the record's side ("a" or "b") of a role. */
export const roleSide = (role: Role): "a" | "b" => (role === "server" ? "b" : "a");

/** A record entry as a ladder entry (the same words the live match uses). */
export function recordToLadder(e: RecordEntry): LadderEntryLike {
  const role = sideRole(e.side);
  // Entries the live ladder leaves out (decision points) keep their place in a replay.
  return ladderLineOf(e, role) ?? { t: e.t, type: e.type, role, segId: e.id ?? 0, text: "" };
}

/**
 * Each host's state after these record entries, as the live match shows it (hostState): its
 * first connection still open, else its listener, else CLOSED. A server whose connection has
 * closed is still LISTEN while its listener lives.
 */
export function hostStates(entries: readonly RecordEntry[]): Record<Role, string> {
  // Per host, each socket's state in the order the sockets appeared ("" is the listener).
  const sockets: Record<Role, Map<string, string>> = { client: new Map(), server: new Map() };
  for (const e of entries) if (e.type === "state" && e.to) sockets[sideRole(e.side)].set(e.conn ?? "", e.to);
  const stateOf = (m: Map<string, string>): string => {
    for (const [name, state] of m) if (name !== "" && state !== "CLOSED") return state;
    const listener = m.get("");
    return listener && listener !== "CLOSED" ? listener : "CLOSED";
  };
  return { client: stateOf(sockets.client), server: stateOf(sockets.server) };
}

export interface ReplayFrame {
  time: number;
  states: Record<Role, string>;
  /** Each host's netstat table at this step (empty if the record has none). */
  netstat: Record<Role, NetstatRowLike[]>;
  model: StageModel;
}

/**
 * The stage as of replay step `step` (entries 0..step applied), drawn at virtual time `at` (a
 * replay playing on towards the next step; default: the step's own time).
 */
export function replayFrame(record: MatchRecord, step: number, o: StageOptions, at?: number): ReplayFrame {
  const upto = record.log.slice(0, Math.max(0, step + 1));
  const stepTime = upto.length > 0 ? upto[upto.length - 1]!.t : 0;
  const time = Math.max(stepTime, at ?? stepTime);
  const inFlight = new Map<string, FlightSnap>();
  for (const e of upto) {
    if (e.type === "send" && e.seg && e.id !== undefined) {
      for (const f of e.fates ?? [{ copy: 0, fate: "delivered", arriveAt: e.t }]) {
        inFlight.set(`${e.id}.${f.copy}`, {
          id: e.id,
          copy: f.copy,
          from: sideRole(e.side),
          flags: e.seg.flags,
          seq: e.seg.seq,
          ack: e.seg.ack,
          len: e.seg.len,
          sentAt: e.t,
          arriveAt: f.arriveAt,
          fate: f.copy > 0 && f.fate === "delivered" ? "duplicate" : f.fate,
          by: "reference",
        });
      }
    } else if (e.type === "arrive") inFlight.delete(`${e.id}.${e.copy ?? 0}`);
    else if (e.type === "lost") inFlight.delete(`${e.id}.0`);
  }
  const ladderEntries = upto.map(recordToLadder);
  const flights = [...inFlight.values()];
  const ladder = ladderFromEntries(ladderEntries, flights);
  const states = hostStates(upto);
  const netstat = replayNetstat(record.netstat, step, time);
  const timerOf = (role: Role) => {
    const timer = hostTimer(netstat[role], time);
    return timer && o.timerName ? { name: o.timerName(timer.kind), firesAt: timer.firesAt } : null;
  };
  const ips = record.worldOptions?.ips;
  const model: StageModel = {
    time,
    paused: true,
    seek: true,
    me: o.me,
    hosts: {
      client: {
        ip: ips?.a ?? "10.0.0.1",
        state: states.client,
        label: o.labels.client,
        timer: timerOf("client"),
      },
      server: {
        ip: ips?.b ?? "10.0.0.2",
        state: states.server,
        label: o.labels.server,
        timer: timerOf("server"),
      },
    },
    flights: flights.map(toFlightModel),
    ladder: { segments: ladder.segments, states: ladder.states },
    lastTransition: ladder.lastTransition,
    lastTransitionOf: ladder.lastTransitionOf,
    reducedMotion: o.reducedMotion,
    palette: o.palette,
    ...(o.view ? { view: o.view } : {}),
    ...(o.texts ? { labels: o.texts } : {}),
  };
  return { time, states, netstat, model };
}

/**
 * The replay step of the decision a mistake was made at: `role`'s decision at virtual time `at`
 * on a `triggerKind` event (segment, timer, call); null if the record has none.
 */
export function decisionStep(
  log: readonly RecordEntry[],
  role: Role,
  at: number,
  triggerKind: string,
): number | null {
  const side = roleSide(role);
  const i = log.findIndex(
    (e) => e.type === "decision" && e.side === side && e.t === at && e.trigger === triggerKind,
  );
  return i < 0 ? null : i;
}

/** Virtual ms a playing replay moves on per wall ms: half the match's pace, to follow each segment. */
export const REPLAY_RATE = 0.5;
/** The same with nothing in flight (a timer's wait, a quiet stretch): faster. */
export const REPLAY_QUIET_RATE = 4;
/** Wall ms a playing replay stays at a decision, as the match stopped there for the player. */
export const REPLAY_DECISION_HOLD_MS = 900;

/** Whether entries after `from` up to `to` include a decision (a playing replay holds there). */
export function reachesDecision(log: readonly { type: string }[], from: number, to: number): boolean {
  for (let i = from + 1; i <= to; i++) if (log[i]?.type === "decision") return true;
  return false;
}

/**
 * A playing replay `dt` wall ms later: its time, and its step (the last entry at or before that
 * time); at the last entry it stays. Quiet stretches go faster, but never past the next entry, so
 * that a segment sent there is seen from the start of its flight.
 */
export function playOn(
  log: readonly { t: number }[],
  step: number,
  time: number,
  dt: number,
  flying: boolean,
): { time: number; step: number } {
  const next = log[step + 1];
  if (!next) return { time, step };
  const t = flying
    ? time + dt * REPLAY_RATE
    : Math.min(time + dt * REPLAY_QUIET_RATE, Math.max(time, next.t));
  let s = step;
  while (s + 1 < log.length && log[s + 1]!.t <= t) s++;
  return { time: t, step: s };
}
