// bench:server — the match server under load, against a bare `ws` echo baseline.
// Usage: npm run bench:server -- [--clients N] [--seconds 30] [--fresh-rooms]
// Without --clients: the goal search (searchGoal), one level per fresh bench process.
// With --clients N: starts the server as a child process (loopback, NODE_ENV=production,
// TANGO_BENCH=1), then N SDK clients: pairs in friend matches and a tenth alone against the bot,
// each answering its pending decision with the right move about every 2 s, after reading it. A
// finished match's players stay on its result screen for a rest (pinging every 2 s: still
// connected players), then ask for a rematch (--fresh-rooms: start a fresh match). Reports the
// move round trip (request → reply), the server's CPU and heap per player, and the state patches
// the players received; then the floor (the same players in rooms with no game: Colyseus's own
// heap and round trip, benchFloor); then the floor again, carrying the game's patches (as many,
// as large: the cost of the state traffic alone, FloorRoom); then N plain ws clients against an
// echo server at the same rate. Last line: `ratio: p99 move RTT / p99 echo RTT`.
// What the patch floor showed at 4,000 players: the game's players received 3.3 patch frames of
// 213-218 bytes per request. With @colyseus/schema's own string decoder in the clients
// (TANGO_BENCH_STOCK_STRINGS=1), Colyseus carrying that traffic with no game behind it gave
// ratio 7.34, 7.85, 11.44, 6.96 and 7.57 (the clients at 49-65 % of a core, most of it decoding);
// 2 frames per request (TANGO_PATCH_FLOOR_FRAMES), 5.95; 1 frame, 3.54 and 2.78. With Node's
// decoder (schemaStrings.ts; 2 runs alternating with the last 2 above): 2.87 and 3.56, the
// clients at 35 %. What is left above that is the game's own: the server at 53-61 % of a core
// against 27-31 % for the same traffic, and (with the 512 MB young generation it had then; see
// server/src/nodeFlags.ts for the 8 MB it has now) its 3 scavenges of 40-60 ms in each window.
// npm runs this process (and the goal search's level processes, which inherit it) with a young
// generation of at most 16 MB per semi-space and a 4 GB initial old-generation limit. 4,000 SDK
// clients hold ~250 MB of decoded state: with V8's defaults the load generator stalled for
// 200-550 ms marking it (--trace-gc); the 4 GB limit keeps that out of the window. The young
// generation is small so that each scavenge is short: a scavenge copies the state decoded since
// the last one, and while the clients are paused the replies they read wait. At 4,000 players,
// 30 s windows, 4 pairs of alternating runs: with 256 MB, 10 scavenges of up to 45-64 ms, move
// p99 26.1, 28.3, 37.6, 29.4 ms, ratio 18.5, 25.7, 25.5, 24.9; with 16 MB, 171-175 scavenges of
// up to 20-30 ms, move p99 20.3, 14.9, 18.9, 26.8 ms, ratio 18.6, 14.4, 22.8, 17.4, the clients
// at 64-70 % of a core against 55-66 %. With 8 MB, 339-345 scavenges of up to 15-23 ms, p99
// 33.2 and 30.0 ms: the clients at 71-73 % of a core held up the server. Without V8's memory
// reducer: when the echo phase's allocation rate dropped, it shrank the game phase's young
// generation in a 110-118 ms pause of its own (--trace-gc: "Mark-Compact (reduce)", with 256 MB)
// inside the echo's window, which inflated the echo's p99 at 2,000 players (1.9-2.7 ms, above the
// floor's). The load generator's pauses are not what is measured (see withoutClientStalls). The
// server's own flags are server/src/nodeFlags.ts.

import { type ChildProcess, fork } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import "./ws-client.ts"; // before @colyseus/sdk: its clients use `ws` (see there)
import { Client, type Room } from "@colyseus/sdk";
import { decodeLadderLine, LadderBook } from "@tcp-tango/shared/protocol/ladder.ts";
import { decodeFlights, decodeHost } from "@tcp-tango/shared/protocol/records.ts";
import { PROTOCOL_VERSION } from "@tcp-tango/shared/protocol/version.ts";
import { expectedMove } from "@tcp-tango/shared/referee/referee.ts";
import WebSocket from "ws";
import { freePort } from "../../scripts/free-port.ts";
import { allocationSampling } from "../src/debug/allocations.ts";
import { collectGarbage } from "../src/debug/gc.ts";
import { BLOCKED_MS, describeLoop, type LoopStats, watchLoop } from "../src/debug/loopStats.ts";
import {
  joinLegs,
  type MoveLegs,
  type MoveSeen,
  type MoveTraceEntry,
  monotonicUs,
} from "../src/debug/moveTrace.ts";
import { useNodeStringDecoder } from "../src/debug/schemaStrings.ts";
import type { MissionRunLike, Role } from "../src/missions/contract.ts";
import { findMission } from "../src/missions/registry.ts";
import { serverNodeFlags } from "../src/nodeFlags.ts";

const { values } = parseArgs({
  options: {
    clients: { type: "string" },
    seconds: { type: "string", default: "30" },
    "fresh-rooms": { type: "boolean", default: false },
  },
});
const SECONDS = Math.max(1, Math.min(600, Number(values.seconds) || 30));
/** No --clients: search for the largest N that meets the goal (see searchGoal). */
const SEARCH = values.clients === undefined;
const N = Math.max(2, Math.min(10_000, Math.floor(Number(values.clients) || 200)));
/**
 * After a match its players play again in the same room (a rematch), as a class or a pair does;
 * --fresh-rooms: they leave, and start a fresh match in a fresh room (the harder load: a room
 * created and disposed per match).
 */
const REMATCH = values["fresh-rooms"] !== true;
/**
 * The issue: N clients in N/2 matches, against bots and in pairs. Only pairs make exactly N/2;
 * this share of the clients play alone against the bot (N/10: 0.55 N matches).
 */
