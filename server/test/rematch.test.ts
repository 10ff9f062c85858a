// A rematch in the same room: against the bot at once, between friends once both have asked;
// each match keeps its own record and log; with roles swapped, each player plays the other side.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Room as SdkRoom } from "@colyseus/sdk";
import { World, type WorldInput, type WorldOptions } from "@tcp-tango/shared/sim/world.ts";
import {
  getJson,
  Inbox,
  playRight,
  rejection,
  rightPayload,
  serverForTheseTests,
  serverRoom,
} from "./helpers.ts";

const server = serverForTheseTests();

const MISSION = "sandbox.lifecycle";

/** Forget the last match's decisions and result: the next match numbers its decisions from 1. */
function nextMatch(inbox: Inbox): void {
  inbox.decisions = [];
  inbox.finished = undefined;
}

async function replayOf(logUrl: string): Promise<{ log: unknown[]; seed: unknown; replayed: string }> {
  const { status, body } = await getJson(`${server.url}${logUrl}`);
  assert.equal(status, 200, logUrl);
  const replayed = World.replay(body.worldOptions as WorldOptions, body.inputs as WorldInput[]).logJson();
  return { log: body.log, seed: body.seed, replayed };
}

/** A friend match (of MISSION unless `options` say): a (the client) created it, b (the server) joined. */
/** A match against the bot, as the client, played right to its successful end. */
async function soloPlayedOnce(missionId: string, seed: number) {
  const room = await server.colyseus.sdk.create("match", {
    missionId,
    role: "client",
    difficulty: "full",
    timeScale: 50,
    seed,
  });
  const inbox = new Inbox(room);
  const first = await playRight(server.colyseus, room, inbox);
  assert.equal(first.result, "success");
  return { room, inbox, first, sr: serverRoom(server.colyseus, room.roomId) };
}

async function friendMatch(options: object = {}): Promise<{ a: SdkRoom; ia: Inbox; b: SdkRoom; ib: Inbox }> {
  const a = await server.colyseus.sdk.create("match", {
    missionId: MISSION,
    role: "client",
    opponent: "friend",
    difficulty: "full",
    timeScale: 50,
    ...options,
  });
  const ia = new Inbox(a);
  await ia.until(() => ia.seat, 3000, "seat");
  const b = await server.colyseus.sdk.joinById(a.roomId, {});
  const ib = new Inbox(b);
  await ib.until(() => ib.seat, 3000, "seat");
  return { a, ia, b, ib };
}

describe("rematch against the bot", () => {
  test("starts at once: scores back to 0, a fresh ladder, and each match its own log", async () => {
    const { room, inbox, first, sr } = await soloPlayedOnce(MISSION, 7);
    assert.ok((sr.state.clientSeat.score ?? 0) > 0, "the first match scored");

    nextMatch(inbox);
    const reply = await room.request("rematch", {});
    assert.deepEqual(reply, { started: true, waitingFor: null });
    assert.equal(sr.state.matchNo, 2);
    assert.equal(sr.state.phase, "playing");
    assert.equal(sr.state.clientSeat.score, 0);
    assert.ok(sr.state.ladderEnd < 10, "the ladder starts again");
    const second = await playRight(server.colyseus, room, inbox);
    assert.equal(second.result, "success");
    assert.notEqual(second.logUrl, first.logUrl);
    assert.match(second.logUrl, new RegExp(`/api/matches/${room.roomId}-2/log$`));

    const one = await replayOf(first.logUrl);
    const two = await replayOf(second.logUrl);
    assert.equal(one.seed, 7);
    assert.equal(two.seed, 8, "a seeded room's rematch has the next seed");
    assert.equal(one.replayed, JSON.stringify(one.log));
    assert.equal(two.replayed, JSON.stringify(two.log));
    assert.notEqual(one.replayed, two.replayed);
    await room.leave();
  });

  test("is refused while the match is on, and a malformed request is answered", async () => {
    const room = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      role: "client",
      timeScale: 50,
    });
    const inbox = new Inbox(room);
    await inbox.next(0);
    const early = await rejection(room.request("rematch", {}));
    assert.equal(early.error, "not_finished");
    const bad = await rejection(room.request("rematch", { mission: "other" }));
    assert.equal(bad.error, "invalid_rematch");
    assert.equal(serverRoom(server.colyseus, room.roomId).state.phase, "playing", "the room goes on");
    await room.leave();
  });
});

