// Bot answer delay (virtual ms of the room clock) and guess-the-state play.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ColyseusTestServer } from "@colyseus/testing";
import {
  decodeLadderLine,
  LADDER_WINDOW,
  LadderBook,
  ladderWindow,
  parseStateText,
} from "@tcp-tango/shared/protocol/ladder.ts";
import { decodeHost } from "@tcp-tango/shared/protocol/records.ts";
import { ruleEvent } from "@tcp-tango/shared/tcp/rules.ts";
import { matchRecord } from "../src/store.ts";
import { Inbox, rightPayload, serverRoom, startServer } from "./helpers.ts";

let colyseus: ColyseusTestServer;

before(async () => {
  ({ colyseus } = await startServer());
});
after(async () => {
  await colyseus.shutdown();
});

const MISSION = "sandbox.lifecycle";

/** A match against the bot as the client, full difficulty, seed 7: the room, its inbox, the server's room. */
async function soloMatch(options: object) {
  const room = await colyseus.sdk.create("match", {
    missionId: MISSION,
    role: "client",
    difficulty: "full",
    seed: 7,
    ...options,
  });
  return { room, inbox: new Inbox(room), sr: serverRoom(colyseus, room.roomId) };
}

async function botAnswerDelay(botDelayMs: number): Promise<number> {
  const { room, inbox, sr } = await soloMatch({ timeScale: 50, botDelayMs });
  const d = await inbox.next(0);
  assert.ok(!("result" in d));
  await room.request("move", rightPayload(colyseus, room.roomId, d));
  const ans = await inbox.until(() => sr.lastBotAnswer, 10_000, "a bot answer");
  await room.leave();
  return ans.answeredAt - ans.raisedAt;
}

describe("bot delay", () => {
  test("with botDelayMs the bot answers later in virtual time", async () => {
    assert.equal(await botAnswerDelay(0), 0);
    const waited = await botAnswerDelay(2000);
    assert.ok(waited >= 2000, `the bot waited ${waited} virtual ms`);
    assert.ok(waited < 4000, `the bot waited ${waited} virtual ms`);
  });
});

describe("guessState", () => {
  test("the deciding seat's own host shows the state before the event", async () => {
    const { room, inbox, sr } = await soloMatch({ timeScale: 20, guessState: true });
    let last = 0;
    let differed = 0;
    for (;;) {
      const n = await inbox.next(last);
      if ("result" in n) {
        assert.equal(n.result, "success");
        break;
      }
      last = n.id;
      const published = JSON.stringify(
        (decodeHost(sr.state.clientHost)?.rows ?? []).map((r) => [r.local, r.foreign, r.state]),
      );
      const real = JSON.stringify(
        sr.engine.world.netstat(sr.engine.sides.client).map((r) => [r.local, r.foreign, r.state]),
      );
      if (published !== real) differed++;
      const ladderStates = ladderWindow([...sr.state.ladder], sr.state.ladderEnd)
        .lines.map(decodeLadderLine)
        .filter((l) => l?.type === "state" && l.role === "client");
      const lastLine = ladderStates.at(-1);
      const lastState = lastLine && parseStateText(lastLine.text).to;
      if (lastState) assert.equal(lastState, n.stateBefore, "the ladder does not reveal the next state");
      const reply = await room.request("move", rightPayload(colyseus, room.roomId, n));
      assert.equal(reply.correct, true);
    }
    assert.ok(differed > 0, "some decision's real next state was held back");
    await room.leave();
  });
});

