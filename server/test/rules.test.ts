// Refereeing and seats: wrong moves in both modes, malformed payloads, moving for the other
// seat, two humans playing each other, moves to several rooms read at once, drop and rejoin, the
// join code, HTTP routes.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Protocol } from "@colyseus/core";
import type { Room as SdkRoom } from "@colyseus/sdk";
import { MISSIONS } from "@tcp-tango/shared/missions/catalog.ts";
import { MAX_MOVE_SEGMENTS } from "@tcp-tango/shared/protocol/limits.ts";
import {
  INVALID_OPTIONS_CODE,
  MATCH_CLOSED_CODE,
  RATE_LIMITED_CODE,
  SEAT_IN_USE_CODE,
  SEAT_TAKEN_OVER_CODE,
  TOO_MANY_MESSAGES_CODE,
  UNKNOWN_SEAT_CODE,
} from "@tcp-tango/shared/protocol/refusals.ts";
import { PROTOCOL_MISMATCH_CODE, PROTOCOL_VERSION } from "@tcp-tango/shared/protocol/version.ts";
import { matchmakeLimitFrom } from "../src/http/matchmakeLimit.ts";
import { CODE_LOOKUPS } from "../src/http/rateLimit.ts";
import { findMission } from "../src/missions/registry.ts";
import { matchRecord } from "../src/store.ts";
import { MAX_MESSAGES_PER_SECOND } from "../src/transport/flood.ts";
import { MAX_MESSAGE_BYTES } from "../src/transport/StaggeredPingTransport.ts";
import {
  type Decision,
  getFrom,
  getJson,
  Inbox,
  playRight,
  postFrom,
  rejection,
  rightPayload,
  serverForTheseTests,
  serverRoom,
} from "./helpers.ts";

const server = serverForTheseTests();

const MISSION = "sandbox.lifecycle";

async function solo(opts: object): Promise<{ room: SdkRoom; inbox: Inbox; first: Decision }> {
  const room = await server.colyseus.sdk.create("match", {
    missionId: MISSION,
    timeScale: 20,
    seed: 3,
    ...opts,
  });
  const inbox = new Inbox(room);
  const first = (await inbox.next(0)) as Decision;
  return { room, inbox, first };
}

