// Fuzzing the room's requests with seeded random payloads: garbage of every shape gets an answer
// and never an uncaught error; random well-formed segments in consequence mode go on the wire and
// the match plays on (the engine meets segments no mission script sends), and the match they made
// replays exactly from its record; garbled create and join options, and raw frames. Same seed,
// same payloads.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Protocol } from "@colyseus/core";
import type { Room as SdkRoom } from "@colyseus/sdk";
import { Prng } from "@tcp-tango/shared/net/prng.ts";
import {
  INVALID_OPTIONS_CODE,
  MATCH_CLOSED_CODE,
  UNKNOWN_SEAT_CODE,
} from "@tcp-tango/shared/protocol/refusals.ts";
import { PROTOCOL_MISMATCH_CODE } from "@tcp-tango/shared/protocol/version.ts";
import { World, type WorldInput, type WorldOptions } from "@tcp-tango/shared/sim/world.ts";
import { CreateOptions } from "../src/rooms/options.ts";
import { MAX_MESSAGES_PER_SECOND } from "../src/transport/flood.ts";
import { MAX_MESSAGE_BYTES } from "../src/transport/StaggeredPingTransport.ts";
import {
  type Decision,
  type Finished,
  getJson,
  Inbox,
  rightPayload,
  serverForTheseTests,
  serverRoom,
} from "./helpers.ts";

// This file creates ~75 matches within seconds from one address, over a classroom's limit on
// creates (rules.test.ts tests the limit itself).
process.env.TANGO_MATCHMAKE_LIMIT = "1000,100";
const { log } = await import("../src/log.ts");
const server = serverForTheseTests();

/** Under the flood limit: one connection's requests are spaced so none is closed for it. */
const GAP_MS = Math.ceil(1000 / (MAX_MESSAGES_PER_SECOND * 0.6));
const pause = () => new Promise((r) => setTimeout(r, GAP_MS));

const KEYS = [
  "decisionId",
  "choice",
  "flags",
  "segments",
  "seq",
  "ack",
  "len",
  "state",
  "op",
  "bytes",
  "port",
  "reuseAddr",
  "from",
  "missionId",
  "swapRoles",
  "__proto__",
  "constructor",
  "toString",
  "",
];
const ATOMS: unknown[] = [
  null,
  true,
  false,
  0,
  -0,
  -1,
  1.5,
  2 ** 31,
  2 ** 32,
  2 ** 53,
  -(2 ** 53),
  1e308,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  "",
  "S",
  "SA",
  "FA",
  "R",
  "XYZ",
  "ESTABLISHED",
  "connect",
  "send",
  "bind",
  "handshake-client",
  "sandbox.lifecycle",
  "ａ".repeat(3),
  "x".repeat(1000),
];

/** A random JSON-ish value: atoms, arrays and objects with the protocol's own keys, nested. */
function junk(rng: Prng, depth = 0): unknown {
  const kind = depth > 3 ? 0 : rng.int(0, 5);
  if (kind <= 2) return rng.pick(ATOMS);
  if (kind === 3) return Array.from({ length: rng.int(0, 6) }, () => junk(rng, depth + 1));
  const o: Record<string, unknown> = {};
  for (let i = rng.int(0, 4); i > 0; i--)
    Object.defineProperty(o, rng.pick(KEYS), {
      value: junk(rng, depth + 1),
      enumerable: true,
      configurable: true,
      writable: true,
    });
  return o;
}

/** A random segment that passes the move's validation (any flags, any numbers in range). */
function wellFormedSegment(
  rng: Prng,
  near: number,
): { flags: string; seq: number; ack: number; len: number } {
  const flags = ["S", "A", "F", "R", "P"].filter(() => rng.chance(0.4)).join("");
  const number = () => (rng.chance(0.5) ? (near + rng.int(-3, 3)) >>> 0 : rng.nextUint32());
  return { flags, seq: number(), ack: number(), len: rng.chance(0.7) ? 0 : rng.int(1, 1460) };
}

/** A request's outcome: its reply, or its rejection's reason. */
async function answerOf(p: Promise<unknown>): Promise<{ replied: unknown } | { rejected: unknown }> {
  try {
    return { replied: await p };
  } catch (e) {
    return { rejected: (e as { reason?: unknown }).reason ?? e };
  }
}

async function solo(opts: object): Promise<{ room: SdkRoom; inbox: Inbox; first: Decision }> {
  const room = await server.colyseus.sdk.create("match", { timeScale: 20, seed: 5, ...opts });
  const inbox = new Inbox(room);
  const first = (await inbox.next(0)) as Decision;
  return { room, inbox, first };
}

