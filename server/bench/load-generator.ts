// One of bench:server's load generators: a process of SDK (and bare ws) clients that does what
// the coordinator (server.bench.ts) asks over IPC (load.ts's Command) and answers with what its
// clients measured. With --generators K the players are split among K such processes, so that no
// one process's pauses hold up every reply.

import "./ws-client.ts"; // before @colyseus/sdk: its clients use `ws` (see there)
import { Client, type Room } from "@colyseus/sdk";
import { decodeLadderLine, LadderBook } from "@tcp-tango/shared/protocol/ladder.ts";
import { decodeFlights, decodeHost } from "@tcp-tango/shared/protocol/records.ts";
import { PROTOCOL_VERSION } from "@tcp-tango/shared/protocol/version.ts";
import { expectedMove } from "@tcp-tango/shared/referee/referee.ts";
import WebSocket from "ws";
import { allocationSampling } from "../src/debug/allocations.ts";
import { collectGarbage } from "../src/debug/gc.ts";
import { watchLoop } from "../src/debug/loopStats.ts";
import { type MoveSeen, monotonicUs } from "../src/debug/moveTrace.ts";
import { useNodeStringDecoder } from "../src/debug/schemaStrings.ts";
import type { MissionRunLike, Role } from "../src/missions/contract.ts";
import { findMission } from "../src/missions/registry.ts";
import {
  type Answers,
  CONNECT_LIMIT_MS,
  type Command,
  type FloorReport,
  type FloorTraffic,
  type GameReport,
  jittered,
  MISSION,
  MOVE_EVERY_MS,
  MOVE_JITTER,
  type PatchTraffic,
  type PlannedMatch,
  RAMP_BATCH,
  type RampReport,
  type Reply,
  SEED_POOL,
  sleep,
  THINK_MAX_MS,
  THINK_MIN_MS,
  type Timed,
} from "./load.ts";

/** This generator's number (0 …), so that generators start their matches on different seeds. */
const PART = Number(process.env.TANGO_GENERATOR_PART ?? 0);
/**
 * After a match its players play again in the same room (a rematch), as a class or a pair does;
 * TANGO_FRESH_ROOMS=1 (--fresh-rooms): they leave, and start a fresh match in a fresh room.
 */
const REMATCH = process.env.TANGO_FRESH_ROOMS !== "1";
/**
 * How long a finished match's players stay (on the result screen, pinging) before the next
 * match: a rematch after reading the result; a fresh room after a longer rest. sandbox.lifecycle
 * is the longest mission the replica can play (13 decisions, ~25 s at one move per 2 s), so
 * without that rest 4000 players would create a room every ~10 ms.
 */
const REST_MS = REMATCH ? 5000 : 20_000;
/** Players do not all read their results for the same time: each rest is REST_MS ± this share. */
const REST_JITTER = 0.5;
const ALLOCATIONS = ["1", "survivors"].includes(process.env.TANGO_BENCH_ALLOCATIONS ?? "");
const SURVIVORS = process.env.TANGO_BENCH_ALLOCATIONS === "survivors";
/**
 * The clients read the state's strings with Node's decoder (schemaStrings.ts says why);
 * TANGO_BENCH_STOCK_STRINGS=1 keeps @colyseus/schema's own.
 */
if (process.env.TANGO_BENCH_STOCK_STRINGS !== "1") useNodeStringDecoder();

const loop = watchLoop();

/** This process's CPU from now on, as a percentage of one core when read. */
function cpuMeter(): () => number {
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  return () => {
    const own = process.cpuUsage(own0);
    return ((own.user + own.system) / 1e3 / (performance.now() - t0)) * 100;
  };
}

/**
 * Count the state patches `room` receives while `counting()` into `into`. It wraps the SDK's
 * transport callback (`room.connection.events.onmessage`, not a public API).
 */
