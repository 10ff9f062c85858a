// The connection to the match server (@colyseus/sdk). Loaded lazily, on the way to a match, so
// the title screen does not carry the SDK. See docs/PROTOCOL.md.

import { Client, ErrorCode, MatchMakeError, type Room } from "@colyseus/sdk";
import { LadderBook } from "@tcp-tango/shared/protocol/ladder.ts";
import {
  MATCH_CLOSED_CODE,
  RATE_LIMITED_CODE,
  SEAT_IN_USE_CODE,
  SERVER_FULL_CODE,
  UNKNOWN_SEAT_CODE,
} from "@tcp-tango/shared/protocol/refusals.ts";
import { PROTOCOL_MISMATCH_CODE, PROTOCOL_VERSION } from "@tcp-tango/shared/protocol/version.ts";
import {
  AppError,
  callError,
  matchmakingRateLimited,
  moveError,
  rateLimited,
  rematchError,
  startError,
} from "./errors.ts";
import type { Mistake, Role, Seg } from "./format.ts";
import { normaliseSnapshot, type PendingSnap, type Snapshot } from "./model.ts";
import type { MovePayload } from "./moves.ts";
import { type SavedSession, saveSession } from "./storage.ts";

export type ConnStatus = "connecting" | "connected" | "dropped" | "reconnected" | "left";

/** The `decision` message: the seat's pending decision as the state has it, with its candidates flattened. */
export type DecisionMsg = Omit<PendingSnap, "role" | "candidates" | "attempts" | "iss"> & {
  role: Role;
  difficulty: string;
  candidates: Seg[][];
  /** The initial sequence number the stack chose, when the answer opens a connection. */
  iss?: number | null;
  /** With a time limit: ms left when the server sent the decision (`deadline` is the server's clock). */
  deadlineInMs?: number;
};

export interface MoveReply {
  accepted: boolean;
  correct: boolean;
  decisionId: number;
  mistakes: Mistake[];
  explanation: string;
  misconception: string | null;
  scoreChange: number;
  score: number;
  move: Seg[];
}

/** An application call (the "call" request, docs/PROTOCOL.md). */
export interface CallPayload {
  op: "listen" | "connect" | "send" | "read" | "close" | "shutdown" | "abort" | "bind";
  bytes?: number;
  port?: number;
  reuseAddr?: boolean;
}

export interface CallReply {
  ok: true;
  result: number | null;
  error: string | null;
}

export interface SeatScore {
  kind: string;
  nickname: string;
  score: number;
  mistakes: number;
  moves: number;
}

export interface FinishedMsg {
  result: "success" | "failed";
  failedBecause: string;
  time: number;
  scores: Record<Role, SeatScore>;
  logUrl: string;
}

export type ServerMessage =
  | { type: "started"; missionId: string; matchNo?: number; swapped?: boolean }
  | { type: "rematch-asked"; role: Role; missionId?: string; swapRoles?: boolean }
  | { type: "moved"; role: Role; decisionId: number; accepted: boolean; correct: boolean }
  | { type: "bot-answered"; role: Role; decisionId: number; why: "deadline" | "left" }
  | { type: "bot-mistake"; role: Role; misconception: string }
  | { type: "seat-warm"; role: Role }
  | ({ type: "finished" } & FinishedMsg);

export interface SessionEvents {
  state(s: Snapshot): void;
  decision(d: DecisionMsg): void;
  message(m: ServerMessage): void;
  status(s: ConnStatus, code?: number): void;
}

export interface CreateOptions {
  missionId: string;
  role: Role;
  opponent: "bot" | "friend";
  mode: "coach" | "consequence";
  difficulty: "pick" | "flags" | "full";
  /** Guess-the-state play (the server's `guessState` create option). */
  guessState: boolean;
  /** The chance that the bot answers with a known mistake (0: never). */
  botSloppiness: number;
  /** Ms of the room clock a bot seat thinks before each answer (0: at once). */
  botDelayMs: number;
  /** Seconds for each decision before the bot answers for the seat; absent: no limit. */
  decisionDeadlineSec?: number;
  /** Absent: the seat has no nickname and every client shows its own word for "player". */
  nickname?: string | undefined;
}

