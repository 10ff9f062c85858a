// The "match" room: a thin adapter between clients and a MissionRun. It owns the engine, runs
// virtual time on a fixed timestep (paused while a human decision is pending), answers for bot
// seats, referees human moves, and mirrors the world into the synchronised state.

import { randomBytes } from "node:crypto";
import { type Client, Room, type RoomException, RoomInternalState, ServerError } from "@colyseus/core";
import { Prng } from "@tcp-tango/shared/net/prng.ts";
import { encodeCandidates } from "@tcp-tango/shared/protocol/records.ts";
import {
  INVALID_OPTIONS_CODE,
  MATCH_CLOSED_CODE,
  SEAT_IN_USE_CODE,
  SEAT_TAKEN_OVER_CODE,
  SERVER_FULL_CODE,
  UNKNOWN_SEAT_CODE,
} from "@tcp-tango/shared/protocol/refusals.ts";
import { PROTOCOL_MISMATCH_CODE, protocolMismatch } from "@tcp-tango/shared/protocol/version.ts";
import {
  candidates,
  expectedMove,
  explanationOf,
  judge,
  type Move,
  type MoveSegment,
  sloppyMove,
} from "@tcp-tango/shared/referee/referee.ts";
import type { ChosenSegment, PendingDecision as EnginePending, Side } from "@tcp-tango/shared/sim/world.ts";
import { ACK, FIN, flagsFromString, SYN } from "@tcp-tango/shared/tcp/segment.ts";
import { seqAdd } from "@tcp-tango/shared/tcp/seq.ts";
import type { z } from "zod";
import { moveTrace } from "../debug/moveTrace.ts";
import { log } from "../log.ts";
import { type MissionEntry, type MissionRunLike, otherRole, ROLES, type Role } from "../missions/contract.ts";
import { findMission } from "../missions/registry.ts";
import { MatchState, PendingDecision, seatOf } from "../schema/MatchState.ts";
import { freezeMatch, newJoinCode, registerMatch, releaseJoinCode } from "../store.ts";
import { CallPayload, type CallReply, toAppCall } from "./calls.ts";
import { fullNotices, matchCapacity } from "./capacity.ts";
import { shareHandshake } from "./handshake.ts";
import { StateMirror } from "./mirror.ts";
import {
  CreateOptions,
  describeIssues,
  FlagsMove,
  FullMove,
  issuesText,
  JoinOptions,
  LadderRequest,
  PickMove,
  RematchRequest,
  StartWithBotRequest,
} from "./options.ts";
import { patchOnDemand } from "./patchOnDemand.ts";
import { fewViewsFor, seatView } from "./seatView.ts";
import { SharedTimestep, type Stepper, type TimestepHandle } from "./timestep.ts";

/** The match room's fixed steps per second (the shared timestep loop's rate). */
export const TICK_RATE = 20;
const RECONNECT_SECONDS = 60;
const EMPTY_ROOM_TTL_MS = 10 * 60_000;
/**
 * `time` alone is published at most every this many wall-clock ms: clients run the clock on
 * between patches at the rate they measure, and count timers down from each row's `timerAt`. A
 * patch that carries anything else always carries the current `time` too.
 */
const TIME_PUBLISH_MS = 1000;

/** Every match room's fixed timestep, on one loop (timestep.ts says why). */
const roomTimestep = new SharedTimestep({
  stepMs: 1000 / TICK_RATE,
  onError: (err, stepper) =>
    (stepper as MatchRoom).onUncaughtException({ cause: err } as unknown as RoomException, "timestep"),
});

/** Score rules (documented in docs/PROTOCOL.md). */
export const SCORE = { correct: 10, correctAfterRetry: 5, wrong: -3 } as const;

export interface MoveReply {
  accepted: boolean;
  correct: boolean;
  decisionId: number;
  mistakes: { index: number; part: string; expected: string | number; got: string | number }[];
  explanation: string;
  misconception: string | null;
  scoreChange: number;
  score: number;
  /** The move that went on the wire (consequence mode) or was refused (coach mode). */
  move: MoveSegment[];
}

interface Current {
  decision: EnginePending;
  role: Role;
  view: InstanceType<typeof PendingDecision>;
  pick: { moves: Move[]; correctIndex: number } | undefined;
}

