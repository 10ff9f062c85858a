import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { StageClock } from "./clock.ts";

describe("StageClock", () => {
  it("runs on between patches at the rate the room's time has been seen to run", () => {
    const c = new StageClock();
    c.sync(0, false, 1000);
    c.sync(200, false, 1100); // 2 virtual ms per wall ms (smoothed towards it)
    const rate = (c.now(1150) - 200) / 50;
    assert.ok(rate > 1 && rate <= 2, `rate ${rate}`);
  });

  it("stops at a paused patch's time", () => {
    const c = new StageClock();
    c.sync(5000, true, 0);
    assert.equal(c.now(10_000), 5000);
  });

  it("holds still rather than step back a little behind its own extrapolation", () => {
    const c = new StageClock();
    c.sync(1000, false, 0);
    assert.equal(c.now(300), 1300);
    c.sync(1200, true, 300); // the room paused at 1200, 100 ms behind what was drawn
    assert.equal(c.now(400), 1300);
  });

  it("follows a jump back of more than a second at once (a new match)", () => {
    const c = new StageClock();
    c.sync(9000, true, 0);
    assert.equal(c.now(0), 9000);
    c.sync(500, true, 10);
    assert.equal(c.now(20), 500);
  });

  it("shows a seek's time exactly, even a little back (a replay stepping back)", () => {
    const c = new StageClock();
    c.sync(900, true, 0, true);
    assert.equal(c.now(0), 900);
    c.sync(500, true, 10, true);
    assert.equal(c.now(20), 500);
    c.sync(520, true, 30, true);
    assert.equal(c.now(40), 520);
  });
});