describe("rematch between friends", () => {
  test("starts when both have asked; the first to ask is told whom it waits for", async () => {
    const { a, ia, b, ib } = await friendMatch();
    await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    nextMatch(ia);
    nextMatch(ib);
    let asked: unknown;
    b.onMessage("rematch-asked", (m: unknown) => {
      asked = m;
    });
    const first = await a.request("rematch", {});
    assert.deepEqual(first, { started: false, waitingFor: "server" });
    const sr = serverRoom(server.colyseus, a.roomId);
    assert.equal(sr.state.phase, "finished", "not before the other seat asks");
    assert.equal(sr.state.clientSeat.rematch, true);
    await ib.until(() => asked, 3000, "the other seat to hear of it");
    await ib.until(() => b.state.clientSeat.rematch || undefined, 3000, "the request in b's state");
    assert.deepEqual(asked, { role: "client", missionId: MISSION, swapRoles: false });
    const second = await b.request("rematch", {});
    assert.deepEqual(second, { started: true, waitingFor: null });
    assert.equal(sr.state.matchNo, 2);
    const [fa, fb] = await Promise.all([
      playRight(server.colyseus, a, ia),
      playRight(server.colyseus, b, ib),
    ]);
    assert.equal(fa.result, "success");
    assert.equal(fb.result, "success");
    await Promise.all([a.leave(), b.leave()]);
  });

  test("may go on to another mission: it starts once both ask for that one, and plays it", async () => {
    const { a, ia, b, ib } = await friendMatch();
    await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    nextMatch(ia);
    nextMatch(ib);
    const sr = serverRoom(server.colyseus, a.roomId);
    const unknown = await rejection(a.request("rematch", { missionId: "no-such-mission" }));
    assert.equal(unknown.error, "unknown_mission");
    // b asks for the same mission, then a for the next one: a's is the proposal now, b's lapses.
    assert.deepEqual(await b.request("rematch", {}), { started: false, waitingFor: "client" });
    assert.deepEqual(await a.request("rematch", { missionId: "handshake-client" }), {
      started: false,
      waitingFor: "server",
    });
    assert.equal(sr.state.rematchMissionId, "handshake-client");
    assert.equal(sr.state.serverSeat.rematch, false, "b's answer was for another mission");
    assert.equal(sr.state.phase, "finished");
    let started: unknown;
    a.onMessage("started", (m: unknown) => {
      started = m;
    });
    assert.deepEqual(await b.request("rematch", { missionId: "handshake-client" }), {
      started: true,
      waitingFor: null,
    });
    assert.equal(sr.state.missionId, "handshake-client");
    assert.equal(sr.state.rematchMissionId, "");
    await ia.until(() => started, 3000, "the started message");
    assert.deepEqual(started, { missionId: "handshake-client", matchNo: 2, swapped: false });
    const [fa] = await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    assert.equal(fa.result, "success");
    const { body } = await getJson(`${server.url}${fa.logUrl}`);
    assert.equal(body.missionId, "handshake-client");
    const states = (body.log as { type: string; side: string; to?: string }[])
      .filter((e) => e.type === "state" && e.side === "a")
      .map((e) => e.to);
    assert.deepEqual(states, ["SYN_SENT", "ESTABLISHED"], "the handshake mission, not the first one");
    await Promise.all([a.leave(), b.leave()]);
  });

  test("a partner who has left does not hold it up: the bot takes that seat", async () => {
    const { a, ia, b, ib } = await friendMatch();
    await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    await b.leave();
    const sr = serverRoom(server.colyseus, a.roomId);
    await ia.until(() => (sr.state.serverSeat.connected ? undefined : true), 3000, "b gone");
    nextMatch(ia);
    assert.deepEqual(await a.request("rematch", {}), { started: true, waitingFor: null });
    assert.equal(sr.state.serverSeat.kind, "bot");
    const f = await playRight(server.colyseus, a, ia);
    assert.equal(f.result, "success");
    await a.leave();
  });

  test("with roles swapped: each player gets the other seat, its token and its hidden decision, and plays it", async () => {
    const { a, ia, b, ib } = await friendMatch();
    await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    const sr = serverRoom(server.colyseus, a.roomId);
    const tokens = { a: ia.seat?.seatToken, b: ib.seat?.seatToken };
    nextMatch(ia);
    nextMatch(ib);
    let asked: unknown;
    b.onMessage("rematch-asked", (m: { role: string }) => {
      if (m.role === "client") asked = m;
    });
    // b asks to play again as it was, then a with roles swapped: a's is the proposal, b's lapses.
    assert.deepEqual(await b.request("rematch", {}), { started: false, waitingFor: "client" });
    assert.deepEqual(await a.request("rematch", { swapRoles: true }), {
      started: false,
      waitingFor: "server",
    });
    assert.equal(sr.state.rematchSwap, true);
    assert.equal(sr.state.serverSeat.rematch, false, "b's answer was for the same roles");
    await ib.until(() => asked, 3000, "b to hear of it");
    assert.deepEqual(asked, { role: "client", missionId: MISSION, swapRoles: true });
    const bad = await rejection(b.request("rematch", { swapRoles: "yes" }));
    assert.equal(bad.error, "invalid_rematch");
    assert.match(bad.message, /swapRoles/);
    assert.deepEqual(await b.request("rematch", { swapRoles: true }), { started: true, waitingFor: null });
    assert.equal(sr.state.rematchSwap, false, "asked for and done");

    await ia.until(() => (ia.seat?.role === "server" ? true : undefined), 3000, "a's new seat");
    await ib.until(() => (ib.seat?.role === "client" ? true : undefined), 3000, "b's new seat");
    // A token is the player's: it goes with them to the other seat.
    assert.equal(ia.seat?.seatToken, tokens.a);
    assert.equal(ib.seat?.seatToken, tokens.b);
    for (const seat of [sr.state.clientSeat, sr.state.serverSeat]) {
      assert.equal(seat.kind, "human");
      assert.equal(seat.owned && seat.connected, true);
    }
    // The client (b now) decides first; only b's view holds that decision.
    const first = (await ib.next(0)) as { role: string };
    assert.equal(first.role, "client");
    await ib.until(() => (b.state.pending.get("client")?.id ? true : undefined), 3000, "b's hidden decision");
    assert.deepEqual([...a.state.pending.keys()], ["server"], "a sees its own seat's decision record only");
    assert.deepEqual([...b.state.pending.keys()], ["client"]);

    const [fa, fb] = await Promise.all([
      playRight(server.colyseus, a, ia),
      playRight(server.colyseus, b, ib),
    ]);
    assert.equal(fa.result, "success");
    assert.ok((sr.state.serverSeat.moves ?? 0) > 0 && (sr.state.clientSeat.moves ?? 0) > 0, "both played");
    assert.ok(ia.decisions.every((d) => d.role === "server"));
    assert.ok(ib.decisions.every((d) => d.role === "client"));
    const two = await replayOf(fb.logUrl);
    assert.equal(two.replayed, JSON.stringify(two.log));

    // After a reload, a's token reclaims the seat a plays now.
    await a.leave();
    await ib.until(() => (sr.state.serverSeat.connected ? undefined : true), 3000, "a gone");
    const back = await server.colyseus.sdk.joinById(a.roomId, { seatToken: tokens.a });
    const iback = new Inbox(back);
    await iback.until(() => iback.seat, 3000, "the seat back");
    assert.equal(iback.seat?.role, "server");
    await Promise.all([back.leave(), b.leave()]);
  });
});

