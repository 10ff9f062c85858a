// Every mission the server offers (the shared catalog plus the sandbox) can be played to
// success through the room, as the mission's default role, in coach mode at full difficulty.
// Free play (no cues: the player makes the application calls) is played in calls.test.ts.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ColyseusTestServer } from "@colyseus/testing";
import { findMission, missionIds } from "../src/missions/registry.ts";
import { Inbox, playRight, startServer } from "./helpers.ts";

let colyseus: ColyseusTestServer;

before(async () => {
  ({ colyseus } = await startServer());
});
after(async () => {
  await colyseus.shutdown();
});

describe("every mission through the room", () => {
  // Free play has no cues: nothing happens until the player calls (calls.test.ts plays it).
  const scripted = missionIds().filter((id) => id !== "free-play");
  test("the catalog's free play mission is offered", () => {
    assert.ok(missionIds().includes("free-play"));
    assert.deepEqual(findMission("free-play")?.mission.cues, []);
  });
  for (const id of scripted) {
    test(id, async () => {
      const room = await colyseus.sdk.create("match", {
        missionId: id,
        mode: "coach",
        difficulty: "full",
        timeScale: 50,
        seed: 1,
      });
      const done = await playRight(colyseus, room, new Inbox(room), 20_000);
      assert.equal(done.result, "success", JSON.stringify(done));
      await room.leave();
    });
  }
});