function countPatches(room: Room, into: PatchTraffic, counting: () => boolean): void {
  const events = room.connection.events as { onmessage?: (e: { data: ArrayBufferLike }) => void };
  const deliver = events.onmessage;
  events.onmessage = (e) => {
    const bytes = new Uint8Array(e.data);
    if (bytes[0] === ROOM_STATE_PATCH && counting()) {
      into.frames++;
      into.bytes += bytes.byteLength;
    }
    deliver?.(e);
  };
}
/** @colyseus/shared-types' Protocol.ROOM_STATE_PATCH: a frame's first byte. */
const ROOM_STATE_PATCH = 15;

// -----------------------------------------------------------------------------------------
// Game players. A match is determined by its seed (and the moves, all of them right ones here),
// so the right answer to every decision of a seed is worked out once, on a local replica of the
// world, and matches draw their seeds from a pool: the clients spend their CPU on being clients
// (the SDK, the socket), not on running a second engine per match beside the server's.

interface Match {
  /** The room's first seed; match n in the room (a rematch) plays seed + n - 1. */
  baseSeed: number;
  /** The seed of the match being played. */
  seed: number;
  rooms: Room[];
}

const game = {
  moveRtt: [] as number[],
  /** When each measured move was sent, wall-clock ms (performance.timeOrigin-based), as moveRtt. */
  moveSentAt: [] as number[],
  /** The window's moves as the server's move handler can be matched with them (debug/moveTrace.ts). */
  movesSeen: [] as MoveSeen[],
  pingRtt: [] as number[],
  movesWrong: 0,
  moveErrors: 0,
  /** Errors by cause (the replica had no such decision, a refusal's code, a timeout, a restart). */
  errorKinds: new Map<string, number>(),
  matchesDone: 0,
  patches: { frames: 0, bytes: 0 } as PatchTraffic,
  /** performance.now() when the measured window opened: round trips begun before it are not counted. */
  windowOpenedAt: Number.POSITIVE_INFINITY,
  stopping: false,
  seedCounter: 1 + PART * 7,
  /** The ramp's next match in the plan. */
  next: 0,
  failures: new Map<string, number>(),
  rampErrors: [] as [string, number][],
  cpu: undefined as (() => number) | undefined,
};
function countError(kind: string): void {
  game.moveErrors++;
  game.errorKinds.set(kind, (game.errorKinds.get(kind) ?? 0) + 1);
}

/** Per seed: the right move for each decision, keyed `${role}:${decisionId}`. */
const answerBook = new Map<number, Map<string, object>>();

/** Play a replica of the seed's match to its end, every seat making the reference move. */
function answersFor(seed: number): Map<string, object> {
  const known = answerBook.get(seed);
  if (known) return known;
  const entry = findMission(MISSION);
  if (!entry) throw new Error(`no mission ${MISSION}`);
  const run: MissionRunLike = entry.create({ seed, controllers: { client: "human", server: "human" } });
  const book = new Map<string, object>();
  for (let guard = 0; guard < 1000; guard++) {
    run.advance(run.mission.timeLimitMs);
    const d = run.pending;
    if (!d) break;
    const role: Role = d.side === run.sides.client ? "client" : "server";
    book.set(`${role}:${d.id}`, { decisionId: d.id, segments: expectedMove(d).segments });
    run.decide(role, "reference");
  }
  answerBook.set(seed, book);
  return book;
}

/** The right move for decision `id` of `role`. */
function rightMove(m: Match, role: Role, id: number): object | undefined {
  return answersFor(m.seed).get(`${role}:${id}`);
}