describe("a rematch while a player's connection is down", () => {
  test("starts without them; back, they get their seat from the bot, told their new role, and play it", async () => {
    const { a, ia, b, ib } = await friendMatch();
    await Promise.all([playRight(server.colyseus, a, ia), playRight(server.colyseus, b, ib)]);
    const sr = serverRoom(server.colyseus, a.roomId);
    const token = b.reconnectionToken;
    b.connection.close(4010, "network blip");
    await ia.until(() => (sr.state.serverSeat.connected ? undefined : true), 3000, "b's drop");
    nextMatch(ia);
    assert.deepEqual(await a.request("rematch", { swapRoles: true }), { started: true, waitingFor: null });
    assert.equal(sr.state.clientSeat.kind, "bot", "the bot plays b's new seat meanwhile");

    const back = await server.colyseus.sdk.reconnect(token);
    const iback = new Inbox(back);
    await iback.until(() => iback.seat, 3000, "the seat message after the reconnection");
    assert.equal(iback.seat?.role, "client");
    assert.equal(back.state.matchNo, 2, "the state it came back to is the rematch's");
    assert.equal(sr.state.clientSeat.kind, "human", "b's seat is b's again");
    assert.equal(sr.state.clientSeat.connected, true);
    const [fa, fb] = await Promise.all([
      playRight(server.colyseus, a, ia),
      playRight(server.colyseus, back, iback),
    ]);
    assert.equal(fa.result, "success");
    assert.equal(fb.result, "success");
    assert.ok(iback.decisions.length > 0 && iback.decisions.every((d) => d.role === "client"), "b played");
    await Promise.all([a.leave(), back.leave()]);
  });
});

