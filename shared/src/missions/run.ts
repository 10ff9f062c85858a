// A mission being played: the world, the two scripted applications (cues), and the judgement.
// The client is side "a", the server side "b". Each side is driven by the reference TCP ("auto")
// or by a human who plays the TCP stack; the applications stay scripted either way, so cues fire
// on a human's side too, and the calls they make may wait for the human's decision.
//
// Players may also make application calls themselves (appCall), exactly as a cue would. A
// mission without cues (free play) leaves the applications to the players; a side whose
// application is the bot's (`botApps`) then runs a small built-in script (see botCall).
//
// Every call goes through World.call, so World.replay(world.options, world.inputs) reproduces a
// run exactly.

import type { AppCall, ChosenSegment, PendingDecision } from "../sim/world.ts";
import { World } from "../sim/world.ts";
import type { TcpConnection } from "../tcp/connection.ts";
import type { SocketError } from "../tcp/errors.ts";
import type { TcpState } from "../tcp/state.ts";
import { PORT } from "./catalog.ts";
import type { Cue, CueCall, Goal, Mission, Role } from "./mission.ts";

/** Why a mission failed: i18n keys, checked in this order. */
export const GOAL_FAILURES = [
  "goal.client_state",
  "goal.server_state",
  "goal.client_saw",
  "goal.server_saw",
  "goal.client_error",
  "goal.server_error",
  "goal.bind_results",
] as const;
export type GoalFailure = (typeof GOAL_FAILURES)[number];

export interface MissionOutcome {
  done: boolean;
  success: boolean;
  failedBecause?: GoalFailure;
}

export interface CueLogEntry {
  t: number;
  /** Index of the cue in mission.cues. */
  cue: number;
  /** The fd the cue opened (listen, connect, bind, setReuseAddrAndListen), bytes read, else null. */
  result: number | null;
  /** The first error a call of the cue returned. */
  error: string | null;
}

export type Controllers = { client: "auto" | "human"; server: "auto" | "human" };

/** An application call a player (or a bot seat's built-in application) made, with its result. */
export interface AppCallLogEntry {
  t: number;
  role: Role;
  call: CueCall;
  by: "player" | "bot";
  result: number | null;
  error: SocketError | null;
}

/** Why MissionRun.appCall refused a call. */
export class AppCallError extends Error {
  readonly code: "decision_pending" | "finished";
  constructor(code: AppCallError["code"], message: string) {
    super(message);
    this.name = "AppCallError";
    this.code = code;
  }
}

/** The built-in application of a bot seat in a mission without cues. */
export const BOT_APP = {
  /** The bot client connects this long after the server's application listens. */
  connectDelayMs: 500,
  /** What it sends once ESTABLISHED. */
  sendBytes: 100,
  /** It closes this long after ESTABLISHED, unless it read the peer's data (or EOF) first. */
  closeAfterMs: 3000,
} as const;

/** What a bot seat's built-in application has done. */
interface BotAppState {
  listened: boolean;
  connected: boolean;
  sent: boolean;
  readBytes: number;
  /** A read returned 0 bytes at end of stream. */
  sawEof: boolean;
  closed: boolean;
}

/** The application's file descriptors on one side. */
interface AppFds {
  /** The listening socket. */
  listen: number | undefined;
  /** The connection: the client's connected socket or the last one the server accepted. */
  conn: number | undefined;
  /** A socket bound by a bind cue, not listening yet. */
  bound: number | undefined;
  /** Every fd the application holds, to close on restart. */
  open: number[];
  /** The application closed (or aborted) its connection's fd and has not connected since. */
  closedConn: boolean;
}

/** What the log has shown of one side so far. */
interface SideTrack {
  /** The `to` of each of its state changes, in order. */
  states: TcpState[];
  /** When it first reached each state, and the log entry that shows it. */
  firstReached: Map<TcpState, { t: number; index: number }>;
  errors: Set<SocketError>;
  /** Its most recently created connection. */
  latest: TcpConnection | undefined;
}

const ROLE_SIDE = { client: "a", server: "b" } as const;

