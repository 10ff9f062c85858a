// Application calls ("call" request): free play driven by the player's calls against the bot,
// malformed calls, and a call while the seat's own decision is pending.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Room as SdkRoom } from "@colyseus/sdk";
import type { ColyseusTestServer } from "@colyseus/testing";
import type { MissionRun } from "@tcp-tango/shared/missions/run.ts";
import { type Decision, Inbox, rejection, rightPayload, serverRoom, startServer } from "./helpers.ts";

let colyseus: ColyseusTestServer;

before(async () => {
  ({ colyseus } = await startServer());
});
after(async () => {
  await colyseus.shutdown();
});

const MISSION = "free-play";

async function solo(opts: object): Promise<{ room: SdkRoom; inbox: Inbox; engine: () => MissionRun }> {
  const room = await colyseus.sdk.create("match", { missionId: MISSION, timeScale: 20, seed: 4, ...opts });
  const inbox = new Inbox(room);
  await inbox.until(() => room.state.phase === "playing" || undefined, 5000, "the match to start");
  const engine = () => serverRoom(colyseus, room.roomId).engine as unknown as MissionRun;
  return { room, inbox, engine };
}

/** Answers this seat's decisions right until `done` holds (checked when none is waiting). */
async function playUntil(
  room: SdkRoom,
  inbox: Inbox,
  last: number,
  done: () => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<number> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const d = inbox.decisions.find((x) => x.id > last);
    if (d) {
      last = d.id;
      const reply = await room.request("move", rightPayload(colyseus, room.roomId, d));
      assert.equal(reply.correct, true, JSON.stringify(reply));
      continue;
    }
    if (done()) return last;
    if (inbox.finished) throw new Error(`the match finished before ${what}`);
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Make a call as soon as the seat owes no decision. A segment can arrive between our look at the
 * inbox and the request reaching the room, so `not_now` means: answer first, then call again.
 */
async function callWhenFree(
  room: SdkRoom,
  inbox: Inbox,
  last: number,
  payload: object,
): Promise<{ reply: { ok: boolean; result: number | null; error: string | null }; last: number }> {
  for (let tries = 0; tries < 50; tries++) {
    last = await playUntil(room, inbox, last, () => true, "no decision pending");
    try {
      return { reply: await room.request("call", payload), last };
    } catch (e) {
      if ((e as { reason?: { error?: string } }).reason?.error !== "not_now") throw e;
      await inbox.until(() => inbox.decisions.find((x) => x.id > last) ?? undefined, 3000, "the decision");
    }
  }
  throw new Error("the seat never became free to call");
}

describe("application calls", () => {
  test("free play as the client: connect, send, close by calls; the bot server follows; success", async () => {
    const { room, inbox, engine } = await solo({ role: "client", difficulty: "pick" });
    await inbox.until(() => engine().stateOf("server") === "LISTEN" || undefined, 3000, "the bot to listen");
    assert.equal(inbox.decisions.length, 0, "nothing happens until the player calls");
    // No nickname given: none is made up (each client words "player" in its own language).
    assert.equal(room.state.clientSeat.nickname, "");

    const c = await room.request("call", { op: "connect" });
    assert.equal(c.ok, true);
    assert.equal(typeof c.result, "number", "connect returns the fd");
    assert.equal(c.error, null);
    const first = (await inbox.next(0)) as Decision;
    assert.equal(first.triggerKind, "call", "connect asks which segment to send");
    assert.equal(first.stateBefore, "CLOSED");
    let last = await playUntil(
      room,
      inbox,
      0,
      () => engine().stateOf("client") === "ESTABLISHED" && engine().stateOf("server") === "ESTABLISHED",
      "ESTABLISHED",
    );

    const sent = await callWhenFree(room, inbox, last, { op: "send", bytes: 120 });
    last = sent.last;
    assert.deepEqual(sent.reply, { ok: true, result: null, error: null });
    last = await playUntil(
      room,
      inbox,
      last,
      () => engine().callLog.some((e) => e.role === "server" && e.call.op === "read" && e.result === 120),
      "the bot server to read the data",
    );

    const closed = await callWhenFree(room, inbox, last, { op: "close" });
    last = closed.last;
    assert.deepEqual(closed.reply, { ok: true, result: null, error: null });
    await playUntil(room, inbox, last, () => inbox.finished !== undefined, "the end", 15_000).catch((e) => {
      if (!inbox.finished) throw e;
    });
    assert.equal(inbox.finished?.result, "success");
    const ops = engine()
      .callLog.filter((e) => e.by === "player")
      .map((e) => e.call.op);
    assert.deepEqual(ops, ["connect", "send", "close"]);
    const afterEnd = await rejection(room.request("call", { op: "read" }));
    assert.equal(afterEnd.error, "not_playing");
    await room.leave();
  });

  test("a player who leaves free play hands the application to the bot, which finishes it", async () => {
    const { room, inbox, engine } = await solo({ role: "client", difficulty: "pick" });
    await inbox.until(() => engine().stateOf("server") === "LISTEN" || undefined, 3000, "the bot to listen");
    await room.request("call", { op: "connect" });
    await playUntil(
      room,
      inbox,
      0,
      () => engine().stateOf("client") === "ESTABLISHED" && engine().stateOf("server") === "ESTABLISHED",
      "ESTABLISHED",
    );
    const run = engine();
    const sr = serverRoom(colyseus, room.roomId);
    await room.leave();
    const end = Date.now() + 15_000;
    while (sr.state.phase !== "finished" && Date.now() < end) await new Promise((r) => setTimeout(r, 50));
    assert.equal(sr.state.result, "success", `the match ends: ${sr.state.phase} ${sr.state.failedBecause}`);
    const client = run.callLog.filter((e) => e.role === "client").map((e) => `${e.by}:${e.call.op}`);
    assert.equal(client[0], "player:connect");
    assert.ok(!client.includes("bot:connect"), `the bot carries on: ${client.join(" ")}`);
    assert.ok(client.includes("bot:close"), `the bot closes: ${client.join(" ")}`);
  });

  test("a malformed call is refused naming the field; the room goes on; errors come back", async () => {
    const { room, engine } = await solo({ role: "server" });
    const cases: [object, string][] = [
      [{ op: "fly" }, "op"],
      [{}, "op"],
      [{ op: "send", bytes: 0 }, "bytes"],
      [{ op: "send", bytes: 1001 }, "bytes"],
      [{ op: "listen", port: 70000 }, "port"],
      [{ op: "bind", port: 80, reuseAddr: "yes" }, "reuseAddr"],
      [{ op: "read", extra: 1 }, "(payload)"],
    ];
    for (const [payload, field] of cases) {
      const r = await rejection(room.request("call", payload));
      assert.equal(r.error, "invalid_call", JSON.stringify(payload));
      assert.ok(
        r.issues?.some((i) => i.field === field),
        `${JSON.stringify(payload)} names ${field}: ${JSON.stringify(r.issues)}`,
      );
      assert.match(r.message, field === "(payload)" ? /extra|unrecognized/i : new RegExp(field));
    }
    const ping = await room.request("ping", {});
    assert.equal(ping.ok, true, "the room is alive");
    const l = await room.request("call", { op: "listen" });
    assert.equal(l.error, null);
    assert.equal(typeof l.result, "number");
    const b = await room.request("call", { op: "bind", port: 80, reuseAddr: false });
    assert.equal(b.error, "EADDRINUSE", "the listener holds port 80");
    assert.deepEqual(engine().bindResults, ["EADDRINUSE"]);
    await room.leave();
  });

  test("a call while the seat's own decision is pending is refused with not_now", async () => {
    const { room, inbox } = await solo({ role: "client", difficulty: "full" });
    await room.request("call", { op: "connect", port: 80 });
    const d = (await inbox.next(0)) as Decision;
    const r = await rejection(room.request("call", { op: "send", bytes: 10 }));
    assert.equal(r.error, "not_now");
    assert.match(r.message, /decision/);
    const reply = await room.request("move", rightPayload(colyseus, room.roomId, d));
    assert.equal(reply.correct, true, "the decision is still there to answer");
    await room.leave();
  });
});
