// Every mission the server offers (the shared catalog plus the sandbox) can be played to
// success through the room, as the mission's default role, in coach mode at full difficulty.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { ColyseusTestServer } from "@colyseus/testing";
import { missionIds } from "../src/missions/registry.ts";
import { Inbox, playRight, startServer } from "./helpers.ts";

let colyseus: ColyseusTestServer;

before(async () => {
  ({ colyseus } = await startServer());
});
after(async () => {
  await colyseus.shutdown();
});

describe("every mission through the room", () => {
  for (const id of missionIds()) {
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