function play(m: Match, room: Room, role: Role, done: () => void): void {
  room.reconnection.enabled = false; // a killed server must not leave retries running into the echo phase
  countPatches(room, game.patches, () => !game.stopping && performance.now() >= game.windowOpenedAt);
  let lastMove = Date.now() - Math.random() * MOVE_EVERY_MS;
  let queue = Promise.resolve();
  // What a player's client does with the state (client/src/app/session.ts, model.ts): read the
  // host and flight records that changed, and keep the ladder's new lines and read them, asking
  // for the history it missed. The client does it for each patch, to draw it, on the player's own
  // machine; a bench player does it when it reads the state: as a decision arrives, and as its
  // match ends. In one process for all the players, reading every patch cost the clients 4-12 %
  // of a core, and the replies they read waited behind it. At 4,000 players, 4 runs each,
  // alternating: the clients at 57.9-74.3 % of a core when reading every patch, ratio 16.82,
  // 15.19, 31.57, 12.79; at 48.3-58.2 % reading only when a decision arrives (or, in the first
  // two, not at all), ratio 12.64, 8.08, 9.85, 16.80. The server's traffic is the same (3.33-3.42
  // patch frames per request).
  const book = new LadderBook();
  let fetching = false;
  const recordsRead = new Map<string, unknown>();
  const readRecord = (what: string, raw: unknown, decode: (raw: unknown) => unknown) => {
    if (raw === undefined || recordsRead.get(what) === raw) return;
    recordsRead.set(what, raw);
    if (!decode(raw)) countError(`${what}:unreadable`);
  };
  const readState = () => {
    const state = room.state as {
      ladder?: ArrayLike<unknown>;
      ladderEnd?: number;
      clientHost?: unknown;
      serverHost?: unknown;
      flights?: unknown;
    };
    readRecord("host:client", state.clientHost, decodeHost);
    readRecord("host:server", state.serverHost, decodeHost);
    readRecord("flights", state.flights, decodeFlights);
    if (!state.ladder) return;
    const before = book.end;
    const missing = book.takeWindow(Array.from(state.ladder), state.ladderEnd ?? 0);
    for (let n = Math.max(before, book.start); n < book.end; n++)
      if (!decodeLadderLine(book.lines[n - book.start])) countError("ladder:unreadable");
    if (missing === undefined || fetching) return;
    fetching = true;
    room
      .request("ladder", { from: missing })
      .then((r: { from: number; lines: unknown[] }) => book.takeHistory(r.from, r.lines))
      .catch(() => countError("ladder:request"))
      .finally(() => {
        fetching = false;
      });
  };
  room.onMessage("decision", (d: { id: number; role: Role }) => {
    readState();
    // A player reads the decision before answering, and moves about every MOVE_EVERY_MS: never
    // at once, even when the last move was long ago (players whose decisions arrive together do
    // not all answer in the same millisecond).
    const readBy = Date.now() + THINK_MIN_MS + Math.random() * (THINK_MAX_MS - THINK_MIN_MS);
    queue = queue.then(async () => {
      const period = jittered(MOVE_EVERY_MS, MOVE_JITTER);
      const wait = Math.max(readBy, lastMove + period) - Date.now();
      if (wait > 0) await sleep(wait);
      if (game.stopping) return;
      lastMove = Date.now();
      const payload = rightMove(m, role, d.id);
      if (!payload) {
        countError("no-replica-decision");
        return;
      }
      const t0 = performance.now();
      const sentUs = monotonicUs();
      try {
        const reply = (await room.request("move", payload)) as { correct: boolean };
        if (t0 >= game.windowOpenedAt) {
          game.moveRtt.push(performance.now() - t0);
          game.moveSentAt.push(performance.timeOrigin + t0);
          game.movesSeen.push([
            room.sessionId,
            (payload as { decisionId: number }).decisionId,
            sentUs,
            monotonicUs(),
          ]);
        }
        if (!reply.correct) game.movesWrong++;
      } catch (e) {
        const reason = (e as { reason?: { error?: string } }).reason?.error;
        const msg = String((e as Error).message ?? e);
        countError(
          reason ? `move:${reason}` : /timed out/.test(msg) ? "move:timeout" : `move:${msg.slice(0, 40)}`,
        );
      }
    });
  });
  let matchNo = 1;
  room.onMessage("started", (msg: { matchNo?: number }) => {
    if (!msg.matchNo) return;
    matchNo = msg.matchNo;
    m.seed = m.baseSeed + matchNo - 1;
  });
  room.onMessage("finished", () => {
    game.matchesDone++;
    readState();
    // The result screen: the player stays connected and pings until the next match.
    let left = false;
    const finishedMatch = matchNo;
    const t = setInterval(async () => {
      if (game.stopping || left || matchNo !== finishedMatch || !room.connection.isOpen)
        return clearInterval(t);
      const t0 = performance.now();
      try {
        await room.request("ping", {});
        if (t0 >= game.windowOpenedAt) game.pingRtt.push(performance.now() - t0);
      } catch (e) {
        // A ping cut short by the player leaving for the next match is no error.
        if (!game.stopping && !left) countError(`ping:${String((e as Error).message ?? e).slice(0, 40)}`);
      }
    }, MOVE_EVERY_MS);
    room.onLeave(() => {
      left = true;
      clearInterval(t);
    });
    done();
  });
  room.onMessage("*", () => {});
}

