// A rematch in the same room: against the bot at once, between friends once both have asked;
// each match keeps its own record and log.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import type { Room as SdkRoom } from "@colyseus/sdk";
import { World, type WorldInput, type WorldOptions } from "@tcp-tango/shared/sim/world.ts";
import { getJson, Inbox, playRight, rejection, serverForTheseTests, serverRoom } from "./helpers.ts";

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

describe("rematch against the bot", () => {
  test("starts at once: scores back to 0, a fresh ladder, and each match its own log", async () => {
    const room = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      role: "client",
      difficulty: "full",
      timeScale: 50,
      seed: 7,
    });
    const inbox = new Inbox(room);
    const first = await playRight(server.colyseus, room, inbox);
    assert.equal(first.result, "success");
    const sr = serverRoom(server.colyseus, room.roomId);
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
  async function friendMatch(): Promise<{ a: SdkRoom; ia: Inbox; b: SdkRoom; ib: Inbox }> {
    const a = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      role: "client",
      opponent: "friend",
      difficulty: "full",
      timeScale: 50,
    });
    const ia = new Inbox(a);
    await ia.until(() => ia.seat, 3000, "seat");
    const b = await server.colyseus.sdk.joinById(a.roomId, {});
    const ib = new Inbox(b);
    await ib.until(() => ib.seat, 3000, "seat");
    return { a, ia, b, ib };
  }

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
    assert.deepEqual(asked, { role: "client", missionId: MISSION });
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
    assert.deepEqual(started, { missionId: "handshake-client", matchNo: 2 });
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
});