describe("a match that ends while a player's connection is down", () => {
  test("tells them how it ended when they come back", async () => {
    // b answers the SYN and is gone; the bot answers b's next decision when its time is up.
    const { a, ia, b, ib } = await friendMatch({ missionId: "handshake-client", decisionDeadlineSec: 5 });
    const aPlays = playRight(server.colyseus, a, ia);
    const only = (await ib.next(0)) as { id: number; role: string };
    assert.equal(only.role, "server");
    await b.request("move", rightPayload(server.colyseus, b.roomId, only as never));
    const sr = serverRoom(server.colyseus, a.roomId);
    const token = b.reconnectionToken;
    b.connection.close(4010, "network blip");
    await ia.until(() => (sr.state.serverSeat.connected ? undefined : true), 3000, "b's drop");
    const end = await aPlays;
    assert.equal(end.result, "success");
    assert.equal(ib.finished, undefined, "b was away when it ended");

    const back = await server.colyseus.sdk.reconnect(token);
    const iback = new Inbox(back);
    const told = await iback.until(() => iback.finished, 3000, "the end, told again");
    assert.deepEqual(told, end);
    await Promise.all([a.leave(), back.leave()]);
  });
});

describe("rematch against the bot with roles swapped", () => {
  test("the player takes the other side at once, and the bot the player's", async () => {
    const { room, inbox, sr } = await soloPlayedOnce("handshake-client", 5);
    nextMatch(inbox);
    assert.deepEqual(await room.request("rematch", { swapRoles: true }), { started: true, waitingFor: null });
    await inbox.until(() => (inbox.seat?.role === "server" ? true : undefined), 3000, "the new seat");
    assert.equal(sr.state.clientSeat.kind, "bot");
    assert.equal(sr.state.serverSeat.kind, "human");
    const second = await playRight(server.colyseus, room, inbox);
    assert.equal(second.result, "success");
    assert.ok(inbox.decisions.length > 0 && inbox.decisions.every((d) => d.role === "server"));
    await room.leave();
  });
});