export class MissionRun {
  readonly world: World;
  readonly mission: Mission;
  readonly sides: { client: "a"; server: "b" } = ROLE_SIDE;
  readonly cueLog: CueLogEntry[] = [];
  /** Results of bind and setReuseAddrAndListen cues' binds, in order (null: success). */
  readonly bindResults: Array<SocketError | null> = [];
  /** Calls made by players (appCall) and by bot seats' built-in applications, in order. */
  readonly callLog: AppCallLogEntry[] = [];
  /** Whose application runs the built-in script when the mission has no cues. */
  readonly botApps: Record<Role, boolean>;

  private readonly firedAt: Array<number | undefined>;
  private readonly cueIndex = new Map<string, number>();
  private readonly fds: Record<Role, AppFds> = { client: newFds(), server: newFds() };
  private readonly track: Record<Role, SideTrack> = { client: newTrack(), server: newTrack() };
  private readonly known = new Set<TcpConnection>();
  private readonly acceptedConns = new Set<TcpConnection>();
  /** Closes of a restart still to make, after a human decided on the previous one. */
  private readonly queued: Array<{ role: Role; fd: number }> = [];
  private readonly bot: Record<Role, BotAppState> = { client: newBot(), server: newBot() };
  private logCursor = 0;
  private finished: MissionOutcome | undefined;

  constructor(
    mission: Mission,
    opts: {
      seed: number | string;
      controllers?: { client: "auto" | "human"; server: "auto" | "human" };
      /**
       * In a mission without cues, whose application the bot runs (default: both). A player whose
       * application is not the bot's makes its calls with appCall.
       */
      botApps?: Partial<Record<Role, boolean>> | undefined;
    },
  ) {
    this.mission = mission;
    this.botApps = { client: opts.botApps?.client ?? true, server: opts.botApps?.server ?? true };
    const controllers = opts.controllers ?? { client: "auto", server: "auto" };
    this.world = new World({
      seed: opts.seed,
      network: mission.network,
      tcp: mission.tcp,
      controllers: { a: controllers.client, b: controllers.server },
    });
    this.firedAt = mission.cues.map(() => undefined);
    mission.cues.forEach((cue, i) => {
      if (cue.id !== undefined) this.cueIndex.set(cue.id, i);
    });
  }

  get now(): number {
    return this.world.now;
  }

  get pending(): PendingDecision | undefined {
    return this.world.pending;
  }

  /** The role whose player must decide now, if any. */
  get pendingRole(): Role | undefined {
    const d = this.world.pending;
    return d ? (d.side === "a" ? "client" : "server") : undefined;
  }

  /**
   * Run the world to `toMs`, firing cues as they fall due (checked after every batch of
   * events at one instant). Stops early while a decision is pending.
   */
  advance(toMs: number): void {
    this.run(toMs, false);
  }

  /** Log entries numbered below this are read (the last one read is kept: observe looks back one). */
  get logReadTo(): number {
    return Math.max(0, this.logCursor - 1);
  }

  /** The player at `role` answers the pending decision; cues due now fire at once. */
  decide(role: Role, segments: ChosenSegment[] | "reference"): void {
    this.world.decide(this.sides[role], segments);
    this.run(this.now, false);
  }

  /** Bot against bot: run until the goal is met and the world is quiet, or the time limit. */
  runToEnd(): void {
    const c = this.world.controllers;
    if (c.a === "human" || c.b === "human")
      throw new Error("runToEnd needs both seats played by the reference TCP; use advance and decide");
    this.run(this.mission.timeLimitMs, true);
  }

  /**
   * The application at `role` makes a call now, exactly as a cue would (the same fds, through
   * World.call). Allowed while the mission runs, even while the other side decides; refused
   * (AppCallError "decision_pending") while this side has a decision of its own to answer.
   * Cues and the bot's application due now run right after.
   */
  appCall(role: Role, call: CueCall): { result: number | null; error: SocketError | null } {
    if (this.finished) throw new AppCallError("finished", "the mission is over");
    if (this.world.pendingFor(this.sides[role]))
      throw new AppCallError("decision_pending", `the ${role} must first answer its pending decision`);
    this.observe();
    const r = this.perform(role, call);
    this.callLog.push({ t: this.now, role, call, by: "player", ...r });
    this.run(this.now, false);
    return r;
  }