/** In `npm run dev` the Vite server proxies /colyseus to the game server; built, it is same-origin. */
function endpoint(): string | undefined {
  return import.meta.env?.DEV ? "/colyseus" : undefined;
}

function newClient(): Client {
  const base = endpoint();
  return base ? new Client(base) : new Client();
}

/** A failure of create/join/reconnect, in a form the UI can say in the current language. */
function joinError(e: unknown, key: "err.create" | "err.join" | "err.resume"): AppError {
  const message = e instanceof Error ? e.message : String(e);
  // This page was loaded from an older (or newer) build than the server now runs.
  if (refusedForProtocol(e)) return new AppError("err.protocol");
  switch ((e as { code?: unknown } | null)?.code) {
    case SEAT_IN_USE_CODE:
      return new AppError("err.seatInUse");
    case MATCH_CLOSED_CODE:
      return new AppError("err.full");
    case SERVER_FULL_CODE:
      return new AppError("err.serverFull");
    case RATE_LIMITED_CODE:
      return matchmakingRateLimited(message);
    case UNKNOWN_SEAT_CODE:
      return new AppError("err.matchGone");
    case ErrorCode.MATCHMAKE_INVALID_ROOM_ID:
      // Colyseus locks a room with both players connected: to a rejoin, its seat is in use.
      if (/locked/.test(message)) return new AppError(key === "err.resume" ? "err.seatInUse" : "err.full");
      return new AppError("err.matchGone");
  }
  if (e instanceof MatchMakeError || /match/i.test(message)) {
    if (/full/.test(message)) return new AppError("err.full");
    return new AppError(key, { message });
  }
  if (e instanceof TypeError || /fetch|network|ECONNREFUSED|Failed/i.test(message))
    return new AppError("err.network");
  return new AppError(key, { message });
}

/** Create or join options, saying which protocol version this page speaks (docs/PROTOCOL.md). */
function speaking<T extends object>(options: T): T & { protocol: number } {
  return { ...options, protocol: PROTOCOL_VERSION };
}

/** The server refused the create or join: it speaks another protocol version than this page. */
function refusedForProtocol(e: unknown): boolean {
  return (e as { code?: unknown } | null)?.code === PROTOCOL_MISMATCH_CODE;
}

/** The synchronised state's fields the session reads itself. */
interface StateJson {
  ladder?: unknown;
  ladderEnd?: unknown;
  matchNo?: unknown;
  missionId?: unknown;
}

/** The decoded state as plain JSON. */
function jsonOf(state: unknown): StateJson {
  return ((state as { toJSON?: () => unknown })?.toJSON?.() ?? state) as StateJson;
}

/** GET /api/rooms/by-code/:code → roomId, or an AppError that says what is wrong. */
export async function roomForCode(code: string): Promise<string> {
  const clean = code.trim().toUpperCase();
  if (!/^[A-Z0-9]{6}$/.test(clean)) throw new AppError("err.invalidCode");
  let res: Response;
  try {
    res = await fetch(`/api/rooms/by-code/${encodeURIComponent(clean)}`);
  } catch {
    throw new AppError("err.network");
  }
  if (res.status === 400) throw new AppError("err.invalidCode");
  if (res.status === 404) throw new AppError("err.unknownCode", { code: clean });
  if (res.status === 429) throw rateLimited(res);
  if (!res.ok) throw new AppError("err.join", { message: `HTTP ${res.status}` });
  const body = (await res.json()) as { roomId: string };
  return body.roomId;
}

export class MatchSession {
  role: Role;
  roomId: string;
  joinCode: string;
  seatToken: string;
  snapshot: Snapshot = normaliseSnapshot({});
  /** The ladder as read so far: the state carries only its last lines. */
  private ladder = new LadderBook();
  private ladderFetching = false;
  /** The ladder lines the screens were last given. */
  private ladderShown: unknown[] = [];
  private lastState: unknown = {};
  /** The number of the match the screens are on (0 until the first state). */
  private matchNo = 0;
  /**
   * The state of a later match than the screens are on, seen after a reconnection: a rematch
   * started while the connection was down, and its `started` was lost with it. Held until the
   * `seat` message that follows a reconnection says which role is ours in it (see missedStart).
   */
  private heldState: unknown;
  private readonly room: Room;
  private events: SessionEvents;
  private closed = false;