describe("the ISN is the stack's choice", () => {
  test("a decision whose answer opens a connection names the ISN; a full SYN with it is right", async () => {
    const { room, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    const iss = (first as unknown as { iss: number | null }).iss;
    assert.equal(typeof iss, "number", "connect(): the player is told the ISN");
    const reply = await room.request("move", {
      decisionId: first.id,
      segments: [{ flags: "S", seq: iss, len: 0 }],
    });
    assert.equal(reply.correct, true);
    await room.leave();
  });
});

describe("wrong moves are judged", () => {
  test("coach: refused with the verdict, and the player tries again", async () => {
    const { room, inbox, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    // connect(): the right move is one SYN; sending nothing is wrong.
    const reply = await room.request("move", { decisionId: first.id, segments: [] });
    assert.equal(reply.accepted, false);
    assert.equal(reply.correct, false);
    assert.deepEqual(reply.mistakes[0].part, "count");
    assert.equal(typeof reply.explanation, "string");
    assert.equal(reply.scoreChange, -3);
    // The refusal is patched too: the seat's score and its decision's attempts.
    await inbox.until(
      () =>
        (room.state.clientSeat?.score === -3 && room.state.pending?.get("client")?.attempts === 1) ||
        undefined,
      3000,
      "the refused move's score and attempts to sync",
    );
    const again = await room.request("move", rightPayload(server.colyseus, room.roomId, first));
    assert.equal(again.accepted, true);
    assert.equal(again.correct, true);
    assert.equal(again.scoreChange, 5, "a right move after a retry scores less");
    const seat = room.state.clientSeat;
    await inbox.until(() => seat?.score === 2 || undefined, 3000, "the score to sync");
    assert.equal(seat?.mistakes, 1);
    await room.leave();
  });

  test("consequence: the wrong move goes on the wire and the verdict comes back", async () => {
    const { room, inbox, first } = await solo({ role: "client", mode: "consequence", difficulty: "full" });
    const d = (await inbox.next(first.id - 1)) as Decision;
    const right = rightPayload(server.colyseus, room.roomId, d) as {
      segments: { flags: string; seq: number }[];
    };
    const bad = right.segments.map((s) => ({ ...s, seq: (s.seq + 1) >>> 0 }));
    const reply = await room.request("move", { segments: bad });
    assert.equal(reply.accepted, true);
    assert.equal(reply.correct, false);
    assert.ok(reply.mistakes.some((m: { part: string }) => m.part === "seq"));
    const sent = (matchRecord(room.roomId)?.log ?? []).filter(
      (e) => (e as { type: string }).type === "send" && (e as { by: string }).by === "player",
    );
    assert.equal(sent.length, 1, "the chosen segment went on the wire");
    await room.leave();
  });
});

describe("malformed payloads", () => {
  test("each gets an error naming the field, and the room goes on", async () => {
    const { room, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    const r1 = await rejection(room.request("move", { segments: [{ flags: "S", seq: -1, ack: 0, len: 0 }] }));
    assert.equal(r1.error, "invalid_move");
    assert.ok(
      r1.issues?.some((i) => i.field === "segments[0].seq"),
      JSON.stringify(r1),
    );
    const r2 = await rejection(room.request("move", { segments: [{ flags: "SX", seq: 1, len: 0 }] }));
    assert.ok(
      r2.issues?.some((i) => i.field === "segments[0].flags"),
      JSON.stringify(r2),
    );
    const r3 = await rejection(room.request("move", "hello"));
    assert.equal(r3.error, "invalid_move");
    const r4 = await rejection(room.request("move", { segments: [], extra: 1 }));
    assert.match(r4.message, /extra/);
    const five = Array.from({ length: MAX_MOVE_SEGMENTS + 1 }, () => ({ flags: "A", seq: 1, len: 0 }));
    const tooMany = await rejection(room.request("move", { segments: five }));
    assert.ok(
      tooMany.issues?.some((i) => i.field === "segments"),
      JSON.stringify(tooMany),
    );
    const r5 = await rejection(room.request("move", { decisionId: 9999, segments: [] }));
    assert.equal(r5.error, "stale_decision");
    const ok = await room.request("move", rightPayload(server.colyseus, room.roomId, first));
    assert.equal(ok.correct, true, "the room is still alive and playing");
    await room.leave();
  });

  test("pick: a choice out of range names the field", async () => {
    const { room } = await solo({ role: "client", mode: "coach", difficulty: "pick" });
    const r = await rejection(room.request("move", { choice: 99 }));
    assert.equal(r.error, "invalid_move");
    assert.ok(r.issues?.some((i) => i.field === "choice"));
    const r2 = await rejection(room.request("move", { choice: "first" }));
    assert.ok(r2.issues?.some((i) => i.field === "choice"));
    await room.leave();
  });

  test("an unknown request is answered; an unknown message closes its connection, the seat rejoins", async () => {
    const { room, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    await assert.rejects(room.request("no-such-request", {}), /no-such-request/);
    const closed = new Promise<{ code: number; reason?: string }>((resolve, reject) => {
      room.onLeave((code: number, reason?: string) => resolve({ code, reason }));
      setTimeout(() => reject(new Error("the connection stayed open")), 3000).unref();
    });
    room.send("no-such-message", {});
    // Colyseus's rule for a message no handler takes: close with its reason (4002, WITH_ERROR).
    const { code, reason } = await closed;
    assert.equal(code, 4002);
    assert.match(String(reason), /no-such-message/);
    const back = await server.colyseus.sdk.reconnect(room.reconnectionToken);
    const inbox = new Inbox(back);
    const d = (await inbox.next(0)) as Decision;
    assert.equal(d.id, first.id, "the same decision waits");
    // A move sent rather than requested is played; only its answer goes nowhere.
    back.send("move", rightPayload(server.colyseus, back.roomId, d));
    const next = (await inbox.next(d.id)) as Decision;
    await inbox.until(() => back.state.clientSeat.moves === 1 || undefined, 3000, "the sent move counted");
    const reply = await back.request("move", rightPayload(server.colyseus, back.roomId, next));
    assert.equal(reply.correct, true, "the room is still alive and playing");
    await back.leave();
  });

  test("a flood of messages closes its connection (4429); the seat rejoins and the match goes on", async () => {
    const { room, inbox, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    const closed = new Promise<number>((resolve, reject) => {
      room.onLeave((code: number) => resolve(code));
      setTimeout(() => reject(new Error("the connection stayed open")), 3000).unref();
    });
    for (let i = 0; i < MAX_MESSAGES_PER_SECOND * 3; i++) room.send("ping", {});
    assert.equal(await closed, TOO_MANY_MESSAGES_CODE);
    const seat = serverRoom(server.colyseus, room.roomId).state.clientSeat;
    await inbox.until(() => (seat.connected ? undefined : true), 3000, "a drop: the seat kept, unconnected");
    const back = await server.colyseus.sdk.reconnect(room.reconnectionToken);
    const inboxBack = new Inbox(back);
    const d = (await inboxBack.next(0)) as Decision;
    assert.equal(d.id, first.id, "the same decision waits");
    const reply = await back.request("move", rightPayload(server.colyseus, back.roomId, d));
    assert.equal(reply.correct, true);
    await back.leave();
  });

  test("a message over MAX_MESSAGE_BYTES closes its connection (1009); the seat rejoins and the match goes on", async () => {
    const { room, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    assert.equal((await room.request("ping", "x".repeat(MAX_MESSAGE_BYTES - 100))).ok, true, "under it");
    const closed = new Promise<number>((resolve, reject) => {
      room.onLeave((code: number) => resolve(code));
      setTimeout(() => reject(new Error("the connection stayed open")), 3000).unref();
    });
    room.send("ping", "x".repeat(MAX_MESSAGE_BYTES));
    assert.equal(await closed, 1009);
    const back = await server.colyseus.sdk.reconnect(room.reconnectionToken);
    const d = (await new Inbox(back).next(0)) as Decision;
    assert.equal(d.id, first.id, "the same decision waits");
    const reply = await back.request("move", rightPayload(server.colyseus, back.roomId, d));
    assert.equal(reply.correct, true);
    await back.leave();
  });

  test("invalid create options are refused with the field named", async () => {
    await assert.rejects(server.colyseus.sdk.create("match", { missionId: MISSION, mode: "chaos" }), /mode/);
    // A bad request (400), which Colyseus answers without logging a stack trace for it.
    await assert.rejects(server.colyseus.sdk.create("match", { missionId: MISSION, colour: "red" }), (e) => {
      assert.equal((e as { code?: number }).code, INVALID_OPTIONS_CODE);
      assert.match(String((e as Error).message), /invalid create options: .*colour/);
      return true;
    });
    const room = await server.colyseus.sdk.create("match", { missionId: MISSION });
    await assert.rejects(server.colyseus.sdk.joinById(room.roomId, { seatToken: 7 }), (e) => {
      assert.equal((e as { code?: number }).code, INVALID_OPTIONS_CODE);
      assert.match(String((e as Error).message), /invalid join options: .*seatToken/);
      return true;
    });
    await room.leave();
    await assert.rejects(
      server.colyseus.sdk.create("match", { missionId: "no.such.mission" }),
      /unknown mission/,
    );
    await assert.rejects(
      server.colyseus.sdk.create("match", { missionId: MISSION, botSloppiness: 2 }),
      /botSloppiness/,
    );
  });
});

async function friendMatch(mode: "coach" | "consequence" = "coach") {
  const a = await server.colyseus.sdk.create("match", {
    missionId: MISSION,
    role: "client",
    opponent: "friend",
    mode,
    difficulty: "full",
    timeScale: 20,
    nickname: "ann",
  });
  const ia = new Inbox(a);
  const seatA = await ia.until(() => ia.seat, 3000, "seat");
  assert.match(seatA.joinCode, /^[A-HJKMNP-Z2-9]{6}$/);
  const { status, body } = await getJson(`${server.url}/api/rooms/by-code/${seatA.joinCode.toLowerCase()}`);
  assert.equal(status, 200);
  const b = await server.colyseus.sdk.joinById(body.roomId, { nickname: "bob" });
  const ib = new Inbox(b);
  const seatB = await ib.until(() => ib.seat, 3000, "seat");
  assert.equal(seatB.role, "server");
  return { a, ia, b, ib };
}

describe("two humans", () => {
  test("play handshake, data and teardown against each other", async () => {
    const { a, ia, b, ib } = await friendMatch();
    const [fa, fb] = await Promise.all([
      playRight(server.colyseus, a, ia),
      playRight(server.colyseus, b, ib),
    ]);
    assert.equal(fa.result, "success");
    assert.equal(fb.result, "success");
    assert.ok((fa.scores.client?.moves ?? 0) > 0 && (fa.scores.server?.moves ?? 0) > 0);
    await a.leave();
    await b.leave();
  });

  test("a seat cannot move for the other, nor see its pending decision", async () => {
    const { a, ia, b } = await friendMatch();
    const d = (await ia.next(0)) as Decision;
    assert.equal(d.role, "client");
    const r = await rejection(b.request("move", rightPayload(server.colyseus, a.roomId, d)));
    assert.equal(r.error, "not_your_turn");
    await ia.until(() => a.state.pending?.get("client")?.id || undefined, 3000, "own pending decision");
    assert.equal(b.state.waitingFor, "client");
    assert.equal(b.state.pending?.get("client"), undefined, "the other seat's decision is hidden");
    assert.equal(b.state.pending?.get("server")?.id, 0, "its own record says it has nothing to decide");
    assert.equal(a.state.pending?.get("client")?.id, d.id);
    // The first decision opens the connection: the seat's own view has its stack's ISN, as the message does.
    const iss = (d as Decision & { iss: number | null }).iss;
    assert.equal(typeof iss, "number");
    assert.equal(a.state.pending?.get("client")?.iss, iss);
    await a.leave();
    await b.leave();
  });

  test("a move's reply leaves on its own, at once; then one write per seat carries the rest", async () => {
    const { a, ia, b } = await friendMatch();
    const d = (await ia.next(0)) as Decision;
    const room = serverRoom(server.colyseus, a.roomId);
    const writes = { client: spyWrites(room, a.sessionId), server: spyWrites(room, b.sessionId) };
    const reply = await a.request("move", rightPayload(server.colyseus, a.roomId, d));
    assert.equal(reply.correct, true);
    await ia.until(
      () => (writes.client.length >= 2 && writes.server.length >= 1) || undefined,
      3000,
      "writes",
    );
    // The mover: the reply alone, then the step's patch (the segment it sent, in flight).
    const [replyWrite, stepWrite] = writes.client.map(frameKinds);
    assert.deepEqual(replyWrite, [Protocol.ROOM_RESPONSE]);
    assert.ok(stepWrite?.includes(Protocol.ROOM_STATE_PATCH), `the step's write: ${stepWrite}`);
    assert.ok(!stepWrite?.includes(Protocol.ROOM_RESPONSE));
    // The other seat: the notice that the client moved and the patch, together.
    const [otherWrite] = writes.server.map(frameKinds);
    assert.ok(otherWrite?.includes(Protocol.ROOM_DATA), `the other seat's write: ${otherWrite}`);
    assert.ok(otherWrite?.includes(Protocol.ROOM_STATE_PATCH), `the other seat's write: ${otherWrite}`);
    await a.leave();
    await b.leave();
  });

  test("a client of another protocol version is told to reload; the match goes on", async () => {
    const refusedForProtocol = (e: { code?: number; message?: string }) =>
      e.code === PROTOCOL_MISMATCH_CODE &&
      String(e.message).includes(
        `this server speaks protocol ${PROTOCOL_VERSION}, the client ${PROTOCOL_VERSION + 1}; reload the page`,
      );
    await assert.rejects(
      server.colyseus.sdk.create("match", { missionId: MISSION, protocol: PROTOCOL_VERSION + 1 }),
      refusedForProtocol,
    );
    // A friend match waiting for its second player: a stale page knocks first, then the right one.
    const a = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      opponent: "friend",
      protocol: PROTOCOL_VERSION,
    });
    const ia = new Inbox(a);
    await ia.until(() => ia.seat, 3000, "seat");
    await assert.rejects(
      server.colyseus.sdk.joinById(a.roomId, { protocol: PROTOCOL_VERSION + 1 }),
      refusedForProtocol,
    );
    const b = await server.colyseus.sdk.joinById(a.roomId, { protocol: PROTOCOL_VERSION });
    const ib = new Inbox(b);
    assert.equal((await ib.until(() => ib.seat, 3000, "seat")).role, "server");
    assert.equal(serverRoom(server.colyseus, a.roomId).state.phase, "playing");
    await a.leave();
    await b.leave();
  });

  test("a friend match can start with the bot; the friend may still come and take the seat", async () => {
    const a = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      opponent: "friend",
      role: "client",
      difficulty: "full",
      timeScale: 20,
      seed: 5,
    });
    const ia = new Inbox(a);
    await ia.until(() => ia.seat, 3000, "the creator's seat");
    assert.equal(a.state.phase, "lobby");
    assert.equal((await rejection(a.request("start-with-bot", { now: true }))).error, "invalid_start");
    assert.equal(a.state.phase, "lobby", "a refused request starts nothing");
    assert.deepEqual(await a.request("start-with-bot", {}), { started: true });
    await ia.until(() => (a.state.phase === "playing" ? true : undefined), 3000, "the start");
    assert.equal(a.state.serverSeat.kind, "bot");
    assert.equal(a.state.serverSeat.owned, false);
    assert.equal((await rejection(a.request("start-with-bot", {}))).error, "not_lobby");
    const first = (await ia.next(0)) as Decision;
    assert.equal((await a.request("move", rightPayload(server.colyseus, a.roomId, first))).correct, true);
    // The friend comes late, with the code: the bot hands the seat over.
    const b = await server.colyseus.sdk.joinById(a.roomId, {});
    const ib = new Inbox(b);
    const seat = await ib.until(() => ib.seat, 3000, "the friend's seat");
    assert.equal(seat.role, "server");
    await ia.until(() => (a.state.serverSeat.kind === "human" ? true : undefined), 3000, "the friend plays");
    assert.equal(a.state.serverSeat.owned, true);
    // Now the match is full: with two clients Colyseus locks the room before asking it.
    await assert.rejects(server.colyseus.sdk.joinById(a.roomId, {}), /locked/);
    await a.leave();
    await b.leave();
  });

  test("a wrong join code is a clear 404", async () => {
    const { status, body } = await getJson(`${server.url}/api/rooms/by-code/ZZZZZ9`);
    assert.equal(status, 404);
    assert.equal(body.error, "unknown_code");
    const bad = await getJson(`${server.url}/api/rooms/by-code/no`);
    assert.equal(bad.status, 400);
  });
});

describe("several rooms at once", () => {
  test("moves read in one poll are all answered before any of their steps runs", async () => {
    // Two solo matches, each waiting for its human's first move.
    const one = await solo({});
    const two = await solo({});
    const order: { who: string; kinds: number[] }[] = [];
    for (const [who, m] of [
      ["one", one],
      ["two", two],
    ] as const)
      spyWrites(serverRoom(server.colyseus, m.room.roomId), m.room.sessionId, (bytes) =>
        order.push({ who, kinds: frameKinds(bytes) }),
      );
    const moves = [one, two].map((m) =>
      m.room.request("move", rightPayload(server.colyseus, m.room.roomId, m.first)),
    );
    // Both requests are on the server's sockets before its next poll (tests share its process).
    const until = performance.now() + 30;
    while (performance.now() < until) {}
    for (const r of await Promise.all(moves)) assert.equal(r.correct, true);
    await one.inbox.until(
      () => order.filter((w) => w.kinds.includes(Protocol.ROOM_STATE_PATCH)).length >= 2 || undefined,
      3000,
      "both steps' patches",
    );
    // In the order the server wrote them: both replies, then the steps' patches.
    const replies = order.flatMap((w, at) => (w.kinds.includes(Protocol.ROOM_RESPONSE) ? [at] : []));
    const firstPatch = order.findIndex((w) => w.kinds.includes(Protocol.ROOM_STATE_PATCH));
    const seen = JSON.stringify(order);
    assert.equal(replies.length, 2, seen);
    assert.notEqual(order[replies[0] as number]?.who, order[replies[1] as number]?.who, seen);
    assert.ok(Math.max(...replies) < firstPatch, `both replies before either step's patch: ${seen}`);
    await one.room.leave();
    await two.room.leave();
  });
});

describe("reconnection", () => {
  test("a drop and rejoin keeps seat and score", async () => {
    const { room, inbox, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    await room.request("move", { segments: [] }); // wrong: -3
    await room.request("move", rightPayload(server.colyseus, room.roomId, first)); // +5
    const token = room.reconnectionToken;
    const roomId = room.roomId;
    await inbox.until(() => room.state.clientSeat.score === 2 || undefined, 3000, "score");
    room.connection.close(4010, "network blip");
    const seatOnServer = serverRoom(server.colyseus, roomId).state.clientSeat;
    await inbox.until(() => seatOnServer?.connected === false || undefined, 3000, "the drop");
    const back = await server.colyseus.sdk.reconnect(token);
    const inbox2 = new Inbox(back);
    await inbox2.until(() => back.state?.clientSeat?.connected || undefined, 3000, "reconnected");
    assert.equal(back.state?.clientSeat?.score, 2);
    assert.equal(back.state?.clientSeat?.kind, "human");
    const d = (await inbox2.next(first.id)) as Decision;
    await inbox2.until(() => back.state.pending?.get("client")?.id || undefined, 3000, "the view comes back");
    assert.equal(back.state.pending?.get("client")?.id, d.id);
    const reply = await back.request("move", rightPayload(server.colyseus, roomId, d));
    assert.equal(reply.correct, true);
    await back.leave();
  });

  test("after leaving, the bot keeps the seat warm and the seat token reclaims it", async () => {
    const { room, inbox, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    const seat = await inbox.until(() => inbox.seat, 3000, "seat");
    await room.request("move", rightPayload(server.colyseus, room.roomId, first)); // +10
    await room.leave();
    const srv = serverRoom(server.colyseus, seat.roomId);
    assert.equal(srv.state.clientSeat.kind, "bot");
    const back = await server.colyseus.sdk.joinById(seat.roomId, { seatToken: seat.seatToken });
    const inbox2 = new Inbox(back);
    const again = await inbox2.until(() => inbox2.seat, 3000, "seat");
    assert.equal(again.role, "client");
    await inbox2.until(() => back.state?.clientSeat?.kind === "human" || undefined, 3000, "reclaimed");
    assert.equal(back.state?.clientSeat?.score, 10);
    await assert.rejects(
      server.colyseus.sdk.joinById(seat.roomId, {}),
      (e: { code?: number; message?: string }) =>
        e.code === MATCH_CLOSED_CODE && /bot/.test(String(e.message)),
    );
    // The seat is played: its token cannot take it a second time; a made-up token names no seat.
    await assert.rejects(
      server.colyseus.sdk.joinById(seat.roomId, { seatToken: seat.seatToken }),
      (e: { code?: number }) => e.code === SEAT_IN_USE_CODE,
    );
    await assert.rejects(
      server.colyseus.sdk.joinById(seat.roomId, { seatToken: "not-a-seat-token" }),
      (e: { code?: number }) => e.code === UNKNOWN_SEAT_CODE,
    );
    await back.leave();
  });

  test("a copy of the tab takes the seat over; the original is closed and told why", async () => {
    const { room, first } = await solo({ role: "client", mode: "coach", difficulty: "full" });
    await room.request("move", rightPayload(server.colyseus, room.roomId, first)); // +10
    const left = new Promise<number>((resolve, reject) => {
      room.onLeave((code: number) => resolve(code));
      setTimeout(() => reject(new Error("the original was never closed")), 3000).unref();
    });
    // The copy reconnects with the original's token while the original is still connected.
    const copy = await server.colyseus.sdk.reconnect(room.reconnectionToken);
    assert.equal(await left, SEAT_TAKEN_OVER_CODE, "the original is closed with the takeover code");
    const inbox2 = new Inbox(copy);
    await inbox2.until(() => copy.state?.clientSeat?.connected || undefined, 3000, "the copy plays");
    assert.equal(copy.state.clientSeat.score, 10);
    assert.equal(copy.state.clientSeat.kind, "human");
    const d = (await inbox2.next(first.id)) as Decision;
    const reply = await copy.request("move", rightPayload(server.colyseus, copy.roomId, d));
    assert.equal(reply.correct, true);
    await copy.leave();
  });
});

describe("http", () => {
  test("GET /healthz says the process answers and how full it is", async () => {
    const { status, body } = await getJson(`${server.url}/healthz`);
    assert.equal(status, 200);
    assert.equal(body.ok, true);
    assert.equal(body.full, false);
    assert.equal(body.maxMatches, 5000, "the default cap");
    assert.equal(body.refusedMatches, 0);
    for (const k of ["matches", "players"])
      assert.ok(Number.isInteger(body[k]) && body[k] >= 0, `${k}: ${body[k]}`);
  });

  test("GET /api/missions offers the catalog's missions, not the sandbox", async () => {
    const { status, body } = await getJson(`${server.url}/api/missions`);
    assert.equal(status, 200);
    assert.deepEqual(body, { missions: MISSIONS.map((m) => m.id) });
    assert.ok(findMission("sandbox.lifecycle"), "the sandbox is still created by id");
  });

  test("guessing join codes in a loop is refused with 429 and a Retry-After; other addresses and the match log go on", async () => {
    // From 127.0.0.3 (loopback too): the other tests' address, 127.0.0.1, keeps its full bucket.
    const guess = (code: string) => getFrom("127.0.0.3", `${server.url}/api/rooms/by-code/${code}`);
    const statuses: number[] = [];
    for (let i = 0; i < CODE_LOOKUPS.burst; i++) statuses.push((await guess(`ZZZZZ${i % 10}`)).status);
    assert.deepEqual(new Set(statuses), new Set([404]), "a class's worth of lookups at once is answered");
    const refused = await guess("ZZZZZ9");
    assert.equal(refused.status, 429);
    assert.ok(Number(refused.retryAfter) >= 1, `Retry-After: ${refused.retryAfter}`);
    assert.equal(refused.body.error, "rate_limited");
    assert.match(refused.body.message, /join code lookups.*try again in \d+ s/);
    assert.equal(refused.body.retryAfter, Number(refused.retryAfter));
    // Another address is not held up; the log has a bucket of its own; the server answers.
    assert.equal((await getJson(`${server.url}/api/rooms/by-code/ZZZZZ9`)).status, 404);
    assert.equal((await getFrom("127.0.0.3", `${server.url}/api/matches/nope/log`)).status, 404);
    assert.equal((await getJson(`${server.url}/healthz`)).status, 200);
  });

  test("creating matches in a loop is refused with 429 and a Retry-After; joins and other addresses go on", async () => {
    // From 127.0.0.4: no other test's requests share its bucket. Invalid options make no room,
    // but the limit counts the create before Colyseus reads them.
    const create = () => postFrom("127.0.0.4", `${server.url}/matchmake/create/match`, { missionId: "" });
    const statuses: number[] = [];
    for (let i = 0; i < matchmakeLimitFrom(undefined).burst; i++) statuses.push((await create()).status);
    assert.deepEqual(
      new Set(statuses),
      new Set([INVALID_OPTIONS_CODE]),
      "a class's worth at once is answered",
    );
    const refused = await create();
    assert.equal(refused.status, RATE_LIMITED_CODE);
    assert.ok(Number(refused.retryAfter) >= 1, `Retry-After: ${refused.retryAfter}`);
    assert.equal(refused.body.code, RATE_LIMITED_CODE);
    assert.match(refused.body.error, /too many matches created.*try again in \d+ s/);
    // A join makes no room: not limited. Another address (127.0.0.1) creates as before.
    const join = await postFrom("127.0.0.4", `${server.url}/matchmake/joinById/match`, { roomId: "nope" });
    assert.notEqual(join.status, RATE_LIMITED_CODE);
    const room = await server.colyseus.sdk.create("match", { missionId: MISSION, timeScale: 20 });
    await room.leave();
  });

  test("GET / says the client is not built (or serves it)", async () => {
    const r = await fetch(`${server.url}/`);
    assert.equal(r.status, 200);
    assert.match(await r.text(), /TCP Tango|<html|<!doctype/i);
  });
});

/**
 * The bytes of each write on the server's socket to `sessionId`'s client, from now on (one entry
 * per write or writev call: what the client receives in one piece); each also to `onWrite`.
 */
function spyWrites(
  room: ReturnType<typeof serverRoom>,
  sessionId: string,
  onWrite?: (bytes: Buffer) => void,
): Buffer[] {
  const client = room.clients.find((c) => c.sessionId === sessionId);
  type Spied = {
    _write(chunk: Buffer, enc: string, cb: () => void): void;
    _writev(chunks: { chunk: Buffer }[], cb: () => void): void;
  };
  const socket = (client?.ref as { _socket?: Spied } | undefined)?._socket;
  if (!socket) throw new Error(`no socket for ${sessionId}`);
  const writes: Buffer[] = [];
  const write = socket._write.bind(socket);
  const writev = socket._writev.bind(socket);
  socket._write = (chunk, enc, cb) => {
    const bytes = Buffer.from(chunk);
    writes.push(bytes);
    onWrite?.(bytes);
    write(chunk, enc, cb);
  };
  socket._writev = (chunks, cb) => {
    const bytes = Buffer.concat(chunks.map((c) => c.chunk));
    writes.push(bytes);
    onWrite?.(bytes);
    writev(chunks, cb);
  };
  return writes;
}

/** The Colyseus protocol code of each WebSocket frame in `bytes` (server frames: unmasked). */
function frameKinds(bytes: Buffer): number[] {
  const kinds: number[] = [];
  for (let at = 0; at < bytes.length; ) {
    let len = (bytes[at + 1] as number) & 0x7f;
    let header = 2;
    if (len === 126) {
      len = bytes.readUInt16BE(at + 2);
      header = 4;
    } else if (len === 127) {
      len = Number(bytes.readBigUInt64BE(at + 2));
      header = 10;
    }
    kinds.push(bytes[at + header] as number);
    at += header + len;
  }
  return kinds;
}