  /**
   * Hand a seat's application to the bot (its player left a free-play match) or back to a player
   * (who reclaimed the seat). The bot's built-in script carries on from what the application has
   * already done, as the call log shows: it does not listen or connect a second time.
   */
  setBotApp(role: Role, bot: boolean): void {
    if (this.botApps[role] === bot) return;
    this.botApps[role] = bot;
    if (!bot) return;
    const b = newBot();
    for (const e of this.callLog) {
      if (e.role !== role || e.error) continue;
      const op = e.call.op;
      if (op === "listen") b.listened = true;
      else if (op === "connect") b.connected = true;
      else if (op === "send") b.sent = true;
      else if (op === "close" || op === "abort") b.closed = true;
      else if (op === "read") {
        b.readBytes += e.result ?? 0;
        if (e.result === 0) b.sawEof = true;
      }
    }
    this.bot[role] = b;
  }

  outcome(): MissionOutcome {
    return this.finished ? { ...this.finished } : { done: false, success: false };
  }

  /** The state of a side's most recent connection (LISTEN or CLOSED when it has none). */
  stateOf(role: Role): TcpState {
    const latest = this.track[role].latest;
    if (latest) return latest.state;
    return this.fds[role].listen !== undefined ? "LISTEN" : "CLOSED";
  }

  /**
   * The states a side went through, in order (every connection of the side, listeners
   * included). A state entered and left within one event is not counted: it was never visible.
   */
  statesSeen(role: Role): readonly TcpState[] {
    return this.track[role].states;
  }

  /** Why the goal is not met now, or undefined when it is. */
  goalFailure(): GoalFailure | undefined {
    return judgeGoal(this.mission.goal, {
      client: this.stateOf("client"),
      server: this.stateOf("server"),
      clientSaw: this.track.client.states,
      serverSaw: this.track.server.states,
      clientErrors: this.track.client.errors,
      serverErrors: this.track.server.errors,
      bindResults: this.bindResults,
    });
  }

  // -------------------------------------------------------------------------------------------

  private run(toMs: number, stopWhenDone: boolean): void {
    const limit = this.mission.timeLimitMs;
    for (;;) {
      this.fireDue();
      this.checkDone();
      if (this.world.pending || (stopWhenDone && this.finished)) return;
      const now = this.now;
      const ev = this.world.nextEventAt();
      let next = toMs;
      if (ev !== undefined && ev < next) next = ev;
      const cueAt = this.nextCueAt();
      if (cueAt !== undefined && cueAt < next) next = cueAt;
      if (now < limit && limit < next) next = limit;
      if (next <= now) {
        if (ev === undefined || ev > now) return;
        next = now;
      }
      this.world.advanceTo(next);
    }
  }

  /** Fire every cue due now, in mission order, until none is left or a decision is pending. */
  private fireDue(): void {
    for (;;) {
      this.observe();
      if (this.world.pending) return;
      const q = this.queued.shift();
      if (q) {
        this.closeFd(q.role, q.fd);
        continue;
      }
      const i = this.firedAt.findIndex(
        (at, idx) => at === undefined && (this.dueAt(idx) ?? Infinity) <= this.now,
      );
      if (i >= 0) {
        this.fire(i);
        continue;
      }
      if (!this.runBotApps()) return;
    }
  }

  /** Make the first call a bot seat's built-in application has due now; false when none is. */
  private runBotApps(): boolean {
    if (this.mission.cues.length > 0) return false;
    for (const role of ["server", "client"] as const) {
      if (!this.botApps[role]) continue;
      const call = this.botCall(role);
      if (call.at === undefined || call.at > this.now || !call.call) continue;
      const b = this.bot[role];
      const c = call.call;
      if (c.op === "listen") b.listened = true;
      else if (c.op === "connect") b.connected = true;
      else if (c.op === "send") b.sent = true;
      else if (c.op === "close") b.closed = true;
      const r = this.perform(role, c);
      if (c.op === "read") {
        b.readBytes += r.result ?? 0;
        if (r.result === 0) b.sawEof = true;
      }
      this.callLog.push({ t: this.now, role, call: c, by: "bot", ...r });
      return true;
    }
    return false;
  }

