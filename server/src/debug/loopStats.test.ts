import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { describeLoop, watchLoop } from "./loopStats.ts";

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe("watchLoop", () => {
  it("counts a blocked event loop as a stall, and says how long it was", async () => {
    const loop = watchLoop();
    await sleep(50);
    loop.reset();
    const end = performance.now() + 100;
    while (performance.now() < end) {} // the loop is blocked: no timer can fire
    await sleep(50);
    const s = loop.read().stalls;
    const all = [s.gc, s.busy, s.starved];
    assert.ok(all.reduce((n, p) => n + p.count, 0) >= 1, "a stall is recorded");
    assert.ok(Math.max(...all.map((p) => p.maxMs)) >= 90, "as long as the loop was blocked");
    assert.match(describeLoop(loop.read()), /stalls of 30 ms or more/);
  });
});
