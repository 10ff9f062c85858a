import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MISSIONS } from "@tcp-tango/shared/missions/catalog.ts";
import { missionInfo, nextMission, sortMissions } from "./missions.ts";

describe("the campaign's order", () => {
  it("goes from each mission to the next, and ends after the last", () => {
    const order = sortMissions(MISSIONS.map((m) => m.id));
    for (let i = 0; i + 1 < order.length; i++) assert.equal(nextMission(order[i]!), order[i + 1]);
    assert.equal(nextMission(order.at(-1)!), null);
    assert.equal(nextMission("no-such-mission"), null);
  });

  it("starts with the handshake as the client, then as the server", () => {
    assert.equal(nextMission("handshake-client"), "handshake-server");
    assert.equal(missionInfo("handshake-server").defaultRole, "server");
  });
});