  /**
   * The built-in application of a bot seat (missions without cues), as a function of what it
   * has done and what its sockets show: its next call and when it falls due (undefined: not
   * known yet, or nothing left to do).
   * - server: listen on port 80 at once; read whatever arrives; on EOF (CLOSE_WAIT) read (0
   *   bytes) and close.
   * - client: connect 500 ms after the server's application listens; send 100 bytes once
   *   ESTABLISHED; read whatever arrives; close once it has read the peer's data (or read EOF),
   *   else 3 s after ESTABLISHED.
   */
  private botCall(role: Role): { at: number | undefined; call?: CueCall } {
    const b = this.bot[role];
    const f = this.fds[role];
    const none = { at: undefined };
    if (b.closed) return none;
    if (role === "server" && !b.listened) return { at: 0, call: { op: "listen", port: PORT } };
    if (role === "client" && !b.connected) {
      const listening = this.track.server.firstReached.get("LISTEN");
      return listening === undefined
        ? none
        : { at: listening.t + BOT_APP.connectDelayMs, call: { op: "connect", port: PORT } };
    }
    const conn = f.conn === undefined ? undefined : this.world.hosts[this.sides[role]].connectionOf(f.conn);
    if (!conn) return none;
    if (conn.unreadBytes > 0) return { at: this.now, call: { op: "read" } };
    // End of stream: read() returns 0, then the application closes.
    const eof = conn.state === "CLOSE_WAIT";
    if (eof && !b.sawEof) return { at: this.now, call: { op: "read" } };
    if (role === "server") return eof ? { at: this.now, call: { op: "close" } } : none;
    const established = this.track.client.firstReached.get("ESTABLISHED");
    if (established === undefined) return none;
    if (!b.sent && conn.state === "ESTABLISHED")
      return { at: this.now, call: { op: "send", bytes: BOT_APP.sendBytes } };
    if (eof || b.readBytes > 0) return { at: this.now, call: { op: "close" } };
    return { at: Math.max(this.now, established.t + BOT_APP.closeAfterMs), call: { op: "close" } };
  }

  /** The earliest due time of a bot application's call, after now. */
  private nextBotAt(): number | undefined {
    if (this.mission.cues.length > 0) return undefined;
    let best: number | undefined;
    for (const role of ["server", "client"] as const) {
      if (!this.botApps[role]) continue;
      const at = this.botCall(role).at;
      if (at !== undefined && at > this.now && (best === undefined || at < best)) best = at;
    }
    return best;
  }

  /** When cue i falls due, if that is known yet. */
  private dueAt(i: number): number | undefined {
    const when = (this.mission.cues[i] as Cue).when;
    if ("at" in when) return when.at;
    if ("state" in when) {
      const reached = this.track[when.of].firstReached.get(when.state);
      return reached === undefined ? undefined : reached.t + (when.delayMs ?? 0);
    }
    const j = this.cueIndex.get(when.after);
    const t = j === undefined ? undefined : this.firedAt[j];
    return t === undefined ? undefined : t + (when.delayMs ?? 0);
  }

  /** The earliest known due time of a cue (or a bot application's call) not made yet, after now. */
  private nextCueAt(): number | undefined {
    let best = this.nextBotAt();
    for (let i = 0; i < this.firedAt.length; i++) {
      if (this.firedAt[i] !== undefined) continue;
      const at = this.dueAt(i);
      if (at !== undefined && at > this.now && (best === undefined || at < best)) best = at;
    }
    return best;
  }

  /** Read the new log entries; note new connections; accept what the listener has ready. */
  private observe(): void {
    const w = this.world;
    for (; this.logCursor < w.logEnd; this.logCursor++) {
      const e = w.logEntry(this.logCursor);
      if (!e) continue;
      const track = this.track[e.side === "a" ? "client" : "server"];
      if (e.type === "state") {
        // Transitions chained within one event count once: a FIN+ACK that acknowledges our FIN
        // takes FIN_WAIT_1 through FIN_WAIT_2 to TIME_WAIT in one step (RFC 9293 processes the
        // ACK, then the FIN), and Figure 5 draws it as FIN_WAIT_1 → TIME_WAIT.
        const prev = w.logEntry(this.logCursor - 1);
        if (
          prev?.type === "state" &&
          prev.side === e.side &&
          prev.conn === e.conn &&
          prev.t === e.t &&
          prev.to === e.from &&
          track.states.length > 0
        ) {
          track.states.pop();
          if (track.firstReached.get(prev.to)?.index === this.logCursor - 1)
            track.firstReached.delete(prev.to);
        }
        track.states.push(e.to);
        if (!track.firstReached.has(e.to)) track.firstReached.set(e.to, { t: e.t, index: this.logCursor });
      } else if (e.type === "error") track.errors.add(e.error);
      else if (e.type === "call" && e.error) track.errors.add(e.error);
    }
    for (const role of ["client", "server"] as const) {
      const host = this.world.hosts[this.sides[role]];
      for (const c of host.connections()) {
        if (this.known.has(c)) continue;
        this.known.add(c);
        this.track[role].latest = c;
      }
      this.autoAccept(role);
    }
    // An accept logs a call: read it too.
    if (this.logCursor < w.logEnd) this.observe();
  }