export class MatchRoom
  extends Room<{ state: MatchState; metadata: { code: string; missionId: string } }>
  implements Stepper
{
  override maxClients = 2;
  override patchRate = 50;
  override state = new MatchState();

  private opts!: CreateOptions;
  private entry!: MissionEntry;
  private run!: MissionRunLike;
  /** 1 for the room's first match, then one more for each rematch. */
  private matchNo = 1;
  private seed: number | string = 0;
  private scale = 1;
  private candidatePrng!: Prng;
  private botPrng!: Prng;
  private current: Current | undefined;
  /** Wall-clock ms when `state.time` was last published. */
  private timePublishedAt = 0;
  private readonly clients_: Record<Role, Client | undefined> = { client: undefined, server: undefined };
  private readonly tokens: Record<Role, string> = { client: "", server: "" };
  private readonly roleBySession = new Map<string, Role>();
  private emptyTimer: { clear(): void } | undefined;
  private creatorRole: Role = "client";
  /** The room's place in the shared timestep loop; absent while nothing is to happen in real time. */
  private loop: TimestepHandle | undefined;
  /**
   * The sockets corked since the outermost cork(), the first `corkedCount` slots (see cork), and
   * how deep the corks nest. The array keeps its length: emptying it would free its backing store.
   */
  private readonly corkedSockets: (CorkableSocket | undefined)[] = [];
  private corkedCount = 0;
  private corkDepth = 0;
  private readonly uncorkOnce = () => this.uncork();
  private disposed = false;
  private firstJoinDone = false;
  /**
   * Virtual ms the room clock has run while playing (advances while the world waits on a bot delay
   * or a decision deadline; it stands still with the stopped timer, when nothing is timed).
   */
  private virtualMs = 0;
  /** A bot seat's decision waiting for `botDelayMs` to pass (virtual ms of the room clock). */
  private botWait: { id: number; role: Role; raisedAt: number; dueAt: number } | undefined;
  /** The world as the state shows it (one mirror per match). */
  private mirror!: StateMirror;
  /** Tests and tools only: the last bot answer, in room-clock virtual ms. */
  lastBotAnswer: { id: number; role: Role; raisedAt: number; answeredAt: number } | undefined;

  override onCreate(raw: unknown): void {
    refuseOtherProtocol(raw);
    const parsed = CreateOptions.safeParse(stripInternal(raw));
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      throw new ServerError(INVALID_OPTIONS_CODE, `invalid create options: ${issuesText(issues)}`);
    }
    const opts = parsed.data;
    const entry = findMission(opts.missionId);
    if (!entry)
      throw new ServerError(
        INVALID_OPTIONS_CODE,
        `invalid create options: missionId: unknown mission "${opts.missionId}"`,
      );
    // Last of the checks: a room refused here is never set up; an admitted one leaves in onDispose.
    if (!matchCapacity.admit(this.roomId)) {
      const notice = fullNotices.refused(Date.now());
      if (notice) log.warn({ max: matchCapacity.max, refused: notice.refused }, notice.msg);
      throw new ServerError(
        SERVER_FULL_CODE,
        `the server holds ${matchCapacity.max} matches, as many as it may; try again in a few minutes`,
      );
    }
    try {
      this.setUp(opts, entry);
    } catch (e) {
      matchCapacity.release(this.roomId); // a room whose onCreate throws is discarded, not disposed
      throw e;
    }
  }

  /** The match's first state, its handlers and its clock (onCreate, once the options are read). */
  private setUp(opts: CreateOptions, entry: MissionEntry): void {
    this.opts = opts;
    this.entry = entry;
    this.newRun();
    this.scale = (entry.mission.timeScale ?? 1) * opts.timeScale;
    this.creatorRole = opts.role;
    this.autoDispose = false;
    fewViewsFor(this);
    shareHandshake(this);

    const s = this.state;
    s.missionId = opts.missionId;
    s.mode = opts.mode;
    s.difficulty = opts.difficulty;
    s.guessState = opts.guessState;
    s.opponent = opts.opponent;
    s.phase = "lobby";
    for (const role of ROLES) {
      const seat = seatOf(s, role);
      seat.role = role;
      // Each seat's decision record lives as long as the room (see raise/clearCurrent).
      const pending = new PendingDecision();
      pending.role = role;
      s.pending.set(role, pending);
      seat.kind = role === opts.role || opts.opponent === "friend" ? "human" : "bot";
      seat.nickname = seat.kind === "bot" ? "bot" : "";
      this.tokens[role] = randomBytes(12).toString("base64url");
    }
    this.mirror.publishEmptyHosts();
    const code = opts.opponent === "friend" ? newJoinCode(this.roomId) : "";
    s.joinCode = code;
    void this.setMatchmaking({ private: true, metadata: { code, missionId: opts.missionId } });

    // No message validators: each handler parses its payload with Zod and answers a bad one.
    const move = (client: Client, payload: unknown, ctx: { reject(reason?: unknown): unknown }) =>
      this.corked(() => this.onMove(client, payload, ctx), client);
    // Under TANGO_BENCH=1 only, bench:server times each move's handler (debug/moveTrace.ts).
    this.onMessage("move", moveTrace ? moveTrace.wrap(move) : move);
    this.onMessage("ping", () => ({ ok: true, time: this.run.now }));
    this.onMessage("ladder", (_client, payload, ctx) => this.onLadder(payload, ctx));
    this.onMessage("call", (client, payload, ctx) =>
      this.corked(() => this.onCall(client, payload, ctx), client),
    );
    this.onMessage("rematch", (client, payload, ctx) =>
      this.corked(() => this.onRematch(client, payload, ctx)),
    );
    this.onMessage("start-with-bot", (client, payload, ctx) =>
      this.corked(() => this.onStartWithBot(client, payload, ctx)),
    );
    // The shared timestep loop steps the world, ticks the room clock, then patches (no separate
    // patch interval). The room leaves the loop while nothing can happen in real time (see `settle`).
    patchOnDemand(this);
    this.startLoop();
    this.armEmptyTimer();
    log.info(
      { roomId: this.roomId, missionId: opts.missionId, opponent: opts.opponent, mode: opts.mode },
      "match created",
    );
  }

  /**
   * A fresh engine for match number `matchNo`: its seed (the create option's, then one derived
   * from it for each rematch, so a seeded room replays the same series; random without one), its
   * random streams, and its record in the store.
   */
  private newRun(): void {
    const opts = this.opts;
    const base = opts.seed;
    this.seed =
      base === undefined
        ? randomBytes(4).readUInt32LE(0)
        : this.matchNo === 1
          ? base
          : typeof base === "number"
            ? (base + this.matchNo - 1) >>> 0
            : `${base}/${this.matchNo}`;
    this.run = this.entry.create({
      seed: this.seed,
      controllers: { client: "human", server: "human" },
      // Free play (no cues): the bot seat's application runs its built-in script; players call.
      botApps: {
        client: opts.opponent === "bot" && opts.role !== "client",
        server: opts.opponent === "bot" && opts.role !== "server",
      },
    });
    this.mirror = new StateMirror(this.run, this.state);
    const prng = new Prng(this.seed).fork("server");
    this.candidatePrng = prng.fork("candidates");
    this.botPrng = prng.fork("bot");
    const run = this.run;
    const matchId = this.matchId;
    const seed = this.seed;
    const matchNo = this.matchNo;
    registerMatch(matchId, () => {
      const current = this.matchNo === matchNo;
      return {
        roomId: this.roomId,
        matchId,
        missionId: opts.missionId,
        seed,
        finished: !current || this.state.phase === "finished",
        result: current ? this.state.result : "",
        failedBecause: current ? this.state.failedBecause : "",
        worldOptions: run.world.options,
        inputs: run.world.inputs,
      };
    });
  }

  /** The match's id in the store and its log URL: the room's id, then `<roomId>-2`, `-3` … for rematches. */
  private get matchId(): string {
    return this.matchNo === 1 ? this.roomId : `${this.roomId}-${this.matchNo}`;
  }

  /**
   * The seat making a request and its payload as `schema` parsed it, or undefined once refused:
   * not seated, or a payload `schema` rejects.
   */
  private requestingSeat<T>(
    client: Client,
    schema: z.ZodType<T>,
    payload: unknown,
    reject: ReturnType<typeof refuser>,
    invalid: string,
  ): { role: Role; request: T } | undefined {
    const role = this.roleBySession.get(client.sessionId);
    if (!role) return reject("not_seated", "you do not hold a seat in this match");
    const parsed = schema.safeParse(payload ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return reject(invalid, issuesText(issues), { issues });
    }
    return { role, request: parsed.data };
  }

  /**
   * A seat asks to play the mission again in this room, same options, or another mission
   * (`missionId`), in the same roles or swapped (`swapRoles`). The rematch starts once every seat
   * with a connected player has asked for the same one; a seat whose player has gone is the bot's.
   * Asking for another than the one asked for so far makes it the proposal: the other seats are
   * asked again.
   */
  private onRematch(
    client: Client,
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): { started: boolean; waitingFor: Role | null } | undefined {
    const reject = refuser(ctx);
    const seat = this.requestingSeat(client, RematchRequest, payload, reject, "invalid_rematch");
    if (!seat) return undefined;
    const { role, request } = seat;
    if (this.state.phase !== "finished")
      return reject("not_finished", `the match is ${this.state.phase}; a rematch follows a finished match`);
    const asked = request.missionId ?? this.opts.missionId;
    if (!findMission(asked)) return reject("unknown_mission", `missionId: unknown mission "${asked}"`);
    const proposal = asked === this.opts.missionId ? "" : asked;
    const swap = request.swapRoles === true;
    if (proposal !== this.state.rematchMissionId || swap !== this.state.rematchSwap) {
      // Another rematch than asked for so far: it is the proposal now, and the others' answers lapse.
      this.state.rematchMissionId = proposal;
      this.state.rematchSwap = swap;
      for (const r of ROLES) seatOf(this.state, r).rematch = false;
    }
    seatOf(this.state, role).rematch = true;
    const waiting = ROLES.find((r) => {
      const seat = seatOf(this.state, r);
      return seat.kind === "human" && seat.connected && !seat.rematch;
    });
    if (waiting) {
      this.broadcast("rematch-asked", { role, missionId: asked, swapRoles: swap });
      this.settle(); // a finished room does not tick: patch the seat's request now
      return { started: false, waitingFor: waiting };
    }
    this.restart();
    return { started: true, waitingFor: null };
  }

  /**
   * A friend match whose friend has not come: the bot plays the open seat and the match starts
   * (a class's odd one out). The seat stays unowned, so the friend may still join with the code
   * and take it over from the bot, as the owner of a warm seat would.
   */
  private onStartWithBot(
    client: Client,
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): { started: true } | undefined {
    const reject = refuser(ctx);
    const role = this.requestingSeat(client, StartWithBotRequest, payload, reject, "invalid_start")?.role;
    if (!role) return undefined;
    if (this.state.phase !== "lobby")
      return reject(
        "not_lobby",
        `the match is ${this.state.phase}; only a match waiting for a friend can start with the bot`,
      );
    const other = otherRole(role);
    const seat = seatOf(this.state, other);
    seat.kind = "bot";
    seat.connected = false;
    this.run.setBotApp?.(other, true);
    this.state.phase = "playing";
    this.broadcast("started", { missionId: this.opts.missionId });
    log.info({ roomId: this.roomId, role }, "started with the bot");
    this.step();
    this.settle();
    return { started: true };
  }

  /** Match number matchNo + 1 in the same room (the mission asked for): a fresh engine, a cleared state. */
  private restart(): void {
    freezeMatch(this.matchId);
    this.matchNo++;
    const next = this.state.rematchMissionId;
    const entry = next ? findMission(next) : undefined;
    if (entry) {
      this.opts = { ...this.opts, missionId: next };
      this.entry = entry;
      this.scale = (entry.mission.timeScale ?? 1) * this.opts.timeScale;
      this.state.missionId = next;
      void this.setMatchmaking({ metadata: { code: this.state.joinCode, missionId: next } });
    }
    this.state.rematchMissionId = "";
    const swapped = this.state.rematchSwap;
    if (swapped) this.swapSeats();
    this.state.rematchSwap = false;
    this.clearCurrent();
    this.botWait = undefined;
    this.lastBotAnswer = undefined;
    this.virtualMs = 0;
    this.newRun();
    const s = this.state;
    s.matchNo = this.matchNo;
    s.time = 0;
    s.paused = false;
    s.waitingFor = "";
    s.result = "";
    s.failedBecause = "";
    s.flights = "[]";
    s.ladder.clear();
    s.ladderEnd = 0;
    for (const role of ROLES) {
      const seat = seatOf(s, role);
      seat.score = 0;
      seat.mistakes = 0;
      seat.moves = 0;
      seat.rematch = false;
      // Nobody at this seat any more: the bot plays it, and its owner may still reclaim it.
      if (seat.kind === "human" && !seat.connected) {
        seat.kind = "bot";
        this.run.setBotApp?.(role, true);
      }
    }
    this.mirror.publishEmptyHosts();
    s.phase = "playing";
    this.emptyTimer?.clear();
    this.emptyTimer = undefined;
    this.broadcast("started", { missionId: this.opts.missionId, matchNo: this.matchNo, swapped });
    log.info({ roomId: this.roomId, matchNo: this.matchNo }, "rematch started");
    this.step();
    this.settle();
  }

  /**
   * Each player takes the other role (before a rematch's fresh engine is made): seat, seat token,
   * hidden decision and, against the bot, which side the bot's application plays. Each connected
   * player is told with a `seat` message, as on joining.
   */
  private swapSeats(): void {
    const [c, v] = [this.state.clientSeat, this.state.serverSeat];
    [c.kind, v.kind] = [v.kind, c.kind];
    [c.owned, v.owned] = [v.owned, c.owned];
    [c.connected, v.connected] = [v.connected, c.connected];
    [c.nickname, v.nickname] = [v.nickname, c.nickname];
    const t = this.tokens;
    [t.client, t.server] = [t.server, t.client];
    const p = this.clients_;
    [p.client, p.server] = [p.server, p.client];
    for (const [sessionId, role] of this.roleBySession) this.roleBySession.set(sessionId, otherRole(role));
    this.creatorRole = otherRole(this.creatorRole);
    this.opts = { ...this.opts, role: otherRole(this.opts.role) };
    for (const role of ROLES) {
      const client = this.clients_[role];
      if (!client) continue;
      const was = this.state.pending.get(otherRole(role));
      const now = this.state.pending.get(role);
      if (was) client.view?.remove(was);
      if (now) client.view?.add(now);
      this.sendSeat(client, role);
    }
    log.info({ roomId: this.roomId, matchNo: this.matchNo }, "roles swapped");
  }

  /** Tell a player which seat is theirs, and the token that reclaims it. */
  private sendSeat(client: Client, role: Role): void {
    client.send("seat", {
      role,
      seatToken: this.tokens[role],
      roomId: this.roomId,
      joinCode: this.state.joinCode,
    });
  }

  override onJoin(client: Client, raw: unknown): void {
    refuseOtherProtocol(raw);
    const parsed = JoinOptions.safeParse(stripInternal(raw) ?? {});
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      throw new ServerError(INVALID_OPTIONS_CODE, `invalid join options: ${issuesText(issues)}`);
    }
    const opts = parsed.data;
    let role: Role | undefined;
    if (opts.seatToken !== undefined) {
      role = ROLES.find((r) => this.tokens[r] === opts.seatToken);
      if (!role) throw new ServerError(UNKNOWN_SEAT_CODE, "seatToken: no seat in this match has this token");
      if (this.clients_[role])
        throw new ServerError(SEAT_IN_USE_CODE, `seatToken: the ${role} seat is in use`);
    } else if (!this.firstJoinDone) {
      role = this.creatorRole;
      this.firstJoinDone = true;
    } else if (this.opts.opponent === "friend") {
      const other = otherRole(this.creatorRole);
      if (seatOf(this.state, other).owned) throw new ServerError(MATCH_CLOSED_CODE, "this match is full");
      role = other;
    } else {
      throw new ServerError(
        MATCH_CLOSED_CODE,
        "this match is against the bot: join with a seatToken to reclaim your seat",
      );
    }
    const seat = seatOf(this.state, role);
    this.seatPlayer(role);
    seat.owned = true;
    seat.connected = true;
    // No nickname given: "" (clients show their own word for a player, in their language).
    const nickname =
      opts.nickname ??
      (role === this.creatorRole && !seat.nickname ? (this.opts.nickname ?? "") : seat.nickname);
    seat.nickname = nickname;
    this.clients_[role] = client;
    this.roleBySession.set(client.sessionId, role);
    client.view = seatView();
    const mine = this.state.pending.get(role);
    if (mine) client.view.add(mine);
    this.sendSeat(client, role);
    this.emptyTimer?.clear();
    this.emptyTimer = undefined;
    log.info({ roomId: this.roomId, role, sessionId: client.sessionId }, "seat taken");
    if (
      this.state.phase === "lobby" &&
      ROLES.every((r) => seatOf(this.state, r).kind === "bot" || seatOf(this.state, r).owned)
    ) {
      this.state.phase = "playing";
      this.broadcast("started", { missionId: this.opts.missionId });
      this.step();
    } else this.catchUp(client, role);
    this.settle();
  }

  /**
   * A player takes their seat (back). A seat the bot kept warm (after its owner left, or a
   * rematch that started while they were away) is theirs again, its application too (free play).
   */
  private seatPlayer(role: Role): void {
    const seat = seatOf(this.state, role);
    if (seat.kind === "bot") this.run.setBotApp?.(role, false);
    seat.kind = "human";
  }

  /**
   * What a player back at their seat must hear again, lost while they were away: their pending
   * decision, or how the match ended.
   */
  private catchUp(client: Client, role: Role): void {
    if (this.current?.role === role) this.sendDecision(client, this.current);
    else if (this.state.phase === "finished") client.send("finished", this.finishedMessage());
  }

  override async onDrop(client: Client): Promise<void> {
    const role = this.roleBySession.get(client.sessionId);
    if (role) seatOf(this.state, role).connected = false;
    log.info({ roomId: this.roomId, role, sessionId: client.sessionId }, "player dropped");
    this.settle();
    // A room being disposed (the server shutting down) takes no reconnections: the player leaves.
    if ((this as unknown as { _internalState: number })._internalState === RoomInternalState.DISPOSING)
      return;
    const socket = client.ref;
    await this.allowReconnection(client, RECONNECT_SECONDS);
    closeTakenOver(socket, client.ref);
  }

  override onReconnect(client: Client): void {
    const role = this.roleBySession.get(client.sessionId);
    if (!role) return;
    seatOf(this.state, role).connected = true;
    this.seatPlayer(role);
    this.clients_[role] = client;
    // A rematch that started meanwhile may have swapped the roles; its `started` was lost.
    this.sendSeat(client, role);
    this.catchUp(client, role);
    log.info({ roomId: this.roomId, role, sessionId: client.sessionId }, "player reconnected");
    this.settle();
  }

  override onLeave(client: Client): void {
    const role = this.roleBySession.get(client.sessionId);
    this.roleBySession.delete(client.sessionId);
    if (!role || this.clients_[role] !== client) return;
    this.clients_[role] = undefined;
    const seat = seatOf(this.state, role);
    seat.connected = false;
    if (this.state.phase !== "finished") {
      // The bot keeps the seat warm, application included; the owner may reclaim it with the seat token.
      seat.kind = "bot";
      this.run.setBotApp?.(role, true);
      this.broadcast("seat-warm", { role });
      if (this.state.phase === "lobby") {
        this.state.phase = "playing";
        this.step();
      } else if (this.current?.role === role) this.botAnswers(this.current, "left");
    }
    log.info({ roomId: this.roomId, role, sessionId: client.sessionId }, "player left");
    if (this.clients.length === 0) this.armEmptyTimer();
    this.settle();
  }

  override onDispose(): void {
    this.disposed = true;
    matchCapacity.release(this.roomId);
    this.stopLoop();
    if (this.state.joinCode) releaseJoinCode(this.state.joinCode);
    freezeMatch(this.matchId);
    log.info({ roomId: this.roomId }, "match disposed");
  }

  override onUncaughtException(err: RoomException, methodName: string): void {
    const c = (err as { client?: Client }).client;
    const role = c ? this.roleBySession.get(c.sessionId) : undefined;
    // Colyseus passes every throw from onCreate/onJoin through here, our refusals too (bad
    // options, a full server, a wrong seat token): those are answers to the client, not faults,
    // and anyone could fill the log with them at will.
    if (err.cause instanceof ServerError) {
      log.debug(
        { roomId: this.roomId, method: methodName, code: err.cause.code, reason: err.cause.message },
        "refused",
      );
      return;
    }
    log.error(
      { roomId: this.roomId, seat: role ?? null, method: methodName, err: err.cause ?? err },
      "uncaught exception in room",
    );
  }

  /** Tests and tools only: the reference answer to the pending decision. Never sent to clients. */
  referenceMove(): { role: Role; segments: MoveSegment[] } | undefined {
    const cur = this.current;
    return cur ? { role: cur.role, segments: expectedMove(cur.decision).segments } : undefined;
  }

  /** Tests and tools only: the engine. */
  get engine(): MissionRunLike {
    return this.run;
  }

  // ---------------------------------------------------------------------------------------
  // Time and the engine

  private armEmptyTimer(): void {
    this.emptyTimer?.clear();
    // A room its creator never joined (a create whose seat reservation lapsed: a script, a closed
    // tab) goes soon, or creates alone could hold every place of the match cap for 10 minutes.
    const ttl =
      this.state.phase === "finished"
        ? 1000
        : this.firstJoinDone
          ? EMPTY_ROOM_TTL_MS
          : 2 * this.seatReservationTimeout * 1000;
    this.emptyTimer = this.clock.setTimeout(() => {
      this.emptyTimer = undefined;
      if (this.clients.length === 0) void this.disconnect();
    }, ttl);
    // The room clock (its timeouts) runs on the timestep timer.
    if (!this.loop) this.startLoop();
  }

  /** Whether the timestep timer has anything to do: the world runs, or a real-time wait counts down. */
  private needsLoop(): boolean {
    if (this.emptyTimer) return true; // the room clock's timeout
    if (this.state.phase !== "playing") return false; // lobby and finished: ticks do nothing
    if (this.botWait) return true;
    const cur = this.current;
    if (!cur) return true; // the world runs
    return cur.view.deadline > 0;
  }

  private startLoop(): void {
    if (this.disposed || this.loop) return;
    // The room clock measures from its last tick: let a stopped spell not count as catch-up.
    this.clock.tick();
    this.loop = roomTimestep.add(this);
  }

  /** One firing of the shared loop: `steps` fixed steps (more than 1 after a stall), one patch. */
  onTimestep(steps: number): void {
    this.cork();
    try {
      this.clock.tick(); // the room clock's timeouts (the empty-room timer) run on this loop
      for (let i = 0; i < steps && !this.disposed; i++) this.tick(1000 / TICK_RATE);
      if (this.disposed) return;
      this.broadcastPatch();
      if (!this.needsLoop()) this.stopLoop();
    } finally {
      this.uncork();
    }
  }

  /**
   * Run a request's handler with the clients' sockets corked until the step that follows it has
   * run: each seat's notice, the step's patch and the next decision leave in one write per socket.
   *
   * `replyAtOnce` (moves and calls: their handlers send nothing themselves) stays uncorked until
   * the step begins, so its reply leaves first: judging a move took 0.10 ms, its step 0.38 ms
   * (medians, bench:server at 500 players). The step and the uncork wait for setImmediate, so
   * moves read in the same poll are all answered before any of their steps runs. At 1,000
   * players (medians of 4 runs each, one series per change): replying first, move p99 4.62 →
   * 4.19 ms; then setImmediate, 3.24 → 2.85 ms; one more write per request, no more CPU.
   */
  private corked<T>(handle: () => T, replyAtOnce?: Client): T {
    this.cork(replyAtOnce);
    try {
      return handle();
    } finally {
      // Queued after the handler queued its step (stepAfterReply, settle): the uncork runs last.
      setImmediate(this.uncorkOnce);
    }
  }

  /**
   * Cork the clients' sockets, but `except`'s, until the matching uncork(). Corks nest in pairs;
   * an inner cork() corks the sockets the outer ones left out; only the outermost uncork() uncorks.
   * Nothing is allocated: every room corks on every step of the loop.
   */
  private cork(except?: Client): void {
    this.corkDepth++;
    const clients = this.clients;
    for (let i = 0; i < clients.length; i++) {
      const client = clients[i];
      if (client === except) continue;
      const socket = (client?.ref as { _socket?: CorkableSocket } | undefined)?._socket;
      if (!socket || this.isCorked(socket)) continue;
      socket.cork();
      this.corkedSockets[this.corkedCount++] = socket;
    }
  }

  private isCorked(socket: CorkableSocket): boolean {
    for (let i = 0; i < this.corkedCount; i++) if (this.corkedSockets[i] === socket) return true;
    return false;
  }

  private uncork(): void {
    if (--this.corkDepth > 0) return;
    const sockets = this.corkedSockets;
    for (let i = 0; i < this.corkedCount; i++) {
      sockets[i]?.uncork();
      sockets[i] = undefined;
    }
    this.corkedCount = 0;
  }

  /** Tests and tools: whether the room is on the timestep loop. */
  get ticking(): boolean {
    return this.loop !== undefined;
  }

  private stopLoop(): void {
    this.loop?.stop();
    this.loop = undefined;
  }

  /**
   * After anything that may change the state or what is waited for outside the timestep: restart
   * the timer when something is to happen in real time; while it is stopped, patch right away.
   */
  private settle(): void {
    if (this.loop) return;
    if (this.needsLoop()) this.startLoop();
    this.broadcastPatch();
  }

  private tick(dtMs: number): void {
    if (this.state.phase !== "playing") return;
    this.virtualMs += dtMs * this.scale;
    const wait = this.botWait;
    if (wait) {
      if (this.virtualMs < wait.dueAt) return;
      this.botWait = undefined;
      this.state.waitingFor = "";
      this.state.paused = false;
      const d = this.run.pending;
      if (d && d.id === wait.id && seatOf(this.state, wait.role).kind === "bot") {
        this.botDecide(wait.role, d);
        this.lastBotAnswer = {
          id: d.id,
          role: wait.role,
          raisedAt: wait.raisedAt,
          answeredAt: this.virtualMs,
        };
      }
      this.step();
      return;
    }
    if (this.current) {
      const deadline = this.current.view.deadline;
      if (deadline > 0 && Date.now() >= deadline) this.botAnswers(this.current, "deadline");
      return;
    }
    this.run.advance(this.run.now + dtMs * this.scale);
    this.step();
  }

  /** After the world moved: mirror it, let bots answer, raise a human decision, or finish. */
  private step(): void {
    for (let guard = 0; guard < 1000; guard++) {
      this.mirror.sync(this.hiddenRole());
      const outcome = this.run.outcome();
      if (outcome.done) return this.finish(outcome.success, outcome.failedBecause);
      const d = this.run.pending;
      if (!d) return;
      const role = this.roleOf(d.side);
      const seat = seatOf(this.state, role);
      if (seat.kind === "bot") {
        if (this.opts.botDelayMs > 0) {
          if (this.botWait?.id !== d.id) {
            this.botWait = {
              id: d.id,
              role,
              raisedAt: this.virtualMs,
              dueAt: this.virtualMs + this.opts.botDelayMs,
            };
            this.state.waitingFor = role;
            this.state.paused = true;
          }
          return;
        }
        this.botDecide(role, d);
        this.lastBotAnswer = { id: d.id, role, raisedAt: this.virtualMs, answeredAt: this.virtualMs };
        continue;
      }
      if (this.current?.decision.id !== d.id) this.raise(role, d);
      return;
    }
    throw new Error("step(): the bots did not settle after 1000 decisions");
  }

  /** The role whose own host rows are held back (guessState mode, a human decision pending). */
  private hiddenRole(): Role | undefined {
    if (!this.opts.guessState) return undefined;
    const d = this.run.pending;
    if (!d) return undefined;
    const role = this.roleOf(d.side);
    return seatOf(this.state, role).kind === "human" ? role : undefined;
  }

  private roleOf(side: Side): Role {
    return this.mirror.roleOf(side);
  }

  /** Tests only: how many times the ladder was replayed for a `ladder` request. */
  get ladderReplays(): number {
    return this.mirror.replays;
  }

  private botDecide(role: Role, d: EnginePending): void {
    const sloppy = this.opts.botSloppiness > 0 && this.botPrng.chance(this.opts.botSloppiness);
    const mistake = sloppy ? sloppyMove(d, this.botPrng) : undefined;
    if (mistake) {
      this.run.decide(role, toChosen(mistake.move.segments));
      this.broadcast("bot-mistake", { role, misconception: mistake.key });
    } else this.run.decide(role, "reference");
  }

  /** The bot answers a human seat's pending decision (deadline passed, or the player left). */
  private botAnswers(cur: Current, why: "deadline" | "left"): void {
    this.clearCurrent();
    this.run.decide(cur.role, "reference");
    this.broadcast("bot-answered", { role: cur.role, decisionId: cur.decision.id, why });
    this.step();
  }

  /**
   * The seat's decision goes into its record in `pending`, which stays in the state and in the
   * seat's view while the room lives: a new record per decision (a schema instance, its map entry
   * and view bookkeeping, made and dropped every few seconds per seat) was the largest share of
   * what our code left for the young-generation collections to copy (bench:server, 1,000 players).
   */
  private raise(role: Role, d: EnginePending): void {
    this.clearCurrent();
    const p = this.state.pending.get(role);
    if (!p) throw new Error(`no pending record for the ${role} seat`);
    p.id = d.id;
    p.triggerKind = d.trigger.kind;
    p.trigger = describeTrigger(d);
    p.stateBefore = d.stateBefore;
    p.local = `${d.local.ip}:${d.local.port}`;
    p.remote = `${d.remote.ip}:${d.remote.port}`;
    p.at = this.run.now;
    p.deadline = this.opts.decisionDeadlineSec ? Date.now() + this.opts.decisionDeadlineSec * 1000 : 0;
    // The stack, not the player, picks the initial sequence number (RFC 9293 §3.4): when the
    // answer opens a connection, the player is told the ISN their stack chose.
    p.iss = d.expected.sent.find((seg) => (seg.flags & SYN) !== 0)?.seq ?? -1;
    p.attempts = 0;
    p.candidates = "";
    let pick: Current["pick"];
    if (this.opts.difficulty === "pick") {
      pick = candidates(d, this.candidatePrng, 4);
      p.candidates = encodeCandidates(pick.moves.map((m) => m.segments));
    }
    const cur: Current = { decision: d, role, view: p, pick };
    this.current = cur;
    this.state.waitingFor = role;
    this.state.paused = true;
    const client = this.clients_[role];
    if (client) this.sendDecision(client, cur);
  }

  private sendDecision(client: Client, cur: Current): void {
    const p = cur.view;
    client.send("decision", {
      id: p.id,
      role: p.role,
      triggerKind: p.triggerKind,
      trigger: p.trigger,
      stateBefore: p.stateBefore,
      local: p.local,
      remote: p.remote,
      at: p.at,
      deadline: p.deadline,
      // What is left now (a resend after a reconnection has less): no clock difference skews it.
      deadlineInMs: p.deadline > 0 ? Math.max(0, p.deadline - Date.now()) : 0,
      difficulty: this.opts.difficulty,
      candidates: cur.pick?.moves.map((m) => m.segments) ?? [],
      iss: p.iss >= 0 ? p.iss : null,
    });
  }

  private clearCurrent(): void {
    const cur = this.current;
    if (!cur) return;
    this.current = undefined;
    clearPending(cur.view);
    this.state.waitingFor = "";
    this.state.paused = false;
  }

  private finish(success: boolean, failedBecause: string | undefined): void {
    if (this.state.phase === "finished") return;
    this.clearCurrent();
    this.state.phase = "finished";
    this.state.result = success ? "success" : "failed";
    this.state.failedBecause = failedBecause ?? "";
    this.broadcast("finished", this.finishedMessage());
    log.info({ roomId: this.roomId, result: this.state.result }, "match finished");
    if (this.clients.length === 0) this.armEmptyTimer();
  }

  /** The `finished` message: the result, each seat's score, and where the match's log is. */
  private finishedMessage(): object {
    const scores = Object.fromEntries(
      ROLES.map((r) => {
        const s = seatOf(this.state, r);
        return [
          r,
          { kind: s.kind, nickname: s.nickname, score: s.score, mistakes: s.mistakes, moves: s.moves },
        ];
      }),
    );
    return {
      result: this.state.result,
      failedBecause: this.state.failedBecause,
      time: this.run.now,
      scores,
      logUrl: `/api/matches/${this.matchId}/log`,
    };
  }

  // ---------------------------------------------------------------------------------------
  // Moves

  private onMove(
    client: Client,
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): MoveReply | undefined {
    try {
      return this.move(client, payload, ctx);
    } catch (e) {
      const role = this.roleBySession.get(client.sessionId);
      log.error({ roomId: this.roomId, seat: role ?? null, err: e }, "move failed");
      ctx.reject({ error: "internal", message: "the server failed to apply this move; the match goes on" });
      return undefined;
    }
  }

  private move(
    client: Client,
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): MoveReply | undefined {
    const role = this.roleBySession.get(client.sessionId);
    const reject = refuser(ctx);
    if (!role) return reject("not_seated", "you do not hold a seat in this match");
    if (this.state.phase !== "playing")
      return reject("not_playing", `the match is ${this.state.phase}; moves are accepted only while playing`);
    const cur = this.current;
    if (!cur || cur.role !== role) {
      const other = cur ? ` (the ${cur.role} seat is deciding)` : "";
      return reject("not_your_turn", `no decision is pending for the ${role} seat${other}`);
    }
    const schema = { pick: PickMove, flags: FlagsMove, full: FullMove }[this.opts.difficulty];
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return reject("invalid_move", issuesText(issues), { issues });
    }
    const m = parsed.data as {
      decisionId?: number;
      choice?: number;
      flags?: string[];
      segments?: MoveSegment[];
      state?: string;
    };
    if (m.decisionId !== undefined && m.decisionId !== cur.decision.id)
      return reject(
        "stale_decision",
        `decision ${m.decisionId} is over; the pending one is ${cur.decision.id}`,
      );
    const d = cur.decision;
    let segments: MoveSegment[];
    if (m.choice !== undefined) {
      const chosen = cur.pick?.moves[m.choice];
      if (!chosen) {
        const n = cur.pick?.moves.length ?? 0;
        const message = `choice must be between 0 and ${n - 1}`;
        return reject("invalid_move", `choice: ${message}`, { issues: [{ field: "choice", message }] });
      }
      segments = chosen.segments; // the candidate's implied state is not the player's guess
    } else if (m.flags !== undefined) segments = m.flags.map((f, i) => fillNumbers(d, f, i));
    else segments = (m.segments ?? []).map((s) => ({ ...s }));
    const got: Move = { segments, state: m.state as Move["state"] };
    const verdict = judge(expectedMove(d), got, explanationOf(d), d);
    const seat = seatOf(this.state, role);
    const scoreChange = verdict.correct
      ? cur.view.attempts === 0
        ? SCORE.correct
        : SCORE.correctAfterRetry
      : SCORE.wrong;
    seat.score += scoreChange;
    if (!verdict.correct) seat.mistakes += 1;
    const reply: MoveReply = {
      accepted: true,
      correct: verdict.correct,
      decisionId: d.id,
      mistakes: verdict.mistakes,
      explanation: verdict.explanation,
      misconception: verdict.misconception ?? null,
      scoreChange,
      score: seat.score,
      move: segments,
    };
    if (!verdict.correct && this.opts.mode === "coach") {
      cur.view.attempts += 1;
      reply.accepted = false;
      this.broadcast(
        "moved",
        { role, decisionId: d.id, accepted: false, correct: false },
        { except: client },
      );
      // As an accepted move: the reply first, then (after the requests read with this one) the
      // patch of the seat's score and attempts; the world itself has not moved.
      setImmediate(() => this.stepAfterReply(role, "move"));
      return reply;
    }
    seat.moves += 1;
    this.clearCurrent();
    this.run.decide(role, verdict.correct ? "reference" : toChosen(segments));
    this.broadcast(
      "moved",
      { role, decisionId: d.id, accepted: true, correct: verdict.correct },
      { except: client },
    );
    // The reply goes out first; the world moves on (bots, next decision, patches) once the
    // requests read with this one have been answered (see corked).
    setImmediate(() => this.stepAfterReply(role, "move"));
    return reply;
  }

  /** After a move or a call has been answered: the room's flow (decisions, bots, patches). */
  private stepAfterReply(role: Role, what: "move" | "call"): void {
    if (this.disposed) return; // disposed between the reply and its step
    this.cork();
    try {
      this.step();
    } catch (e) {
      log.error({ roomId: this.roomId, seat: role, err: e }, `step after ${what} failed`);
    }
    try {
      this.settle();
    } finally {
      this.uncork();
    }
  }

  /** The ladder's lines from `from` on (at most the last LADDER_MAX): what a client missed. */
  private onLadder(
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): { from: number; lines: string[] } | undefined {
    const parsed = LadderRequest.safeParse(payload);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return refuser(ctx)("invalid_ladder_request", issuesText(issues), { issues });
    }
    try {
      return this.mirror.ladderLines(parsed.data.from);
    } catch (e) {
      log.error({ roomId: this.roomId, err: e }, "ladder history failed");
      return refuser(ctx)("internal", "the server failed to rebuild the ladder; the match goes on");
    }
  }

  /** A seated human's application makes a system call ("call", docs/PROTOCOL.md). */
  private onCall(
    client: Client,
    payload: unknown,
    ctx: { reject(reason?: unknown): unknown },
  ): CallReply | undefined {
    const role = this.roleBySession.get(client.sessionId);
    const reject = refuser(ctx);
    if (!role || seatOf(this.state, role).kind !== "human")
      return reject("not_seated", "you do not hold a seat in this match");
    if (this.state.phase !== "playing")
      return reject("not_playing", `the match is ${this.state.phase}; calls are accepted only while playing`);
    const parsed = CallPayload.safeParse(payload);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return reject("invalid_call", issuesText(issues), { issues });
    }
    if (!this.run.appCall)
      return reject("not_supported", `mission ${this.opts.missionId} takes no application calls`);
    let r: { result: number | null; error: string | null };
    try {
      r = this.run.appCall(role, toAppCall(parsed.data));
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (code === "decision_pending")
        return reject("not_now", `the ${role} seat must first answer its pending decision`);
      if (code === "finished") return reject("not_playing", "the mission is over");
      log.error({ roomId: this.roomId, seat: role, err: e }, "call failed");
      return reject("internal", "the server failed to make this call; the match goes on");
    }
    // The reply goes out first; then, after the requests read with this one, the room's flow
    // (the call's decision, bots, patches; see corked).
    setImmediate(() => this.stepAfterReply(role, "call"));
    return { ok: true, result: r.result, error: r.error };
  }

  /**
   * Patches go out only when something changed (the state, or a seat's view). `time` alone
   * changes every tick while the clock runs: it is published with any other change, and on its
   * own at most every TIME_PUBLISH_MS of wall-clock time.
   */
  override broadcastPatch(): boolean {
    const encoder = (this as unknown as { _serializer?: { encoder?: { hasChanges: boolean } } })._serializer
      ?.encoder;
    const s = this.state;
    const now = this.run ? this.run.now : s.time;
    let changed = !encoder || encoder.hasChanges;
    if (!changed) {
      for (const c of this.clients) {
        if ((c.view as { changes?: { size: number } } | undefined)?.changes?.size) {
          changed = true;
          break;
        }
      }
    }
    if (s.time !== now) {
      const wall = Date.now();
      if (changed || wall - this.timePublishedAt >= TIME_PUBLISH_MS) {
        s.time = now;
        this.timePublishedAt = wall;
        changed = true;
      }
    }
    if (!changed) return false;
    return super.broadcastPatch();
  }
}