const SINGLES_SHARE = 0.1;
const MOVE_EVERY_MS = 2000;
/** Each interval between a player's moves is MOVE_EVERY_MS ± this share. */
const MOVE_JITTER = 0.25;
/** How long a player takes to read a decision before answering it, ms. */
const THINK_MIN_MS = 300;
const THINK_MAX_MS = 800;
/**
 * The issue's goal: this many players, ratio at most this, at most this heap per player. "25 KB"
 * is read as 25,000 bytes (24.4 KiB), the stricter of its two readings.
 */
const GOAL_N = 4000;
const GOAL_RATIO = 3;
const GOAL_BYTES_PER_PLAYER = 25_000;
const GOAL_KIB_PER_PLAYER = GOAL_BYTES_PER_PLAYER / 1024;
/** "24.5 KiB (25,088 bytes)". */
const kibAndBytes = (kib: number) =>
  `${kib.toFixed(1)} KiB (${Math.round(kib * 1024).toLocaleString("en")} bytes)`;
const MISSION = "sandbox.lifecycle";
const RAMP_BATCH = 50;
/** Joins in flight at once while connecting (a pool, not batches: one slow join holds up nothing). */
const CONNECT_CONCURRENCY = 64;
const CONNECT_LIMIT_MS = 150_000;
/**
 * How long a finished match's players stay (on the result screen, pinging) before the next
 * match: a rematch after reading the result; a fresh room (--fresh-rooms) after a longer rest.
 * sandbox.lifecycle is the longest mission the replica can play (13 decisions, ~25 s at one move
 * per 2 s), so without that rest 4000 players would create a room every ~10 ms.
 */
const REST_MS = REMATCH ? 5000 : 20_000;
/** Between the heap measurement (a full collection) and the measured window, ms. */
const SETTLE_MS = 3000;
/** Players do not all read their results for the same time: each rest is REST_MS ± this share. */
const REST_JITTER = 0.5;
/** TANGO_BENCH_PROFILE=<dir>: the server writes a CPU profile there (node --cpu-prof). */
const PROFILE = process.env.TANGO_BENCH_PROFILE ?? "";
/** The server's own node flags: TANGO_SEMI_SPACE_MB applies as for `npm start`. */
const SERVER_NODE_FLAGS = serverNodeFlags();
/**
 * TANGO_SERVER_FLAGS="--max-semi-space-size=64 …": node flags for the server after its own
 * (server/src/nodeFlags.ts; a later V8 flag wins), for GC experiments.
 */
const SERVER_FLAGS = (process.env.TANGO_SERVER_FLAGS ?? "").split(" ").filter(Boolean);
/**
 * TANGO_BENCH_ALLOCATIONS=1: the server and the bench sample their allocations (garbage included)
 * over the window; =survivors: only what outlived a young-generation collection.
 */
const ALLOCATIONS = ["1", "survivors"].includes(process.env.TANGO_BENCH_ALLOCATIONS ?? "");
const SURVIVORS = process.env.TANGO_BENCH_ALLOCATIONS === "survivors";
/**
 * TANGO_PATCH_FLOOR_FRAMES=<n>: the floor with the game's patches sends n patch frames per request
 * instead of as many as the game's players received (their mean size stays the game's): what a
 * state sync sending fewer patches would cost at best.
 */
const PATCH_FLOOR_FRAMES = process.env.TANGO_PATCH_FLOOR_FRAMES
  ? Math.max(0, Math.min(50, Number(process.env.TANGO_PATCH_FLOOR_FRAMES) || 0))
  : undefined;
/** TANGO_BENCH_HEAPSNAPSHOT=1: the server writes a heap snapshot once all clients are connected. */
const SNAPSHOT = process.env.TANGO_BENCH_HEAPSNAPSHOT === "1";

/**
 * The bench's SDK clients read the state's strings with Node's decoder (schemaStrings.ts says
 * why); TANGO_BENCH_STOCK_STRINGS=1 keeps @colyseus/schema's own.
 */
const STOCK_STRINGS = process.env.TANGO_BENCH_STOCK_STRINGS === "1";
if (!STOCK_STRINGS) useNodeStringDecoder();

const benchLoop = watchLoop();
const children: ChildProcess[] = [];
function killChildren(): void {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
}
process.on("exit", killChildren);
if (!SEARCH) {
  const hardStop = setTimeout(
    () => {
      console.error("bench: hard time limit reached");
      killChildren();
      process.exit(2);
    },
    SECONDS * 2 * 1000 + CONNECT_LIMIT_MS + 150_000,
  );
  hardStop.unref();
}

