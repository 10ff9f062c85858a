import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { matchmakeLimitFrom } from "./matchmakeLimit.ts";

describe("matchmakeLimitFrom", () => {
  it("reads '<burst>,<per second>', else a classroom's 60 at once and one a second", () => {
    assert.deepEqual(matchmakeLimitFrom("4000, 4000"), { burst: 4000, perSecond: 4000 });
    assert.deepEqual(matchmakeLimitFrom("10,0.5"), { burst: 10, perSecond: 0.5 });
    for (const bad of [undefined, "", "60", "0,1", "10,0", "a,b", "-1,2"])
      assert.deepEqual(matchmakeLimitFrom(bad), { burst: 60, perSecond: 1 }, String(bad));
  });
});