/** A client's socket, as cork() and uncork() use it. */
interface CorkableSocket {
  cork(): void;
  uncork(): void;
}

/** A seat's record in `pending` when it has no decision: id 0 (decision ids start at 1). */
function clearPending(p: PendingDecision): void {
  p.id = 0;
  p.triggerKind = "";
  p.trigger = "";
  p.stateBefore = "";
  p.local = "";
  p.remote = "";
  p.at = 0;
  p.deadline = 0;
  p.iss = -1;
  p.candidates = "";
  p.attempts = 0;
}

/** A request's refusal: `ctx.reject({ error, message, ...extra })`, and no reply value. */
function refuser(ctx: { reject(reason?: unknown): unknown }) {
  return (error: string, message: string, extra: object = {}): undefined => {
    ctx.reject({ error, message, ...extra });
    return undefined;
  };
}

/** Create options arrive with internal keys on some SDK paths; only ours are validated. */
function stripInternal(raw: unknown): unknown {
  if (!raw || typeof raw !== "object") return raw;
  return Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith("_") && !k.startsWith("$")));
}

function toChosen(segments: readonly MoveSegment[]): ChosenSegment[] {
  return segments.map((s) => {
    const flags = flagsFromString(s.flags);
    return { flags, seq: s.seq >>> 0, ack: flags & ACK ? s.ack >>> 0 : 0, len: s.len };
  });
}