  /** The application accepts every connection its listener has ready. */
  private autoAccept(role: Role): void {
    const f = this.fds[role];
    if (f.listen === undefined) return;
    const host = this.world.hosts[this.sides[role]];
    const ready = host
      .childrenOf(f.listen)
      .some((c) => !c.embryonic && c.state !== "CLOSED" && !this.acceptedConns.has(c));
    if (!ready) return;
    const fd = this.world.call(this.sides[role], { op: "accept", fd: f.listen }).result;
    if (fd === null) return;
    const conn = host.connectionOf(fd);
    if (conn) this.acceptedConns.add(conn);
    f.conn = fd;
    f.open.push(fd);
    this.autoAccept(role);
  }

  private fire(i: number): void {
    const cue = this.mission.cues[i] as Cue;
    this.firedAt[i] = this.now;
    const t = this.now;
    const { result, error } = this.perform(cue.side, cue.call);
    this.cueLog.push({ t, cue: i, result, error });
  }

  /** Make one application call at `role` (a cue's, a player's or a bot application's). */
  private perform(role: Role, c: CueCall): { result: number | null; error: SocketError | null } {
    const side = this.sides[role];
    const f = this.fds[role];
    let result: number | null = null;
    let error: SocketError | null = null;
    const call = (c: AppCall) => {
      const r = this.world.call(side, c);
      if (r.error && !error) error = r.error;
      return r;
    };
    const socket = (reuseAddr?: boolean) => {
      const fd = call(reuseAddr ? { op: "socket", reuseAddr } : { op: "socket" }).result as number;
      f.open.push(fd);
      return fd;
    };
    /** A call on the connection's fd; close and abort let go of the fd. */
    const onConn = (op: "send" | "read" | "shutdown" | "close" | "abort", bytes = 0) => {
      const fd = f.conn;
      if (fd === undefined) {
        // No connection to use: its fd was closed (a kernel answers EBADF), or there never was one.
        error = f.closedConn ? "EBADF" : "ENOTCONN";
        return;
      }
      if (op === "close" || op === "abort") {
        this.forget(role, fd);
        f.closedConn = true;
      }
      const r = call(op === "send" ? { op, fd, bytes } : { op, fd });
      if (op === "read") result = r.result;
    };
    switch (c.op) {
      case "listen": {
        // A socket bound earlier (bind) listens; else a new one is bound now.
        let fd = f.bound;
        if (fd === undefined) {
          fd = socket(c.reuseAddr);
          if (call({ op: "bind", fd, port: c.port }).error) break;
        } else {
          f.bound = undefined;
          if (c.reuseAddr) call({ op: "setReuseAddr", fd, on: true });
        }
        call({ op: "listen", fd });
        f.listen = fd;
        result = fd;
        break;
      }
      case "connect": {
        const fd = socket();
        f.conn = fd;
        f.closedConn = false;
        result = fd;
        call({ op: "connect", fd, port: c.port });
        break;
      }
      case "send":
        onConn("send", c.bytes);
        break;
      case "read":
        onConn("read");
        break;
      case "shutdown":
        onConn("shutdown");
        break;
      case "close":
        onConn("close");
        break;
      case "abort":
        onConn("abort");
        break;
      case "restart": {
        // Sockets without a connection first: their closes never wait for a decision.
        const conns = f.open.filter((fd) => this.world.hosts[side].connectionOf(fd) !== undefined);
        const others = f.open.filter((fd) => !conns.includes(fd));
        for (const fd of others) this.closeFd(role, fd);
        for (const fd of conns) {
          this.forget(role, fd);
          this.queued.push({ role, fd });
        }
        break;
      }
      case "bind": {
        const fd = socket(c.reuseAddr);
        result = fd;
        const r = call({ op: "bind", fd, port: c.port });
        this.bindResults.push(r.error);
        if (r.error) this.closeFd(role, fd);
        else f.bound = fd;
        break;
      }
      case "setReuseAddrAndListen": {
        let fd = f.bound;
        if (fd === undefined) {
          fd = socket();
          call({ op: "setReuseAddr", fd, on: true });
          const r = call({ op: "bind", fd, port: c.port });
          this.bindResults.push(r.error);
          if (r.error) {
            this.closeFd(role, fd);
            break;
          }
        } else call({ op: "setReuseAddr", fd, on: true });
        f.bound = undefined;
        call({ op: "listen", fd });
        f.listen = fd;
        result = fd;
        break;
      }
    }
    return { result, error };
  }

