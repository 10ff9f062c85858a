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

  it("gives the blocked stretch as a wall-clock span, comparable with another process's", async () => {
    const loop = watchLoop();
    await sleep(50);
    loop.reset();
    const from = performance.timeOrigin + performance.now();
    const end = performance.now() + 60;
    while (performance.now() < end) {}
    const to = performance.timeOrigin + performance.now();
    await sleep(30);
    const spans = loop.read().blockedSpans;
    const covering = spans.filter(([a, b]) => a < to && b > from);
    assert.equal(covering.length, 1, `one span over the blocked stretch: ${JSON.stringify(spans)}`);
    const [a, b] = covering[0] as [number, number];
    assert.ok(b - a >= 45, `as long as the stretch, less a timer period: ${b - a} ms`);
    loop.reset();
    assert.deepEqual(loop.read().blockedSpans, [], "a reset forgets them");
  });
});