describe("fuzz", () => {
  // Free play takes calls; the lifecycle asks for a move at once (a pending decision to garble).
  for (const missionId of ["free-play", "sandbox.lifecycle"]) {
    test(`garbage in every request is answered, nothing is uncaught, and the match plays on (${missionId})`, async (t) => {
      const errors = t.mock.method(log, "error");
      const room = await server.colyseus.sdk.create("match", {
        missionId,
        role: "client",
        mode: "coach",
        difficulty: "full",
        timeScale: 20,
        seed: 5,
      });
      const inbox = new Inbox(room);
      await inbox.until(() => room.state.phase === "playing" || undefined, 5000, "the match to start");
      const rng = new Prng(`fuzz-garbage-${missionId}`);
      const types = ["move", "call", "ladder", "rematch", "start-with-bot", "ping"];
      const seen = new Map<string, number>();
      for (let i = 0; i < 100; i++) {
        const type = rng.pick(types);
        // Within the transport's message size (a larger one closes the connection: rules.test.ts).
        let payload = junk(rng);
        while ((JSON.stringify(payload) ?? "").length > MAX_MESSAGE_BYTES / 2) payload = junk(rng);
        const answer = await answerOf(room.request(type, payload));
        const outcome = `${type}: ${"rejected" in answer ? (answer.rejected as { error?: string }).error : "replied"}`;
        seen.set(outcome, (seen.get(outcome) ?? 0) + 1);
        if ("rejected" in answer) {
          const r = answer.rejected as { error?: unknown; message?: unknown };
          assert.equal(typeof r.error, "string", `${type} ${JSON.stringify(payload)}: ${JSON.stringify(r)}`);
          assert.ok(typeof r.message === "string" && r.message.length > 0, JSON.stringify(r));
        }
        await pause();
      }
      assert.equal(errors.mock.callCount(), 0, JSON.stringify(errors.mock.calls.map((c) => c.arguments)));
      assert.equal(room.connection.isOpen, true, "the connection stays open");
      assert.equal(room.state.phase, "playing");
      t.diagnostic([...seen].map(([k, n]) => `${k} ×${n}`).join(", "));
      // The room still answers and judges: the decision pending now (if any) takes the right move.
      assert.equal((await room.request("ping", {})).ok, true);
      const pending = serverRoom(server.colyseus, room.roomId).referenceMove();
      const d = inbox.decisions.at(-1);
      if (pending && d) {
        const reply = await room.request("move", rightPayload(server.colyseus, room.roomId, d));
        assert.equal(reply.correct, true);
      }
      await room.leave();
    });
  }

  const runs = [
    { seed: 1, missionId: "sandbox.lifecycle", role: "client" },
    { seed: 2, missionId: "sandbox.lifecycle", role: "server" },
    { seed: 3, missionId: "data-lost-segment", role: "server" },
    { seed: 4, missionId: "simultaneous-close", role: "client" },
    { seed: 5, missionId: "server-restart", role: "server" },
  ];
  for (const { seed, missionId, role } of runs) {
    test(`consequence mode: random well-formed segments go on the wire and the match plays on (${missionId}, ${role}, seed ${seed})`, async (t) => {
      const errors = t.mock.method(log, "error");
      const { room, inbox, first } = await solo({
        missionId,
        role,
        mode: "consequence",
        difficulty: "full",
        seed,
        timeScale: 200,
      });
      const rng = new Prng(`fuzz-segments-${seed}`);
      let d: Decision | Finished = first;
      let moves = 0;
      for (; moves < 40 && !("result" in d); moves++) {
        const near = serverRoom(server.colyseus, room.roomId).referenceMove()?.segments[0]?.seq ?? 0;
        const segments = Array.from({ length: rng.int(0, 2) }, () => wellFormedSegment(rng, near));
        const reply: { accepted: boolean } = await room.request("move", { decisionId: d.id, segments });
        assert.equal(reply.accepted, true, JSON.stringify({ segments, reply }));
        d = await inbox.next(d.id, 20_000);
        await pause();
      }
      assert.equal(errors.mock.callCount(), 0, JSON.stringify(errors.mock.calls.map((c) => c.arguments)));
      // Whatever state the random moves left, the server still answers and still judges.
      assert.equal((await room.request("ping", {})).ok, true);
      if (!("result" in d)) {
        const reply = await room.request("move", rightPayload(server.colyseus, room.roomId, d));
        assert.equal(reply.correct, true);
      } else {
        // The match these moves made replays exactly from its record: seed and inputs.
        const { body } = await getJson(`${server.url}${d.logUrl}`);
        const replayed = World.replay(body.worldOptions as WorldOptions, body.inputs as WorldInput[]);
        assert.equal(replayed.logJson(), JSON.stringify(body.log));
      }
      t.diagnostic(`${moves} random moves; ${"result" in d ? `finished: ${d.result}` : "still playing"}`);
      await room.leave();
    });
  }
});

