import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FloorOptions, patchesFor } from "./FloorRoom.ts";

/** Patches sent for `requests` requests in a room of `players`, carrying fractions along. */
function patchesOver(requests: number, framesPerRequest: number, players: number): number {
  let carried = 0;
  let sent = 0;
  for (let i = 0; i < requests; i++) {
    const r = patchesFor(carried, framesPerRequest, players);
    sent += r.patches;
    carried = r.carried;
  }
  return sent;
}

describe("the floor's patch traffic", () => {
  it("sends a pair's requests half as many patches as frames asked: each patch reaches both", () => {
    assert.equal(patchesOver(100, 3.3, 2), 165);
  });

  it("sends a lone player's requests one patch per frame asked", () => {
    assert.equal(patchesOver(100, 3.3, 1), 330);
  });

  it("carries fractions over, so fewer than one frame per request still adds up", () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => patchesOver(n, 0.5, 1)),
      [0, 1, 1, 2],
    );
  });

  it("sends nothing without traffic, and nothing to an empty room's count of players", () => {
    assert.equal(patchesOver(50, 0, 2), 0);
    assert.equal(patchesOver(4, 1, 0), 4); // no players counted: as one, never a division by zero
  });

  it("refuses options outside their range, naming the field", () => {
    const bad = FloorOptions.safeParse({ framesPerRequest: -1, patchBytes: 4 });
    assert.equal(bad.success, false);
    const fields = bad.error?.issues.map((i) => i.path.join("."));
    assert.deepEqual(fields?.sort(), ["framesPerRequest", "patchBytes"]);
    assert.deepEqual(FloorOptions.parse({}), { framesPerRequest: 0, patchBytes: 200 });
  });
});