  /** The application no longer holds this fd (about to close it). */
  private forget(role: Role, fd: number): void {
    const f = this.fds[role];
    f.open = f.open.filter((x) => x !== fd);
    if (f.listen === fd) f.listen = undefined;
    if (f.conn === fd) f.conn = undefined;
    if (f.bound === fd) f.bound = undefined;
  }

  private closeFd(role: Role, fd: number): void {
    this.forget(role, fd);
    this.world.call(this.sides[role], { op: "close", fd });
  }

  private checkDone(): void {
    if (this.finished || this.world.pending) return;
    const failure = this.goalFailure();
    const quiet =
      failure === undefined &&
      this.world.nextEventAt() === undefined &&
      this.queued.length === 0 &&
      this.nextCueAt() === undefined;
    if (quiet) this.finished = { done: true, success: true };
    else if (this.now >= this.mission.timeLimitMs)
      this.finished = failure
        ? { done: true, success: false, failedBecause: failure }
        : { done: true, success: true };
  }
}

function newFds(): AppFds {
  return { listen: undefined, conn: undefined, bound: undefined, open: [], closedConn: false };
}

function newBot(): BotAppState {
  return { listened: false, connected: false, sent: false, readBytes: 0, sawEof: false, closed: false };
}

function newTrack(): SideTrack {
  return { states: [], firstReached: new Map(), errors: new Set(), latest: undefined };
}

export interface GoalObservation {
  client: TcpState;
  server: TcpState;
  clientSaw: readonly TcpState[];
  serverSaw: readonly TcpState[];
  clientErrors: ReadonlySet<SocketError>;
  serverErrors: ReadonlySet<SocketError>;
  bindResults: ReadonlyArray<SocketError | null>;
}

/** The first part of the goal that is not met, or undefined when all are. */
export function judgeGoal(goal: Goal, seen: GoalObservation): GoalFailure | undefined {
  const stateOk = (want: TcpState | TcpState[] | undefined, got: TcpState) =>
    want === undefined || (Array.isArray(want) ? want.includes(got) : want === got);
  if (!stateOk(goal.client, seen.client)) return "goal.client_state";
  if (!stateOk(goal.server, seen.server)) return "goal.server_state";
  if (goal.clientSaw && !containsRun(seen.clientSaw, goal.clientSaw)) return "goal.client_saw";
  if (goal.serverSaw && !containsRun(seen.serverSaw, goal.serverSaw)) return "goal.server_saw";
  if (goal.clientError && !seen.clientErrors.has(goal.clientError)) return "goal.client_error";
  if (goal.serverError && !seen.serverErrors.has(goal.serverError)) return "goal.server_error";
  if (
    goal.bindResults &&
    (goal.bindResults.length !== seen.bindResults.length ||
      goal.bindResults.some((r, i) => r !== seen.bindResults[i]))
  )
    return "goal.bind_results";
  return undefined;
}

/** Whether `run` appears in `seq` as consecutive elements. */
export function containsRun(seq: readonly TcpState[], run: readonly TcpState[]): boolean {
  outer: for (let i = 0; i + run.length <= seq.length; i++) {
    for (let j = 0; j < run.length; j++) if (seq[i + j] !== run[j]) continue outer;
    return true;
  }
  return false;
}
