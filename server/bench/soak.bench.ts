// bench:soak — does the match server give back what a match takes? Plays matches through one
// in-process server until each has gone (its room disposed), then measures the live heap (after
// full GCs) every --every matches; a leak per match shows as growth. Each round: a match against
// the bot, and a friend match whose second player joins; both
// ask for a rematch with the roles swapped, play it, and leave; the bot plays the seats to the
// end at 1000× speed, and the finished rooms go.
// Usage: npm run bench:soak -- [--matches 3000] [--every 500] [--mission handshake-client]
// Last line: `growth: <bytes> per match` over the second half (the first half warms up: the JIT,
// the store's last 500 finished matches).

import { parseArgs } from "node:util";
import { matchMaker } from "@colyseus/core";
import { Client, type Room } from "@colyseus/sdk";
import { freePort } from "../../scripts/free-port.ts";
import type { MatchRoom } from "../src/rooms/MatchRoom.ts";

const { values } = parseArgs({
  options: {
    matches: { type: "string", default: "3000" },
    every: { type: "string", default: "500" },
    mission: { type: "string", default: "handshake-client" },
  },
});
const MATCHES = Number(values.matches);
const EVERY = Number(values.every);
const MISSION = values.mission;
/** Rounds in flight at once (each is three matches: two first matches and one rematch). */
const CONCURRENCY = 10;

process.env.TANGO_MATCHMAKE_LIMIT = "1000000,1000000";
process.env.TANGO_MAX_MATCHES = "100000";
const { listen, makeServer } = await import("../src/app.config.ts");

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error("run with node --expose-gc (npm run bench:soak does)");

const port = await freePort();
const server = makeServer();
await listen(server, port);
const client = new Client(`ws://127.0.0.1:${port}`);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function quiet(room: Room): Room {
  room.onMessage("*", () => {});
  return room;
}

let rematches = 0;

/**
 * Answer the player's decisions right (the server room's reference move: this process holds it)
 * until the match has finished; false if it has not within 10 s.
 */
async function playToEnd(room: Room): Promise<boolean> {
  const served = matchMaker.getLocalRoomById(room.roomId) as unknown as MatchRoom | undefined;
  for (let i = 0; i < 1000; i++) {
    if ((room.state as { phase?: string } | undefined)?.phase === "finished") return true;
    const ref = served?.referenceMove();
    const mine = ref && served?.state.clientSeat.kind === "human" && ref.role === "client";
    if (mine) await room.request("move", { segments: ref.segments }).catch(() => undefined);
    else await sleep(10);
  }
  return false;
}

/** The three matches of one round (see above); resolves once its players have left. */
async function round(seed: number): Promise<void> {
  const common = { missionId: MISSION, timeScale: 1000, seed };
  const solo = quiet(await client.create("match", { ...common, role: "client", difficulty: "full" }));
  const host = quiet(await client.create("match", { ...common, role: "server", opponent: "friend" }));
  // By the room's id (the page looks it up by its join code first: a rate-limited HTTP route).
  const friend = quiet(await client.joinById(host.roomId, {}));
  // The friend match is played by its players leaving: the bot keeps both seats and finishes it.
  // The solo player plays theirs to the end, then asks for a rematch with the roles swapped,
  // which against the bot starts at once.
  if (await playToEnd(solo)) {
    await solo.request("rematch", { swapRoles: true });
    rematches++;
  }
  for (const r of [solo, host, friend]) await r.leave();
}

const heapNow = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

/** Wait until every room is gone (finished rooms go 1 s after their end). */
async function drained(): Promise<void> {
  for (let i = 0; i < 600 && matchMaker.stats.local.roomCount > 0; i++) await sleep(100);
  if (matchMaker.stats.local.roomCount > 0)
    throw new Error(`${matchMaker.stats.local.roomCount} rooms did not go within 60 s`);
}

const readings: { matches: number; heap: number }[] = [];
let played = 0;
let seed = 0;
console.log(`soak: ${MATCHES} matches of ${MISSION}, 3 per round (against the bot, a friend, a rematch)`);
while (played < MATCHES) {
  const target = Math.min(MATCHES, (Math.floor(played / EVERY) + 1) * EVERY);
  while (played < target) {
    const before = rematches;
    await Promise.all(Array.from({ length: CONCURRENCY }, () => round(seed++)));
    played += 2 * CONCURRENCY + (rematches - before);
  }
  await drained();
  const heap = heapNow();
  readings.push({ matches: played, heap });
  console.log(
    `${played} matches: live heap ${(heap / 2 ** 20).toFixed(1)} MiB, rooms ${matchMaker.stats.local.roomCount}`,
  );
}
const half = readings.slice(Math.floor(readings.length / 2));
const first = half[0];
const last = half.at(-1);
const growth =
  first && last && last !== first ? (last.heap - first.heap) / (last.matches - first.matches) : 0;
console.log(
  `${played} matches in ${seed} rounds, ${rematches} of them rematches; every room gone after each batch`,
);
console.log(
  `growth: ${Math.round(growth)} bytes per match (from ${first?.matches} to ${last?.matches} matches)`,
);
await server.gracefullyShutdown(false);
process.exit(0);