/** Flags difficulty: the player picks the flags, the numbers are the reference's. */
function fillNumbers(d: EnginePending, flags: string, i: number): MoveSegment {
  const ref = expectedMove(d).segments[i] ?? expectedMove(d).segments[0];
  if (ref) return { flags, seq: ref.seq, ack: ref.ack, len: ref.len };
  if (d.trigger.kind === "segment") {
    const t = d.trigger.seg;
    const tf = flagsFromString(t.flags);
    const ack = seqAdd(t.seq, t.len + (tf & SYN ? 1 : 0) + (tf & FIN ? 1 : 0));
    return { flags, seq: tf & ACK ? t.ack : 0, ack, len: 0 };
  }
  return { flags, seq: 0, ack: 0, len: 0 };
}

function describeTrigger(d: EnginePending): string {
  const t = d.trigger;
  if (t.kind === "segment") return `${t.seg.flags} seq=${t.seg.seq} ack=${t.seg.ack} len=${t.seg.len}`;
  if (t.kind === "timer") return `timer ${t.timer}`;
  return `call ${t.call.op}`;
}

/**
 * After a reconnection, close the seat's previous socket if it is still open. Colyseus lets a
 * reconnection token take over a live connection (meant for one that went stale unseen), but
 * leaves that socket open and deaf: a copy of the tab would leave the original showing a match
 * it no longer plays. Told why, the original says so instead of waiting forever.
 */
function closeTakenOver(previous: Client["ref"], current: Client["ref"]): void {
  const ws = previous as unknown as { readyState?: number; close?(code: number, reason: string): void };
  if (previous !== current && ws.readyState === 1 /* OPEN */)
    ws.close?.(SEAT_TAKEN_OVER_CODE, "another connection took this seat over");
}

/**
 * A client that speaks another protocol version is told so (its own error code) before its
 * options are read: they may have changed too.
 */
function refuseOtherProtocol(raw: unknown): void {
  const version = (raw as { protocol?: unknown } | null | undefined)?.protocol;
  const why = typeof version === "number" ? protocolMismatch(version) : null;
  if (why) throw new ServerError(PROTOCOL_MISMATCH_CODE, why);
}
