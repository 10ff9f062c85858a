// A full mission against the bot, in each mode and difficulty, over real WebSocket connections;
// and replaying a finished match from its log reproduces its final state.

import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { type NetstatStep, netstatRecord } from "@tcp-tango/shared/protocol/netstatHistory.ts";
import type { NetstatRecord } from "@tcp-tango/shared/protocol/records.ts";
import { World, type WorldInput, type WorldOptions } from "@tcp-tango/shared/sim/world.ts";
import { getJson, Inbox, playRight, serverForTheseTests, serverRoom } from "./helpers.ts";

const server = serverForTheseTests();

const MISSION = "sandbox.lifecycle";

describe("a full mission against the bot", () => {
  for (const mode of ["coach", "consequence"] as const) {
    for (const difficulty of ["pick", "flags", "full"] as const) {
      for (const role of ["client", "server"] as const) {
        test(`${mode} / ${difficulty} / as ${role}`, async () => {
          const room = await server.colyseus.sdk.create("match", {
            missionId: MISSION,
            role,
            mode,
            difficulty,
            seed: 7,
            timeScale: 20,
            nickname: "ada",
          });
          const inbox = new Inbox(room);
          const done = await playRight(server.colyseus, room, inbox);
          assert.equal(done.result, "success");
          const mine = done.scores[role];
          assert.ok(mine && mine.moves > 0, "the player made moves");
          assert.equal(mine.mistakes, 0);
          assert.equal(mine.score, mine.moves * 10);
          await room.leave();
        });
      }
    }
  }
});

describe("replay", () => {
  test("seed + inputs of a finished match reproduce its final state", async () => {
    const room = await server.colyseus.sdk.create("match", {
      missionId: MISSION,
      role: "client",
      mode: "consequence",
      difficulty: "full",
      botSloppiness: 0.3,
      timeScale: 20,
    });
    const inbox = new Inbox(room);
    const done = await playRight(server.colyseus, room, inbox);
    assert.ok(done.result === "success" || done.result === "failed");
    const live = serverRoom(server.colyseus, room.roomId).engine.world;
    const { status, body } = await getJson(`${server.url}${done.logUrl}`);
    assert.equal(status, 200);
    assert.equal(body.finished, true);
    const replayed = World.replay(body.worldOptions as WorldOptions, body.inputs as WorldInput[]);
    assert.equal(replayed.logJson(), JSON.stringify(body.log));
    assert.equal(replayed.logEnd, live.logEnd);
    assert.equal(
      JSON.stringify(replayed.log.slice(live.logStart)),
      live.logJson(),
      "the entries the room kept",
    );
    assert.deepEqual(replayed.netstat("a"), live.netstat("a"));
    assert.deepEqual(replayed.netstat("b"), live.netstat("b"));
    assert.equal(replayed.now, live.now);
    // The replay's netstat history ends with the tables the room ended with.
    const steps = body.netstat as NetstatStep[];
    assert.equal(steps[0]?.from, 0);
    const expiring = (rows: readonly NetstatRecord[]) =>
      rows.map(({ timerAt, timerRemainingMs, ...r }) => ({ ...r, expires: timerAt + timerRemainingMs }));
    for (const side of ["a", "b"] as const)
      assert.deepEqual(
        expiring(steps.at(-1)?.[side] ?? []),
        expiring(live.netstat(side).map((r) => netstatRecord(r, live.now))),
        `side ${side}'s last table`,
      );
    await room.leave();
  });

  test("an unknown match has a clear 404", async () => {
    const { status, body } = await getJson(`${server.url}/api/matches/nope/log`);
    assert.equal(status, 404);
    assert.equal(body.error, "unknown_match");
  });
});