async function startChild(
  script: string,
  env: Record<string, string>,
  port: number,
  execArgv: string[] = [],
): Promise<ChildProcess> {
  const child = fork(fileURLToPath(new URL(script, import.meta.url)), [], {
    env: { ...process.env, ...env, PORT: String(port) },
    execArgv,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  children.push(child);
  const end = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const ok = await new Promise<boolean>((resolve) => {
        const s = createServer();
        s.once("error", () => resolve(true));
        s.listen(port, "127.0.0.1", () => s.close(() => resolve(false)));
      });
      if (ok) return child;
    } catch {}
    if (Date.now() > end) throw new Error(`${script} did not listen on ${port}`);
    await sleep(100);
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** `ms` ± `share` of it, uniformly: players do not all act on the same beat. */
const jittered = (ms: number, share: number) => ms * (1 - share + 2 * share * Math.random());

function cpuTicks(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(f[11]) + Number(f[12]); // utime + stime (fields 14, 15)
}

/**
 * Start measuring the CPU of process `pid` and of this one (the bench's clients); `stop()` gives
 * each as a percentage of one core over the time since.
 */
function cpuMeter(pid: number): { stop(): { server: number; clients: number } } {
  const ticks0 = cpuTicks(pid);
  const own0 = process.cpuUsage();
  const t0 = performance.now();
  return {
    stop() {
      const seconds = (performance.now() - t0) / 1000;
      const own = process.cpuUsage(own0);
      return {
        server: ((cpuTicks(pid) - ticks0) / 100 / seconds) * 100,
        clients: ((own.user + own.system) / 1e6 / seconds) * 100,
      };
    },
  };
}

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

// -----------------------------------------------------------------------------------------
// Game clients. A match is determined by its seed (and the moves, all of them right ones here),
// so the right answer to every decision of a seed is worked out once, on a local replica of the
// world, and matches draw their seeds from a pool: the bench's clients spend their CPU on being
// clients (the SDK, the socket), not on running a second engine per match beside the server's.

interface Match {
  /** The room's first seed; match n in the room (a rematch) plays seed + n - 1. */
  baseSeed: number;
  /** The seed of the match being played. */
  seed: number;
  rooms: Room[];
}
const moveRtt: number[] = [];
/** When each measured move was sent, wall-clock ms (performance.timeOrigin-based), as moveRtt. */
const moveSentAt: number[] = [];
/** The window's moves as the server's move handler can be matched with them (debug/moveTrace.ts). */
const movesSeen: MoveSeen[] = [];
const pingRtt: number[] = [];
let movesWrong = 0;
let moveErrors = 0;
/** Errors by cause (the replica had no such decision, a refusal's code, a timeout, a restart). */
const errorKinds = new Map<string, number>();
function countError(kind: string): void {
  moveErrors++;
  errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
}
let matchesDone = 0;
/** State patches the players received in the measured window: frames and their bytes. */
interface PatchTraffic {
  frames: number;
  bytes: number;
}
const gamePatches: PatchTraffic = { frames: 0, bytes: 0 };

/**
 * Count the state patches `room` receives while a window is open (`counting()`) into `into`. It
 * wraps the SDK's transport callback (`room.connection.events.onmessage`, not a public API).
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
/** performance.now() when the measured window opened: round trips begun before it are not counted. */
let windowOpenedAt = Number.POSITIVE_INFINITY;
let stopping = false;
let seedCounter = 1;

/** Distinct seeds the matches cycle through. */
const SEED_POOL = 64;
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
  countPatches(room, gamePatches, () => !stopping && performance.now() >= windowOpenedAt);
  let lastMove = Date.now() - Math.random() * MOVE_EVERY_MS;
  let queue = Promise.resolve();
  // What a player's client does with the state (client/src/app/session.ts, model.ts): read the
  // host and flight records that changed, and keep the ladder's new lines and read them, asking
  // for the history it missed. The client does it for each patch, to draw it, on the player's own
  // machine; a bench player does it when it reads the state: as a decision arrives, and as its
  // match ends. In this one process for all the players, reading every patch cost the clients
  // 4-12 % of a core, and the replies they read waited behind it. At 4,000 players, 4 runs each,
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
      if (stopping) return;
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
        if (t0 >= windowOpenedAt) {
          moveRtt.push(performance.now() - t0);
          moveSentAt.push(performance.timeOrigin + t0);
          movesSeen.push([
            room.sessionId,
            (payload as { decisionId: number }).decisionId,
            sentUs,
            monotonicUs(),
          ]);
        }
        if (!reply.correct) movesWrong++;
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
    matchesDone++;
    readState();
    // The result screen: the player stays connected and pings until the next match.
    let left = false;
    const finishedMatch = matchNo;
    const t = setInterval(async () => {
      if (stopping || left || matchNo !== finishedMatch || !room.connection.isOpen) return clearInterval(t);
      const t0 = performance.now();
      try {
        await room.request("ping", {});
        if (t0 >= windowOpenedAt) pingRtt.push(performance.now() - t0);
      } catch (e) {
        // A ping cut short by the player leaving for the next match is no error.
        if (!stopping && !left) countError(`ping:${String((e as Error).message ?? e).slice(0, 40)}`);
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
  const seed = 1 + (seedCounter++ % SEED_POOL);
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
    if (restarted || stopping) return;
    restarted = true;
    setTimeout(
      async () => {
        if (stopping) return;
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
  if (idx < 0) return void (stopping || live.push(...fresh));
  live.splice(idx, 1, ...fresh);
  for (const r of old.slice(1)) {
    const i = live.indexOf(r);
    if (i >= 0) live.splice(i, 1);
  }
}

async function benchServer(): Promise<{
  p50: number;
  p99: number;
  reached: number;
  /** Heap after the ramp less heap before it, over all players (the server's one-time share too). */
  kibPerPlayer: number;
  /** What the ramp's second half added, per player of it: the heap goal's measure. */
  kibPerPlayerBeyond: number;
  pairs: number;
  singles: number;
  /** The players' requests (moves and pings) per second in the window. */
  requestsPerSecond: number;
  /** The state patches they received in the window: frames per request, mean bytes per frame. */
  framesPerRequest: number;
  patchBytes: number;
}> {
  const port = await freePort();
  const child = await startChild(
    "../src/index.ts",
    { NODE_ENV: "production", LOG_LEVEL: "warn", TANGO_BENCH: "1" },
    port,
    [
      "--expose-gc",
      ...SERVER_NODE_FLAGS,
      ...SERVER_FLAGS,
      ...(PROFILE ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE}`] : []),
    ],
  );
  const base = `http://127.0.0.1:${port}`;
  // Live heap: the server runs with --expose-gc and collects garbage before it answers.
  const heapInfo = async () =>
    (await (await fetch(`${base}/debug/heap?gc=1`)).json()) as {
      heapUsed: number;
      rss: number;
      rooms: number;
      ccu: number;
    };
  const heap = async () => (await heapInfo()).heapUsed;
  const client = new Client(`ws://127.0.0.1:${port}`);
  const heapBefore = await heap();

  // Connect: SINGLES_SHARE of the clients alone against the bot, the others in friend pairs.
  const pairs = Math.floor((N - Math.round(N * SINGLES_SHARE)) / 2);
  const singles = N - pairs * 2;
  console.log(
    `server: ${N} clients in ${pairs + singles} matches (${pairs} pairs, ${singles} against the bot); ` +
      `they read the state's strings with ${STOCK_STRINGS ? "@colyseus/schema's decoder" : "Node's decoder"}`,
  );
  // Singles spread among the pairs, so that each half of the ramp has the same mix.
  const plan: { humans: 1 | 2; role: Role }[] = [];
  for (let i = 0, single = 0; i < pairs + singles; i++) {
    const singleDue = Math.floor(((i + 1) * singles) / (pairs + singles)) > single;
    if (singleDue) plan.push({ humans: 1, role: single++ % 2 ? "server" : "client" });
    else plan.push({ humans: 2, role: "client" });
  }
  const rampStart = Date.now();
  let failures = 0;
  const failureKinds = new Map<string, number>();
  let next = 0;
  // The ramp stops halfway to measure the heap: what the second half adds, per player, is the
  // heap a player costs beyond the server's one-time share (code compiled, caches filled).
  let rampTo = Math.floor(plan.length / 2);
  const worker = async () => {
    while (next < rampTo && Date.now() - rampStart < CONNECT_LIMIT_MS) {
      const p = plan[next++] as (typeof plan)[number];
      try {
        live.push(...(await runMatch(client, p.humans, p.role)));
      } catch (e) {
        failures++;
        const k = String((e as Error).message ?? e).slice(0, 40);
        failureKinds.set(k, (failureKinds.get(k) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  await sleep(1000);
  const reachedHalf = live.length;
  const heapHalf = await heap();
  rampTo = plan.length;
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  const reached = live.length;
  console.log(
    `server: ${reached}/${N} clients connected in ${((Date.now() - rampStart) / 1000).toFixed(1)} s (${failures} failed` +
      `${failureKinds.size ? `: ${[...failureKinds].map(([k, v]) => `${k} ${v}`).join(", ")}` : ""})`,
  );
  await sleep(1000);
  const heapAfter = await heap();
  if (SNAPSHOT) {
    const { file } = (await (await fetch(`${base}/debug/heapsnapshot`)).json()) as { file: string };
    console.log(`server: heap snapshot written to ${file} (in the server's working directory)`);
  }

  // Measuring the heap collected it in full (a pause of 50-75 ms at 1,000 players): let the moves
  // it held up finish before the window opens, and count only what is sent after it opened.
  // The clients' own connect-time objects are collected (promoted) now, not in the window.
  collectGarbage("major");
  await sleep(SETTLE_MS);
  // The measured window starts here: samples and errors of the ramp are reported apart.
  windowOpenedAt = performance.now();
  moveRtt.length = 0;
  moveSentAt.length = 0;
  movesSeen.length = 0;
  await fetch(`${base}/debug/moves`); // the server's record of the ramp's moves, dropped
  pingRtt.length = 0;
  movesWrong = 0;
  matchesDone = 0;
  gamePatches.frames = 0;
  gamePatches.bytes = 0;
  const rampErrors = [...errorKinds];
  errorKinds.clear();
  moveErrors = 0;
  const cpu = cpuMeter(child.pid as number);
  await fetch(`${base}/debug/loop?reset=1`);
  if (ALLOCATIONS) {
    await fetch(`${base}/debug/allocations/start${SURVIVORS ? "?survivors=1" : ""}`);
    await allocationSampling("start", { survivors: SURVIVORS });
  }
  benchLoop.reset();
  const t0 = Date.now();
  await sleep(SECONDS * 1000);
  const cpuUsed = cpu.stop();
  const serverLoop = (await (await fetch(`${base}/debug/loop`)).json()) as LoopStats;
  const traced = (await (await fetch(`${base}/debug/moves`)).json()) as MoveTraceEntry[];
  if (ALLOCATIONS) {
    const { file } = (await (await fetch(`${base}/debug/allocations/stop`)).json()) as { file: string };
    console.log(`server: allocation profile of the window written to ${file} (server's working directory)`);
    const own = await allocationSampling("stop");
    console.log(`the bench's clients: allocation profile of the window written to ${own.file}`);
  }
  const clientsLoop = benchLoop.read();
  const wall = (Date.now() - t0) / 1000;
  stopping = true;
  const playersAtEnd = live.length;
  const end = await heapInfo(); // matches under way, their ladders longer than at the start
  const heapEnd = end.heapUsed;
  if (SNAPSHOT) {
    const { file } = (await (await fetch(`${base}/debug/heapsnapshot`)).json()) as { file: string };
    console.log(`server: heap snapshot at the end of the window written to ${file}`);
  }
  console.log(`server: ${end.rooms} rooms and ${end.ccu} connected clients at the end of the window`);
  const rtt = [...moveRtt].sort((a, b) => a - b);
  const p50 = pct(rtt, 50);
  const p99 = pct(rtt, 99);
  console.log(
    `server: ${rtt.length} moves in ${wall.toFixed(1)} s (${(rtt.length / wall).toFixed(0)}/s), ` +
      `${movesWrong} judged wrong, ${moveErrors} errors, ${matchesDone} match ends seen by players`,
  );
  const kinds = (e: [string, number][]) => (e.length ? e.map(([k, v]) => `${k} ${v}`).join(", ") : "none");
  console.log(`errors in the measured window: ${kinds([...errorKinds])}`);
  console.log(`errors during the ramp (not counted above): ${kinds(rampErrors)}`);
  console.log(`move RTT: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`);
  console.log(`slowest 1 % of moves: ${describeTail(p99, serverLoop, clientsLoop)}`);
  const own = withoutClientStalls(clientsLoop);
  console.log(
    `move RTT of the ${own.n} moves not under way during a GC pause or a ${BLOCKED_MS} ms+ stall of the bench's ` +
      `own clients: p98 ${own.p98.toFixed(2)} ms, p99 ${own.p99.toFixed(2)} ms`,
  );
  console.log(describeLegs(joinLegs(movesSeen, traced), movesSeen.length));
  const pings = [...pingRtt].sort((a, b) => a - b);
  console.log(
    `ping RTT (players resting between matches): ${pings.length} pings, p50 ${pct(pings, 50).toFixed(2)} ms, ` +
      `p99 ${pct(pings, 99).toFixed(2)} ms; ${live.length} players connected at the end of the window`,
  );
  console.log(
    `server CPU: ${cpuUsed.server.toFixed(1)} % (of one core); the bench's own clients: ` +
      `${cpuUsed.clients.toFixed(1)} %`,
  );
  console.log(`server: ${describeLoop(serverLoop)}`);
  console.log(`the bench's clients: ${describeLoop(clientsLoop)}`);
  const kibPerPlayer = (heapAfter - heapBefore) / Math.max(1, reached) / 1024;
  const kibPerPlayerBeyond = (heapAfter - heapHalf) / Math.max(1, reached - reachedHalf) / 1024;
  console.log(
    `server heap: ${(heapBefore / 1e6).toFixed(1)} MB before, ${(heapHalf / 1e6).toFixed(1)} MB with ` +
      `${reachedHalf} players, ${(heapAfter / 1e6).toFixed(1)} MB with ${reached}; ` +
      `per player: ${kibAndBytes(kibPerPlayerBeyond)} as the ramp's second half added it, ` +
      `${kibAndBytes(kibPerPlayer)} with the server's one-time share (all of it over all players); ` +
      `at the end of the window ${(heapEnd / 1e6).toFixed(1)} MB, ` +
      `${kibAndBytes((heapEnd - heapBefore) / Math.max(1, playersAtEnd) / 1024)} per player; ` +
      `resident set ${(end.rss / 1e6).toFixed(0)} MB`,
  );
  await Promise.race([Promise.allSettled(live.map((r) => r.leave())), sleep(10_000)]);
  if (PROFILE) {
    // Let the server exit by itself so --cpu-prof writes its profile.
    child.kill("SIGINT");
    await Promise.race([new Promise((r) => child.once("exit", r)), sleep(15_000)]);
  }
  child.kill("SIGKILL");
  const requestsPerSecond = (rtt.length + pings.length) / wall;
  const framesPerRequest = gamePatches.frames / Math.max(1, rtt.length + pings.length);
  const patchBytes = gamePatches.bytes / Math.max(1, gamePatches.frames);
  console.log(
    `state patches the players received: ${(gamePatches.frames / wall).toFixed(0)}/s, ` +
      `${framesPerRequest.toFixed(2)} per request (move or ping), ${patchBytes.toFixed(0)} bytes on average`,
  );
  return {
    p50,
    p99,
    reached,
    kibPerPlayer,
    kibPerPlayerBeyond,
    pairs,
    singles,
    requestsPerSecond,
    framesPerRequest,
    patchBytes,
  };
}

/**
 * Where the moves' round trips went, as the server's move handler timed them (the machine's
 * monotonic clock): to the handler (the server's loop: busy with other rooms, or paused), in it
 * (the reply is written as it returns), and back (the bench's clients: their loop busy with the
 * other players' patches, or paused). The first two are what the server adds; the third is the
 * load generator's share, which players on machines of their own would not pay.
 */
function describeLegs(legs: MoveLegs[], seen: number): string {
  const ms = (us: number) => (us / 1000).toFixed(2);
  const sorted = (k: keyof MoveLegs) => legs.map((l) => l[k]).sort((a, b) => a - b);
  const toServer = sorted("toServer");
  const handler = sorted("handler");
  const back = sorted("back");
  const served = legs.map((l) => l.toServer + l.handler).sort((a, b) => a - b);
  const byRtt = [...legs].sort((a, b) => a.toServer + a.handler + a.back - (b.toServer + b.handler + b.back));
  const tail = byRtt.slice(Math.floor(byRtt.length * 0.99));
  const mean = (k: keyof MoveLegs) => tail.reduce((sum, l) => sum + l[k], 0) / Math.max(1, tail.length);
  const mostlyBack = tail.filter((l) => l.back > l.toServer + l.handler).length;
  return (
    `the moves' legs (${legs.length} of ${seen} matched with the server's move handler; the machine's monotonic clock): ` +
    `to the server's handler p50 ${ms(pct(toServer, 50))}, p99 ${ms(pct(toServer, 99))} ms; ` +
    `in it p50 ${ms(pct(handler, 50))}, p99 ${ms(pct(handler, 99))} ms; ` +
    `back to the bench's clients p50 ${ms(pct(back, 50))}, p99 ${ms(pct(back, 99))} ms; ` +
    `from the send to the reply's write (what the server adds) p99 ${ms(pct(served, 99))} ms\n` +
    `the slowest 1 % of moves by these legs: on average ${ms(mean("toServer"))} ms to the server, ` +
    `${ms(mean("handler"))} ms in the handler, ${ms(mean("back"))} ms back; ${mostlyBack} of ${tail.length} ` +
    `spent longer on the way back than to the reply's write`
  );
}

/** Whether a move under way from `from` to `to` (wall-clock ms) overlapped one of `spans`. */
function overlaps(spans: [number, number][], from: number, to: number): boolean {
  return spans.some(([a, b]) => a < to && b > from);
}

/**
 * The moves at or above `p99`, by what held them up: each is counted under the first of these
 * that overlapped its round trip — a GC pause of the server, a GC pause of the bench's clients,
 * another stall of the server's event loop (busy, or waiting for a CPU), one of the clients'.
 */
function describeTail(p99: number, server: LoopStats, clients: LoopStats): string {
  const causes: [string, [number, number][]][] = [
    ["a GC pause of the server", server.gcSpans],
    ["of the bench's clients", clients.gcSpans],
    ["another stall of the server's loop", server.blockedSpans],
    ["of the clients' loop", clients.blockedSpans],
  ];
  const counts = causes.map(() => 0);
  let n = 0;
  let none = 0;
  for (let i = 0; i < moveRtt.length; i++) {
    const rtt = moveRtt[i] as number;
    if (rtt < p99) continue;
    n++;
    const from = moveSentAt[i] as number;
    const to = from + rtt;
    const k = causes.findIndex(([, spans]) => overlaps(spans, from, to));
    if (k < 0) none++;
    else counts[k] = (counts[k] as number) + 1;
  }
  return (
    `${n} of ${moveRtt.length} (≥ ${p99.toFixed(1)} ms), under way during ` +
    `${causes.map(([what], k) => `${what} ${counts[k]}`).join(", ")}; none of these ${none}`
  );
}

/**
 * The moves whose round trip overlapped no GC pause and no other stall of the bench's own loop
 * (blockedSpans: BLOCKED_MS or more late). The load generator shares the machine's two cores
 * with the server, and its stalls delay the replies it reads; this is the round trip with the
 * stalls it can see taken out (a shorter hold-up of the clients still counts).
 */
function withoutClientStalls(
  clients: LoopStats,
  rtts: readonly number[] = moveRtt,
  sentAt: readonly number[] = moveSentAt,
): { n: number; p98: number; p99: number } {
  const spans = clients.gcSpans.concat(clients.blockedSpans);
  const kept: number[] = [];
  for (let i = 0; i < rtts.length; i++) {
    const rtt = rtts[i] as number;
    const from = sentAt[i] as number;
    const to = from + rtt;
    if (!overlaps(spans, from, to)) kept.push(rtt);
  }
  kept.sort((a, b) => a - b);
  return { n: kept.length, p98: pct(kept, 98), p99: pct(kept, 99) };
}

/** What a floor run measured: Colyseus's own share of a match's heap and of its round trip. */
interface Floor {
  kibPerPlayer: number;
  p50: number;
  p99: number;
}

/** The game's patch traffic, as its window measured it (see FloorRoom). */
interface Traffic {
  framesPerRequest: number;
  patchBytes: number;
}

/**
 * The floor: the same players in the same rooms (pairs and singles) when the rooms hold nothing
 * (FloorRoom), in a fresh server process of its own like the match server's. First the KiB of
 * server heap per player (what Colyseus and the sockets cost before the game's state and engine);
 * then the players send `move` requests (the match's payload) for SECONDS at `requestsPerSecond`
 * in all, the rate the game's players sent moves and pings, each about every N / rate s ± jitter,
 * and the room answers at once: the round trip of Colyseus's request and reply with no game
 * behind it, at the game's load, measured by the same SDK clients in this same process.
 *
 * With `traffic`, the rooms also send the game's state patches after each request, as many and as
 * large (FloorRoom), and the clients decode them: the round trip of Colyseus carrying the game's
 * state traffic, with no game computing it and no client reading the game's records.
 */
async function benchFloor(
  pairs: number,
  singles: number,
  requestsPerSecond: number,
  traffic?: Traffic,
): Promise<Floor> {
  const what = traffic ? "floor with the game's patches" : "floor";
  const port = await freePort();
  const child = await startChild(
    "../src/index.ts",
    { NODE_ENV: "production", LOG_LEVEL: "warn", TANGO_BENCH: "1" },
    port,
    ["--expose-gc", ...SERVER_NODE_FLAGS, ...SERVER_FLAGS],
  );
  const base = `http://127.0.0.1:${port}`;
  const heap = async () =>
    ((await (await fetch(`${base}/debug/heap?gc=1`)).json()) as { heapUsed: number }).heapUsed;
  const client = new Client(`ws://127.0.0.1:${port}`);
  const before = await heap();
  const rooms: Room[] = [];
  const options = traffic
    ? { framesPerRequest: traffic.framesPerRequest, patchBytes: Math.round(traffic.patchBytes) }
    : {};
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < pairs + singles; i = next++) {
      const a = await client.create("floor", options);
      rooms.push(a);
      if (i < pairs) rooms.push(await client.joinById(a.roomId, {}));
    }
  };
  await Promise.all(Array.from({ length: CONNECT_CONCURRENCY }, worker));
  await sleep(1000);
  const after = await heap();
  const kibPerPlayer = (after - before) / Math.max(1, rooms.length) / 1024;
  if (!traffic)
    console.log(
      `server heap, Colyseus's own share (the same players in rooms with no game, a fresh server): ` +
        `${kibPerPlayer.toFixed(1)} KiB per player`,
    );

  collectGarbage("major"); // as the game's window: the connect phase's garbage is not the floor's
  await sleep(SETTLE_MS);
  const rtt: number[] = [];
  /** When each request was sent, wall-clock ms (performance.timeOrigin-based), as rtt. */
  const sentAt: number[] = [];
  let errors = 0;
  let floorStopping = false;
  let windowOpen = false;
  const patches: PatchTraffic = { frames: 0, bytes: 0 };
  const payload = { decisionId: 1, segments: [{ flags: "SA", seq: 1000, ack: 2001, len: 0 }] };
  const timers: NodeJS.Timeout[] = [];
  const everyMs = (1000 * rooms.length) / Math.max(1, requestsPerSecond);
  for (const room of rooms) {
    room.reconnection.enabled = false;
    countPatches(room, patches, () => windowOpen && !floorStopping);
    const move = async () => {
      if (floorStopping) return;
      const t0 = performance.now();
      try {
        await room.request("move", payload);
        rtt.push(performance.now() - t0);
        sentAt.push(performance.timeOrigin + t0);
      } catch {
        if (!floorStopping) errors++;
      }
      if (floorStopping) return;
      timers.push(setTimeout(move, jittered(everyMs, MOVE_JITTER)));
    };
    timers.push(setTimeout(move, Math.random() * everyMs));
  }
  await fetch(`${base}/debug/loop?reset=1`);
  benchLoop.reset();
  windowOpen = true;
  const cpu = cpuMeter(child.pid as number);
  await sleep(SECONDS * 1000);
  const cpuUsed = cpu.stop();
  floorStopping = true;
  for (const t of timers) clearTimeout(t);
  const serverLoop = (await (await fetch(`${base}/debug/loop`)).json()) as LoopStats;
  const clientsLoop = benchLoop.read();
  await Promise.race([Promise.allSettled(rooms.map((r) => r.leave())), sleep(10_000)]);
  child.kill("SIGKILL");
  const own = withoutClientStalls(clientsLoop, rtt, sentAt);
  rtt.sort((a, b) => a - b);
  const floor = { kibPerPlayer, p50: pct(rtt, 50), p99: pct(rtt, 99) };
  const sent = traffic
    ? `, then the game's state patches (${traffic.framesPerRequest.toFixed(2)} frames of ~${traffic.patchBytes.toFixed(0)} bytes ` +
      `per request; received: ${(patches.frames / Math.max(1, rtt.length)).toFixed(2)} of ` +
      `${(patches.bytes / Math.max(1, patches.frames)).toFixed(0)} bytes)`
    : "";
  console.log(
    `${what} (the same players in rooms with no game, each sending a move request every ~${(everyMs / 1000).toFixed(1)} s, ` +
      `the game's rate of moves and pings, answered at once${sent}): ` +
      `${rooms.length} players, ${rtt.length} requests, ${errors} errors, ` +
      `p50 ${floor.p50.toFixed(2)} ms, p99 ${floor.p99.toFixed(2)} ms; the ${own.n} requests not under way during a ` +
      `GC pause or a ${BLOCKED_MS} ms+ stall of the bench's own clients: p99 ${own.p99.toFixed(2)} ms`,
  );
  console.log(
    `${what}, CPU: the server ${cpuUsed.server.toFixed(1)} % (of one core); the bench's own clients ` +
      `${cpuUsed.clients.toFixed(1)} %`,
  );
  console.log(`${what}, server: ${describeLoop(serverLoop)}`);
  console.log(`${what}, the bench's clients: ${describeLoop(clientsLoop)}`);
  return floor;
}

async function benchEcho(n: number): Promise<number> {
  const port = await freePort();
  const child = await startChild("./echo-server.ts", {}, port);
  const rtt: number[] = [];
  const sockets: WebSocket[] = [];
  for (let i = 0; i < n; i += RAMP_BATCH) {
    const batch = Array.from({ length: Math.min(RAMP_BATCH, n - i) }, async () => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}`);
      await new Promise<void>((resolve, reject) => {
        ws.once("open", () => resolve());
        ws.once("error", reject);
      });
      sockets.push(ws);
    });
    await Promise.allSettled(batch);
  }
  const payload = JSON.stringify({
    decisionId: 1,
    segments: [{ flags: "SA", seq: 1000, ack: 2001, len: 0 }],
  });
  const timers: NodeJS.Timeout[] = [];
  for (const ws of sockets) {
    let sentAt = 0;
    ws.on("message", () => {
      if (sentAt) rtt.push(performance.now() - sentAt);
      sentAt = 0;
    });
    const start = setTimeout(() => {
      const t = setInterval(() => {
        if (sentAt || ws.readyState !== WebSocket.OPEN) return;
        sentAt = performance.now();
        ws.send(payload);
      }, MOVE_EVERY_MS);
      timers.push(t);
    }, Math.random() * MOVE_EVERY_MS);
    timers.push(start);
  }
  benchLoop.reset();
  await sleep(SECONDS * 1000);
  const clientsLoop = benchLoop.read();
  for (const t of timers) clearInterval(t);
  for (const ws of sockets) ws.terminate();
  child.kill("SIGKILL");
  rtt.sort((a, b) => a - b);
  const p99 = pct(rtt, 99);
  console.log(
    `echo: ${sockets.length} ws clients, ${rtt.length} echoes, p50 ${pct(rtt, 50).toFixed(2)} ms, p99 ${p99.toFixed(2)} ms`,
  );
  console.log(`echo, the bench's clients: ${describeLoop(clientsLoop)}`);
  return p99;
}

/**
 * No --clients: the issue's goal, level by level. Each level runs in a fresh bench process (its
 * own heap: the previous level's garbage does not pause this one) at N = 250, 500, ... 4000.
 * Then a table, the largest N that met ratio ≤ GOAL_RATIO (and that met the heap goal too),
 * and last the ratio at GOAL_N.
 */
/**
 * A level whose first run lands close to a goal, on either side, runs CLOSE_CALL_RERUNS more
 * times, and its figures are the runs' medians. Close: the ratio within CLOSE_CALL_RATIO of the
 * goal (a share of it); the heap per player within its noise. One run's ratio is noisy: the same
 * code gave 500 players 2.34, 2.75 and 3.08 in three searches (the echo's p99 alone went from
 * 0.40 to 0.84 ms between levels of one search). The heap figure's noise is about
 * HEAP_NOISE_KIB in one measurement, spread over the ramp's second half (n / 2 players): at 250
 * players, single runs gave 23.3 to 26.0 KiB per player, ~340 KiB apart over 125 players; at
 * 4,000, 23.3 to 23.9.
 */
const CLOSE_CALL_RATIO = 0.25;
const HEAP_NOISE_KIB = 250;
const CLOSE_CALL_RERUNS = 2;
/** The middle value (of an odd count; the upper middle of an even one). */
const median = (xs: readonly number[]) =>
  pct(
    [...xs].sort((a, b) => a - b),
    50,
  );

async function searchGoal(): Promise<never> {
  const levels = [250, 500, 1000, 2000, GOAL_N];
  const rows: {
    n: number;
    /** Each run's ratio, in order (one run, or 1 + CLOSE_CALL_RERUNS). */
    ratios: number[];
    /** Each run's heap per player (the ramp's second half), KiB. */
    perPlayers: number[];
    ratio: number;
    perPlayer: number;
    perPlayerAll: number;
    floor: number;
    floorRatio: number;
    patchFloorRatio: number;
    ratioMet: boolean;
    heapMet: boolean;
  }[] = [];
  for (const n of levels) {
    console.log(`== ${n} players`);
    const runs = [await runLevel(n)];
    const first = runs[0] as LevelResult;
    if (
      Math.abs(first.ratio - GOAL_RATIO) <= CLOSE_CALL_RATIO * GOAL_RATIO ||
      Math.abs(first.kibPerPlayerBeyond - GOAL_KIB_PER_PLAYER) <= HEAP_NOISE_KIB / (n / 2)
    ) {
      console.log(
        `== ${n} players: close to a goal (ratio ${first.ratio.toFixed(2)}, ${kibAndBytes(first.kibPerPlayerBeyond)} ` +
          `per player): ${CLOSE_CALL_RERUNS} more runs, and their medians count`,
      );
      for (let i = 0; i < CLOSE_CALL_RERUNS; i++) {
        console.log(`== ${n} players, run ${i + 2}`);
        runs.push(await runLevel(n));
      }
    }
    const med = (k: keyof LevelResult) => median(runs.map((r) => r[k]));
    const ratio = med("ratio");
    const perPlayer = med("kibPerPlayerBeyond");
    rows.push({
      n,
      ratios: runs.map((r) => r.ratio),
      perPlayers: runs.map((r) => r.kibPerPlayerBeyond),
      ratio,
      perPlayer,
      perPlayerAll: med("kibPerPlayer"),
      floor: med("floorKibPerPlayer"),
      floorRatio: med("floorRatio"),
      patchFloorRatio: med("patchFloorRatio"),
      ratioMet: runs.every((r) => r.reached === n) && ratio <= GOAL_RATIO,
      heapMet: perPlayer <= GOAL_KIB_PER_PLAYER,
    });
  }
  console.log(
    `goal: ${GOAL_N} players, ratio ≤ ${GOAL_RATIO}, ≤ ${GOAL_BYTES_PER_PLAYER.toLocaleString("en")} bytes ` +
      `(${GOAL_KIB_PER_PLAYER.toFixed(1)} KiB) of heap per player`,
  );
  for (const r of rows)
    console.log(
      `  ${String(r.n).padStart(5)} players: ratio ${r.ratio.toFixed(2)} (${r.ratioMet ? "met" : "missed"}; ` +
        (r.ratios.length > 1
          ? `the median of ${r.ratios.length} runs: ${r.ratios.map((x) => x.toFixed(2)).join(", ")} ` +
            `(heap per player ${r.perPlayers.map((x) => x.toFixed(1)).join(", ")} KiB); `
          : "") +
        `floor ratio ${r.floorRatio.toFixed(2)}, with the game's patches ${r.patchFloorRatio.toFixed(2)}), ` +
        `${kibAndBytes(r.perPlayer)} per player (${r.heapMet ? "met" : "missed"}; ` +
        `${r.perPlayerAll.toFixed(1)} KiB with the server's one-time share, ` +
        `${r.floor.toFixed(1)} of them Colyseus's own, measured the same way)`,
    );
  const largest = (ok: (r: (typeof rows)[number]) => boolean) =>
    Math.max(0, ...rows.filter(ok).map((r) => r.n));
  console.log(
    `reached: ${largest((r) => r.ratioMet)} players with ratio ≤ ${GOAL_RATIO}; ` +
      `${largest((r) => r.ratioMet && r.heapMet)} with both`,
  );
  console.log(`ratio: ${(rows.at(-1)?.ratio ?? Number.NaN).toFixed(2)}`);
  process.exit(0);
}

/** What a one-level run sends its parent (the goal search) before it exits. */
interface LevelResult {
  ratio: number;
  /** The floor's p99 round trip (Colyseus with no game behind it) / the echo's p99. */
  floorRatio: number;
  /** The floor with the game's state patches (FloorRoom's traffic): its p99 / the echo's p99. */
  patchFloorRatio: number;
  kibPerPlayer: number;
  kibPerPlayerBeyond: number;
  floorKibPerPlayer: number;
  reached: number;
}

/** One level in its own bench process, its output shown as it comes. */
function runLevel(n: number): Promise<LevelResult> {
  return new Promise((resolve, reject) => {
    const child = fork(fileURLToPath(import.meta.url), [
      "--clients",
      String(n),
      "--seconds",
      String(SECONDS),
      ...(REMATCH ? [] : ["--fresh-rooms"]),
    ]);
    children.push(child);
    let result: LevelResult | undefined;
    child.on("message", (m) => {
      result = m as LevelResult;
    });
    child.once("error", reject);
    child.once("exit", (code) =>
      code === 0 && result ? resolve(result) : reject(new Error(`level ${n} exited with ${code}`)),
    );
  });
}

if (SEARCH) await searchGoal();
try {
  const server = await benchServer();
  live.length = 0;
  answerBook.clear();
  moveRtt.length = 0;
  pingRtt.length = 0;
  collectGarbage("major");
  await sleep(500);
  // The floor's and the echo's clients run in this process too, each after the last one's garbage.
  const floor = await benchFloor(server.pairs, server.singles, server.requestsPerSecond);
  console.log(
    `the game adds ${(server.kibPerPlayer - floor.kibPerPlayer).toFixed(1)} KiB per player to Colyseus's own`,
  );
  collectGarbage("major");
  await sleep(500);
  const patchFloor = await benchFloor(server.pairs, server.singles, server.requestsPerSecond, {
    framesPerRequest: PATCH_FLOOR_FRAMES ?? server.framesPerRequest,
    patchBytes: server.patchBytes,
  });
  collectGarbage("major");
  await sleep(500);
  const echoP99 = await benchEcho(server.reached);
  console.log(`reached: ${server.reached} clients connected (asked ${N}; goal ${GOAL_N})`);
  const floorRatio = floor.p99 / echoP99;
  console.log(
    `floor ratio: ${floorRatio.toFixed(2)} (the floor's p99 / the echo's p99: Colyseus alone, no game)`,
  );
  const patchFloorRatio = patchFloor.p99 / echoP99;
  console.log(
    `patch floor ratio: ${patchFloorRatio.toFixed(2)} (the floor with the game's patches' p99 / the echo's p99: ` +
      `Colyseus carrying the game's state traffic, no game)`,
  );
  const ratio = server.p99 / echoP99;
  console.log(`ratio: ${ratio.toFixed(2)}`);
  const result: LevelResult = {
    ratio,
    floorRatio,
    patchFloorRatio,
    kibPerPlayer: server.kibPerPlayer,
    kibPerPlayerBeyond: server.kibPerPlayerBeyond,
    floorKibPerPlayer: floor.kibPerPlayer,
    reached: server.reached,
  };
  await new Promise<void>((resolve) => (process.send ? process.send(result, () => resolve()) : resolve()));
  killChildren();
  process.exit(0);
} catch (e) {
  console.error(e);
  killChildren();
  process.exit(1);
}