describe("fuzz: create and join options", () => {
  const VALID = { missionId: "handshake-client", role: "client", opponent: "friend", timeScale: 50 };
  const OPTION_KEYS = [...Object.keys(CreateOptions.shape), "seatToken", "bogus", "__proto__", "constructor"];
  const OPTION_VALUES = [
    "client",
    "server",
    "bot",
    "friend",
    "coach",
    "consequence",
    "pick",
    "flags",
    "full",
  ];
  const OTHER_VALID = [...OPTION_VALUES, 0.5, 5, 30, 100, true, false, "ada", 7];
  /** The valid options with one to three fields garbled, set to another valid value, or added. */
  function garbled(rng: Prng, base: object): Record<string, unknown> {
    const o: Record<string, unknown> = { ...base };
    for (let i = rng.int(1, 3); i > 0; i--)
      Object.defineProperty(o, rng.pick(OPTION_KEYS), {
        value: rng.chance(0.5) ? rng.pick(OTHER_VALID) : rng.chance(0.7) ? rng.pick(ATOMS) : junk(rng, 2),
        enumerable: true,
        configurable: true,
        writable: true,
      });
    return o;
  }
  /** A refusal with one of `codes` and a message. */
  const refusedAs = (e: unknown, codes = [INVALID_OPTIONS_CODE, PROTOCOL_MISMATCH_CODE]) => {
    const { code, message } = e as { code?: number; message?: string };
    assert.ok(code !== undefined && codes.includes(code), `code ${code}: ${message}`);
    assert.ok(message && message.length > 0);
  };

  test("garbled create options either create a match or are refused as a bad request", async (t) => {
    const errors = t.mock.method(log, "error");
    const rng = new Prng("fuzz-create");
    let created = 0;
    let refused = 0;
    for (let i = 0; i < 60; i++) {
      const options = garbled(rng, VALID);
      const room = await server.colyseus.sdk.create("match", options).catch((e: unknown) => {
        refusedAs(e);
        refused++;
        return undefined;
      });
      if (room) {
        created++;
        await room.leave();
      }
    }
    assert.equal(errors.mock.callCount(), 0, JSON.stringify(errors.mock.calls.map((c) => c.arguments)));
    assert.ok(created > 0 && refused > 0, `created ${created}, refused ${refused}`);
    t.diagnostic(`created ${created}, refused ${refused}`);
  });

  test("garbled join options either seat the friend or are refused; the match is untouched", async (t) => {
    const errors = t.mock.method(log, "error");
    const rng = new Prng("fuzz-join");
    const host = await server.colyseus.sdk.create("match", VALID);
    let refused = 0;
    for (let i = 0; i < 40; i++) {
      const friend = await server.colyseus.sdk.joinById(host.roomId, garbled(rng, {})).catch((e: unknown) => {
        // Well-formed options may still be refused: a seat token that names no seat; the friend's
        // seat, kept for the friend who joined and left before.
        refusedAs(e, [INVALID_OPTIONS_CODE, PROTOCOL_MISMATCH_CODE, UNKNOWN_SEAT_CODE, MATCH_CLOSED_CODE]);
        refused++;
        return undefined;
      });
      if (friend) await friend.leave();
    }
    assert.equal(errors.mock.callCount(), 0, JSON.stringify(errors.mock.calls.map((c) => c.arguments)));
    assert.ok(refused > 0);
    assert.equal(host.connection.isOpen, true);
    assert.equal((await host.request("ping", {})).ok, true);
    await host.leave();
  });
});

describe("fuzz: raw frames", () => {
  test("random bytes after a protocol code close at most their own connection; the seat rejoins", async (t) => {
    const rng = new Prng("fuzz-frames");
    const codes = [Protocol.ROOM_DATA, Protocol.ROOM_REQUEST, Protocol.ROOM_DATA_BYTES, Protocol.JOIN_ROOM];
    const codesToo = [...codes, Protocol.PING, Protocol.ROOM_INPUT_RELIABLE, Protocol.ROOM_INPUT_UNRELIABLE];
    let room = await server.colyseus.sdk.create("match", {
      missionId: "sandbox.lifecycle",
      role: "client",
      timeScale: 20,
      seed: 6,
    });
    let inbox = new Inbox(room);
    const first = (await inbox.next(0)) as Decision;
    let closes = 0;
    for (let i = 0; i < 40; i++) {
      const bytes = new Uint8Array(rng.int(1, 40)).map(() => rng.int(0, 255));
      bytes[0] = rng.pick(codesToo);
      const closed = new Promise<number | undefined>((resolve) => {
        room.onLeave((code: number) => resolve(code));
        setTimeout(() => resolve(undefined), 150).unref();
      });
      (room.connection as unknown as { send(b: Uint8Array): void }).send(bytes);
      const code = await closed;
      if (code === undefined) continue;
      // Colyseus's answer to a frame it cannot read: close with an error (4002), a drop.
      assert.equal(code, 4002, `closed ${code} after ${bytes.join(",")}`);
      closes++;
      room = await server.colyseus.sdk.reconnect(room.reconnectionToken);
      inbox = new Inbox(room);
    }
    assert.ok(closes > 0, "some frames were unreadable");
    const d = (await inbox.next(0)) as Decision;
    assert.equal(d.id, first.id, "the same decision waits");
    assert.equal((await room.request("move", rightPayload(server.colyseus, room.roomId, d))).correct, true);
    t.diagnostic(`${closes} of 40 frames closed their connection`);
    await room.leave();
  });
});