async function runMatch(client: Client, humans: 1 | 2, roleHint: Role): Promise<Room[]> {
  const seed = 1 + (game.seedCounter++ % SEED_POOL);
  const m: Match = { baseSeed: seed, seed, rooms: [] };
  const opts = { missionId: MISSION, difficulty: "full", mode: "coach", seed, protocol: PROTOCOL_VERSION };
  let restart = () => {};
  const onDone = () => restart();
  if (humans === 1) {
    const room = await client.create("match", { ...opts, role: roleHint, opponent: "bot" });
    m.rooms.push(room);
    play(m, room, roleHint, onDone);
  } else {
    const a = await client.create("match", { ...opts, role: "client", opponent: "friend" });
    play(m, a, "client", onDone);
    const b = await client.joinById(a.roomId, { protocol: PROTOCOL_VERSION });
    play(m, b, "server", () => {});
    m.rooms.push(a, b);
  }
  // After a rest, its players ask for a rematch in the same room (--fresh-rooms: they leave it
  // and start a fresh match in a fresh room), for as long as the bench runs.
  let restarted = false;
  restart = () => {
    if (restarted || game.stopping) return;
    restarted = true;
    setTimeout(
      async () => {
        if (game.stopping) return;
        if (REMATCH) {
          try {
            for (const r of m.rooms) await r.request("rematch", {});
            restarted = false;
          } catch (e) {
            countError(
              `rematch:${String((e as { reason?: { error?: string } }).reason?.error ?? e).slice(0, 40)}`,
            );
          }
          return;
        }
        for (const r of m.rooms) void r.leave().catch(() => {});
        try {
          const fresh = await runMatch(client, humans, roleHint);
          replaceLive(m.rooms, fresh);
        } catch (e) {
          replaceLive(m.rooms, []); // its players are gone: they no longer count as connected
          countError(`restart:${String((e as Error).message ?? e).slice(0, 40)}`);
        }
      },
      jittered(REST_MS, REST_JITTER),
    );
  };
  return m.rooms;
}

const live: Room[] = [];
/** Swap a match's rooms in `live` (looked up now: other restarts may have moved them). */
function replaceLive(old: Room[], fresh: Room[]): void {
  const idx = live.indexOf(old[0] as Room);
  if (idx < 0) return void (game.stopping || live.push(...fresh));
  live.splice(idx, 1, ...fresh);
  for (const r of old.slice(1)) {
    const i = live.indexOf(r);
    if (i >= 0) live.splice(i, 1);
  }
}

let gameClient: Client | undefined;