  private constructor(room: Room, role: Role, events: SessionEvents, seatToken = "", joinCode = "") {
    this.room = room;
    this.role = role;
    this.roomId = room.roomId;
    this.joinCode = joinCode;
    this.seatToken = seatToken;
    this.events = events;
    // The SDK reconnects only a room joined at least 5 s ago. The room holds a dropped seat for
    // 60 s from the start (docs/PROTOCOL.md), so a Wi-Fi blip right after joining is retried too
    // (15 tries, backing off to 5 s: about as long as the seat is held).
    room.reconnection.minUptime = 0;
    this.wire();
  }

  static async create(opts: CreateOptions, events: SessionEvents): Promise<MatchSession> {
    events.status("connecting");
    try {
      const { nickname, ...rest } = opts;
      const room = await newClient().create(
        "match",
        speaking({ ...rest, ...(nickname ? { nickname } : {}) }),
      );
      return new MatchSession(room, opts.role, events);
    } catch (e) {
      throw joinError(e, "err.create");
    }
  }

  static async join(
    code: string,
    nickname: string | undefined,
    events: SessionEvents,
  ): Promise<MatchSession> {
    const roomId = await roomForCode(code);
    events.status("connecting");
    try {
      const room = await newClient().joinById(roomId, speaking(nickname ? { nickname } : {}));
      return new MatchSession(room, "client", events, "", code.toUpperCase());
    } catch (e) {
      throw joinError(e, "err.join");
    }
  }

  /** After a page load: rejoin the same seat (reconnection token, else the seat token). */
  static async resume(saved: SavedSession, events: SessionEvents): Promise<MatchSession> {
    events.status("connecting");
    const client = newClient();
    try {
      const room = await client.reconnect(saved.reconnectionToken);
      return new MatchSession(room, saved.role, events, saved.seatToken, saved.joinCode);
    } catch {
      try {
        const room = await client.joinById(saved.roomId, speaking({ seatToken: saved.seatToken }));
        return new MatchSession(room, saved.role, events, saved.seatToken, saved.joinCode);
      } catch (second) {
        saveSession(undefined);
        // The rejoin's refusal says more than the reconnection's ("token invalid or expired").
        throw joinError(second, "err.resume");
      }
    }
  }

  private save(): void {
    if (this.closed) return;
    saveSession({
      reconnectionToken: this.room.reconnectionToken,
      seatToken: this.seatToken,
      roomId: this.roomId,
      role: this.role,
      joinCode: this.joinCode,
    });
  }

  /**
   * Turn the last state (and the ladder as read so far) into the snapshot the screens draw. While
   * missed lines are being fetched, the ladder stays as it was: the screens only ever see it grow
   * at its end (after a reload: empty, then the whole history at once).
   */
  private publish(): void {
    if (!this.ladderFetching) this.ladderShown = this.ladder.lines.slice();
    this.snapshot = normaliseSnapshot(this.lastState, this.ladderShown);
    if (this.snapshot.joinCode) this.joinCode = this.snapshot.joinCode;
    this.events.state(this.snapshot);
  }

  /** The ladder's lines before the state's ring (joined mid-match, or a long burst), once at a time. */
  private fetchLadder(from: number): void {
    if (this.ladderFetching) return;
    this.ladderFetching = true;
    this.room.request("ladder", { from }).then(
      (r: { from: number; lines: unknown[] }) => {
        this.ladderFetching = false;
        this.ladder.takeHistory(r.from, r.lines);
        this.publish();
      },
      () => {
        this.ladderFetching = false; // the next patch asks again
      },
    );
  }