describe("idle rooms", () => {
  const ticking = (sr: unknown) => (sr as { ticking: boolean }).ticking;

  test("the timestep stops while a human decides (no deadline) and restarts on a move", async () => {
    const { room, inbox, sr } = await soloMatch({ timeScale: 50 });
    let last = 0;
    let stopped = 0;
    for (;;) {
      const n = await inbox.next(last);
      if ("result" in n) break;
      assert.deepEqual([n.deadline, n.deadlineInMs], [0, 0], "no time limit");
      last = n.id;
      await inbox.until(() => (ticking(sr) ? undefined : true), 2000, "the timestep to stop");
      stopped++;
      assert.equal(sr.state.paused, true);
      const time = sr.state.time;
      await new Promise((r) => setTimeout(r, 120));
      assert.equal(sr.state.time, time, "the world stands still");
      const reply = await room.request("move", rightPayload(colyseus, room.roomId, n));
      assert.equal(reply.correct, true);
    }
    assert.ok(stopped > 0);
    await room.leave();
  });

  test("with a decision deadline the timestep keeps running", async () => {
    const sentAfter = Date.now();
    const { room, inbox, sr } = await soloMatch({ timeScale: 50, decisionDeadlineSec: 5 });
    const d = await inbox.next(0);
    assert.ok(!("result" in d));
    // The message says when the bot answers, and how long is left: at most the 5 s asked for.
    assert.ok(d.deadline >= sentAfter + 4000 && d.deadline <= Date.now() + 5000, `deadline ${d.deadline}`);
    assert.ok(d.deadlineInMs > 4000 && d.deadlineInMs <= 5000, `deadlineInMs ${d.deadlineInMs}`);
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(ticking(sr), true);
    await room.leave();
  });
});

describe("the match log", () => {
  test("the live room forgets the log it has read; the match record still has all of it", async () => {
    const { room, inbox, sr } = await soloMatch({ timeScale: 50 });
    let last = 0;
    for (let moves = 0; moves < 5; moves++) {
      const n = await inbox.next(last);
      assert.ok(!("result" in n), "the match is still on");
      last = n.id;
      await room.request("move", rightPayload(colyseus, room.roomId, n));
    }
    const w = sr.engine.world;
    assert.ok(w.logStart > 0, "read entries are forgotten");
    assert.ok(w.log.length < w.logStart, `${w.log.length} entries kept, ${w.logStart} forgotten`);
    const rec = matchRecord(room.roomId);
    assert.equal(rec?.log.length, w.logEnd, "the record's log is whole");
    assert.deepEqual(rec?.log.slice(w.logStart), w.log, "and the same as the live one");
    await room.leave();
  });
});

describe("the ladder", () => {
  test("the state carries the last lines; the ladder request gives the history, replayed exactly", async () => {
    const { room, inbox, sr } = await soloMatch({ timeScale: 50 });
    const book = new LadderBook();
    let asked = 0;
    room.onStateChange((st: { ladder: ArrayLike<unknown>; ladderEnd: number }) => {
      if (book.takeWindow(Array.from(st.ladder), st.ladderEnd) !== undefined) asked++;
    });
    let last = 0;
    for (;;) {
      const n = await inbox.next(last);
      if ("result" in n) break;
      last = n.id;
      await room.request("move", rightPayload(colyseus, room.roomId, n));
    }
    const end = sr.state.ladderEnd;
    assert.ok(end > LADDER_WINDOW, `${end} lines: more than the ring holds`);
    assert.equal(sr.state.ladder.length, LADDER_WINDOW);
    assert.equal(asked, 0, "a client that saw every patch missed nothing");
    const all = await room.request("ladder", { from: 0 });
    assert.equal(all.from, 0);
    assert.equal(all.lines.length, end);
    await inbox.until(() => (book.end === end ? true : undefined), 2000, "the last patch");
    assert.deepEqual(all.lines, book.lines, "the replayed history is the lines the client saw");
    // Each state line names the rule the engine applied.
    const states = book.lines.map(decodeLadderLine).filter((l) => l?.type === "state");
    assert.ok(states.length > 0);
    for (const l of states) assert.ok(ruleEvent(parseStateText(l?.text ?? "").rule), l?.text);
    await room.request("ladder", { from: 1 });
    assert.equal(sr.ladderReplays, 1, "asking again before the next line costs no replay");
    const recent = await room.request("ladder", { from: end - 3 });
    assert.deepEqual(recent, { from: end - 3, lines: book.lines.slice(-3) });
    await assert.rejects(room.request("ladder", { from: -1 }), (e: { reason?: { error?: string } }) => {
      assert.equal(e.reason?.error, "invalid_ladder_request");
      return true;
    });
    await room.leave();
  });
});