/** Start the plan's matches up to `upTo` (a pool of `concurrency` joins in flight). */
async function ramp(
  port: number,
  plan: PlannedMatch[],
  upTo: number,
  concurrency: number,
): Promise<RampReport> {
  gameClient ??= new Client(`ws://127.0.0.1:${port}`);
  const client = gameClient;
  const started = Date.now();
  const worker = async () => {
    while (game.next < upTo && Date.now() - started < CONNECT_LIMIT_MS) {
      const p = plan[game.next++] as PlannedMatch;
      try {
        live.push(...(await runMatch(client, p.humans, p.role)));
      } catch (e) {
        const k = String((e as Error).message ?? e).slice(0, 40);
        game.failures.set(k, (game.failures.get(k) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { live: live.length, failures: [...game.failures] };
}

/** The window opens: samples and errors of the ramp are reported apart. */
async function openGame(): Promise<void> {
  game.rampErrors = [...game.errorKinds];
  game.errorKinds.clear();
  game.moveErrors = 0;
  game.moveRtt.length = 0;
  game.moveSentAt.length = 0;
  game.movesSeen.length = 0;
  game.pingRtt.length = 0;
  game.movesWrong = 0;
  game.matchesDone = 0;
  game.patches.frames = 0;
  game.patches.bytes = 0;
  if (ALLOCATIONS) await allocationSampling("start", { survivors: SURVIVORS });
  loop.reset();
  game.cpu = cpuMeter();
  game.windowOpenedAt = performance.now();
}

async function closeGame(): Promise<GameReport> {
  const cpu = game.cpu?.() ?? Number.NaN;
  const allocationFile = ALLOCATIONS ? (await allocationSampling("stop")).file : undefined;
  const stats = loop.read();
  game.stopping = true;
  return {
    rtt: game.moveRtt,
    sentAt: game.moveSentAt,
    loop: stats,
    cpu,
    movesSeen: game.movesSeen,
    pingRtt: game.pingRtt,
    movesWrong: game.movesWrong,
    moveErrors: game.moveErrors,
    errorKinds: [...game.errorKinds],
    rampErrors: game.rampErrors,
    matchesDone: game.matchesDone,
    patches: game.patches,
    live: live.length,
    ...(allocationFile ? { allocationFile } : {}),
  };
}

/** The game's players leave (at most 10 s), and what they held is dropped. */
async function leaveGame(): Promise<void> {
  await Promise.race([Promise.allSettled(live.map((r) => r.leave())), sleep(10_000)]);
  live.length = 0;
  answerBook.clear();
  game.moveRtt = [];
  game.moveSentAt = [];
  game.movesSeen = [];
  game.pingRtt = [];
  gameClient = undefined;
}

// -----------------------------------------------------------------------------------------
// Floor players (FloorRoom): the same players in rooms with no game, each sending the match's
// `move` payload about every `everyMs`, answered at once (and, with traffic, followed by the
// game's patches).

const floor = {
  rooms: [] as Room[],
  rtt: [] as number[],
  sentAt: [] as number[],
  errors: 0,
  stopping: false,
  windowOpen: false,
  patches: { frames: 0, bytes: 0 } as PatchTraffic,
  timers: [] as NodeJS.Timeout[],
  cpu: undefined as (() => number) | undefined,
};

async function connectFloor(
  port: number,
  pairs: number,
  singles: number,
  traffic: FloorTraffic | undefined,
  concurrency: number,
): Promise<number> {
  Object.assign(floor, {
    rooms: [],
    rtt: [],
    sentAt: [],
    errors: 0,
    stopping: false,
    windowOpen: false,
    patches: { frames: 0, bytes: 0 },
    timers: [],
  });
  const client = new Client(`ws://127.0.0.1:${port}`);
  const options = traffic
    ? { framesPerRequest: traffic.framesPerRequest, patchBytes: Math.round(traffic.patchBytes) }
    : {};
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < pairs + singles; i = next++) {
      const a = await client.create("floor", options);
      floor.rooms.push(a);
      if (i < pairs) floor.rooms.push(await client.joinById(a.roomId, {}));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return floor.rooms.length;
}

function openFloor(everyMs: number): void {
  const payload = { decisionId: 1, segments: [{ flags: "SA", seq: 1000, ack: 2001, len: 0 }] };
  for (const room of floor.rooms) {
    room.reconnection.enabled = false;
    countPatches(room, floor.patches, () => floor.windowOpen && !floor.stopping);
    const move = async () => {
      if (floor.stopping) return;
      const t0 = performance.now();
      try {
        await room.request("move", payload);
        floor.rtt.push(performance.now() - t0);
        floor.sentAt.push(performance.timeOrigin + t0);
      } catch {
        if (!floor.stopping) floor.errors++;
      }
      if (floor.stopping) return;
      floor.timers.push(setTimeout(move, jittered(everyMs, MOVE_JITTER)));
    };
    floor.timers.push(setTimeout(move, Math.random() * everyMs));
  }
  loop.reset();
  floor.windowOpen = true;
  floor.cpu = cpuMeter();
}

async function closeFloor(): Promise<FloorReport> {
  const cpu = floor.cpu?.() ?? Number.NaN;
  floor.stopping = true;
  for (const t of floor.timers) clearTimeout(t);
  const stats = loop.read();
  await Promise.race([Promise.allSettled(floor.rooms.map((r) => r.leave())), sleep(10_000)]);
  const report = {
    rtt: floor.rtt,
    sentAt: floor.sentAt,
    loop: stats,
    cpu,
    errors: floor.errors,
    patches: floor.patches,
  };
  floor.rooms = [];
  return report;
}

// -----------------------------------------------------------------------------------------
// Echo clients: bare ws sockets against the echo server, each sending the move's payload every
// MOVE_EVERY_MS, one at a time.

const echo = {
  sockets: [] as WebSocket[],
  rtt: [] as number[],
  timers: [] as NodeJS.Timeout[],
  cpu: undefined as (() => number) | undefined,
};

async function connectEcho(port: number, n: number): Promise<number> {
  for (let i = 0; i < n; i += RAMP_BATCH) {
    const batch = Array.from({ length: Math.min(RAMP_BATCH, n - i) }, async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      echo.sockets.push(ws);
    });
    await Promise.allSettled(batch);
  }
  return echo.sockets.length;
}

function openEcho(): void {
  const payload = JSON.stringify({
    decisionId: 1,
    segments: [{ flags: "SA", seq: 1000, ack: 2001, len: 0 }],
  });
  for (const ws of echo.sockets) {
    let sentAt = 0;
    ws.on("message", () => {
      if (sentAt) echo.rtt.push(performance.now() - sentAt);
      sentAt = 0;
    });
    const start = setTimeout(() => {
      const t = setInterval(() => {
        if (sentAt || ws.readyState !== WebSocket.OPEN) return;
        sentAt = performance.now();
        ws.send(payload);
      }, MOVE_EVERY_MS);
      echo.timers.push(t);
    }, Math.random() * MOVE_EVERY_MS);
    echo.timers.push(start);
  }
  loop.reset();
  echo.cpu = cpuMeter();
}

function closeEcho(): Timed {
  const cpu = echo.cpu?.() ?? Number.NaN;
  const stats = loop.read();
  for (const t of echo.timers) clearInterval(t);
  for (const ws of echo.sockets) ws.terminate();
  const report = { rtt: echo.rtt, sentAt: [], loop: stats, cpu };
  echo.sockets = [];
  echo.rtt = [];
  return report;
}

// -----------------------------------------------------------------------------------------

async function answer(c: Command): Promise<Answers[Command["cmd"]]> {
  switch (c.cmd) {
    case "game.ramp":
      return ramp(c.port, c.plan, c.upTo, c.concurrency);
    case "game.open":
      return openGame().then(() => null);
    case "game.close":
      return closeGame();
    case "game.leave":
      return leaveGame().then(() => null);
    case "floor.connect":
      return { players: await connectFloor(c.port, c.pairs, c.singles, c.traffic, c.concurrency) };
    case "floor.open":
      openFloor(c.everyMs);
      return null;
    case "floor.close":
      return closeFloor();
    case "echo.connect":
      return { sockets: await connectEcho(c.port, c.n) };
    case "echo.open":
      openEcho();
      return null;
    case "echo.close":
      return closeEcho();
    case "gc":
      collectGarbage("major");
      return null;
  }
}

process.on("message", (m: { id: number; command: Command }) => {
  answer(m.command).then(
    (ok) => process.send?.({ id: m.id, ok } satisfies Reply),
    (e: unknown) => process.send?.({ id: m.id, error: String((e as Error)?.stack ?? e) } satisfies Reply),
  );
});
// The coordinator gone (it exited or was killed), this generator has nothing left to do.
process.on("disconnect", () => process.exit(0));