  private wire(): void {
    const room = this.room;
    room.onStateChange((state: unknown) => {
      const json = jsonOf(state);
      const matchNo = typeof json.matchNo === "number" ? json.matchNo : 1;
      if (this.matchNo === 0) this.matchNo = matchNo;
      else if (matchNo > this.matchNo) {
        this.heldState = state;
        return;
      }
      this.takeState(json);
    });
    room.onMessage("seat", (m: { role: Role; seatToken: string; roomId: string; joinCode: string }) => {
      const swapped = m.role !== this.role;
      this.role = m.role;
      this.seatToken = m.seatToken;
      this.joinCode = m.joinCode || this.joinCode;
      this.save();
      if (this.heldState !== undefined) this.missedStart(swapped);
      else this.events.state(this.snapshot);
    });
    room.onMessage("decision", (d: DecisionMsg) => this.events.decision(d));
    for (const type of [
      "started",
      "moved",
      "bot-answered",
      "bot-mistake",
      "seat-warm",
      "rematch-asked",
      "finished",
    ] as const) {
      room.onMessage(type, (payload: object) => {
        if (type === "finished") {
          this.closed = true;
          saveSession(undefined);
        }
        const matchNo = type === "started" ? (payload as { matchNo?: number }).matchNo : undefined;
        if (matchNo) {
          this.matchNo = matchNo;
          this.startOver();
        }
        this.events.message({ type, ...payload } as ServerMessage);
      });
    }
    room.onDrop((code: number) => this.events.status("dropped", code));
    room.onReconnect(() => {
      this.save();
      this.events.status("reconnected");
    });
    room.onLeave((code: number) => {
      if (this.closed) saveSession(undefined);
      this.events.status("left", code);
    });
    room.onError(() => this.events.status("dropped"));
    this.save();
    this.events.status("connected");
  }

  async move(payload: MovePayload): Promise<MoveReply> {
    try {
      return (await this.room.request("move", payload)) as MoveReply;
    } catch (e) {
      throw moveError(e);
    }
  }

  async call(payload: CallPayload): Promise<CallReply> {
    try {
      return (await this.room.request("call", payload)) as CallReply;
    } catch (e) {
      throw callError(e);
    }
  }

  /**
   * Ask to play again in this room (after it has finished): the same mission, or `missionId`; in
   * the same roles, or each player in the other (`swapRoles`).
   */
  async rematch(
    missionId?: string,
    swapRoles = false,
  ): Promise<{ started: boolean; waitingFor: Role | null }> {
    const payload = { ...(missionId ? { missionId } : {}), ...(swapRoles ? { swapRoles } : {}) };
    try {
      return (await this.room.request("rematch", payload)) as {
        started: boolean;
        waitingFor: Role | null;
      };
    } catch (e) {
      throw rematchError(e);
    }
  }

  /** In a friend match's lobby: start now, the bot playing the friend's seat until they come. */
  async startWithBot(): Promise<void> {
    try {
      await this.room.request("start-with-bot", {});
    } catch (e) {
      throw startError(e);
    }
  }

  /** Send what happens from now on to another screen (a rematch starts a fresh match screen). */
  rebind(events: SessionEvents): void {
    this.events = events;
  }

  /** A state of the match the screens are on: published as a snapshot. */
  private takeState(json: StateJson): void {
    this.lastState = json;
    const slots = Array.isArray(json.ladder) ? json.ladder : [];
    const missing = this.ladder.takeWindow(slots, typeof json.ladderEnd === "number" ? json.ladderEnd : 0);
    if (missing !== undefined) this.fetchLadder(missing);
    this.publish();
  }

  /**
   * The rematch whose `started` was lost while the connection was down (see heldState): told to
   * the screens as if it had come, our role in it `swapped` or not, then its state.
   */
  private missedStart(swapped: boolean): void {
    const json = jsonOf(this.heldState);
    this.heldState = undefined;
    const matchNo = typeof json.matchNo === "number" ? json.matchNo : this.matchNo + 1;
    const missionId = typeof json.missionId === "string" ? json.missionId : "";
    this.matchNo = matchNo;
    this.startOver();
    this.events.message({ type: "started", missionId, matchNo, swapped });
    this.takeState(json);
  }

  /**
   * A rematch has started: the next state is a new match's. What was read of the last one (its
   * ladder, its state) is dropped, and the session is one to rejoin again after a reload.
   */
  private startOver(): void {
    this.closed = false;
    this.ladder = new LadderBook();
    this.ladderShown = [];
    this.lastState = {};
    this.snapshot = normaliseSnapshot({});
    this.save();
  }

  /** Leave for good (consented): the bot keeps the seat warm. */
  async leave(): Promise<void> {
    this.closed = true;
    saveSession(undefined);
    // Closed already (taken over, or lost): the SDK would wait for a leave that never comes.
    if (!this.room.connection?.isOpen) return;
    try {
      await this.room.leave(true);
    } catch {
      // already gone
    }
  }
}
