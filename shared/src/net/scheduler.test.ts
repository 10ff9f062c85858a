import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Prng } from "./prng.ts";
import { Scheduler } from "./scheduler.ts";

function drain<E>(s: Scheduler<E>): Array<{ at: number; event: E }> {
  const out: Array<{ at: number; event: E }> = [];
  for (let next = s.pop(); next; next = s.pop()) out.push({ at: next.at, event: next.event });
  return out;
}

describe("Scheduler", () => {
  it("starts at 0 or at the given time", () => {
    assert.equal(new Scheduler<string>().now, 0);
    assert.equal(new Scheduler<string>(1_000).now, 1_000);
    assert.throws(() => new Scheduler<string>(Number.NaN), RangeError);
  });

  it("delivers events in time order and advances now", () => {
    const s = new Scheduler<string>();
    s.schedule(30, "c");
    s.schedule(10, "a");
    s.schedule(20, "b");
    assert.equal(s.size, 3);
    assert.equal(s.peekTime(), 10);
    const first = s.pop();
    assert.deepEqual(first, { at: 10, id: 2, event: "a" });
    assert.equal(s.now, 10);
    assert.deepEqual(drain(s), [
      { at: 20, event: "b" },
      { at: 30, event: "c" },
    ]);
    assert.equal(s.now, 30);
    assert.equal(s.size, 0);
    assert.equal(s.pop(), undefined);
    assert.equal(s.peekTime(), undefined);
  });

  it("delivers ties in insertion order (FIFO)", () => {
    const s = new Scheduler<number>();
    for (let i = 0; i < 50; i++) s.schedule(i % 2 === 0 ? 5 : 7, i);
    const out = drain(s);
    const at5 = out.filter((e) => e.at === 5).map((e) => e.event);
    const at7 = out.filter((e) => e.at === 7).map((e) => e.event);
    assert.deepEqual(
      at5,
      Array.from({ length: 25 }, (_, i) => 2 * i),
    );
    assert.deepEqual(
      at7,
      Array.from({ length: 25 }, (_, i) => 2 * i + 1),
    );
    assert.deepEqual(
      out.map((e) => e.at),
      [...new Array<number>(25).fill(5), ...new Array<number>(25).fill(7)],
    );
  });

  it("scheduleIn is relative to now", () => {
    const s = new Scheduler<string>(100);
    s.scheduleIn(50, "x");
    s.scheduleIn(0, "now");
    assert.deepEqual(drain(s), [
      { at: 100, event: "now" },
      { at: 150, event: "x" },
    ]);
    assert.throws(() => s.scheduleIn(-1, "past"), RangeError);
  });

  it("cancels pending events exactly once", () => {
    const s = new Scheduler<string>();
    const a = s.schedule(10, "a");
    const b = s.schedule(10, "b");
    const c = s.schedule(5, "c");
    assert.equal(s.cancel(c), true);
    assert.equal(s.cancel(c), false);
    assert.equal(s.size, 2);
    assert.equal(s.peekTime(), 10);
    assert.equal(s.cancel(a), true);
    assert.deepEqual(s.pop(), { at: 10, id: b, event: "b" });
    assert.equal(s.cancel(b), false, "already fired");
    assert.equal(s.cancel(12345), false, "never existed");
    assert.equal(s.pop(), undefined);
  });

  it("stays correct when most events are cancelled (compaction)", () => {
    const s = new Scheduler<number>();
    const ids = Array.from({ length: 1_000 }, (_, i) => s.schedule(1_000 - i, i));
    for (const [i, id] of ids.entries()) if (i % 10 !== 0) s.cancel(id);
    assert.equal(s.size, 100);
    const out = drain(s);
    assert.equal(out.length, 100);
    assert.ok(out.every((e) => e.event % 10 === 0));
    for (let i = 1; i < out.length; i++) assert.ok((out[i - 1]?.at ?? 0) <= (out[i]?.at ?? 0));
  });

  it("refuses to schedule in the past", () => {
    const s = new Scheduler<string>();
    s.schedule(10, "a");
    s.pop();
    assert.throws(() => s.schedule(9, "late"), {
      name: "RangeError",
      message: "Unable to travel back in time",
    });
    assert.doesNotThrow(() => s.schedule(10, "same time is fine"));
    assert.throws(() => s.schedule(Number.NaN, "nan"), RangeError);
    assert.throws(() => s.schedule(Number.POSITIVE_INFINITY, "never"), RangeError);
    assert.throws(() => s.runUntil(5, () => {}), /Unable to travel back in time/);
  });

  it("runUntil fires events up to t in order, including ones scheduled on the way", () => {
    const s = new Scheduler<string>();
    s.schedule(10, "a");
    s.schedule(30, "c");
    s.schedule(50, "late");
    const seen: Array<[string, number, number]> = [];
    const fired = s.runUntil(30, (event, at) => {
      seen.push([event, at, s.now]);
      if (event === "a") {
        s.scheduleIn(5, "a+5"); // 15: fires within this run
        s.schedule(30, "c2"); // tie with c: after it (FIFO)
        s.schedule(31, "next run");
      }
    });
    assert.equal(fired, 4);
    assert.deepEqual(seen, [
      ["a", 10, 10],
      ["a+5", 15, 15],
      ["c", 30, 30],
      ["c2", 30, 30],
    ]);
    assert.equal(s.now, 30);
    assert.equal(s.size, 2);
    assert.equal(
      s.runUntil(40, () => {}),
      1,
    );
    assert.equal(s.now, 40, "now moves to t even when the last event was earlier");
    assert.equal(
      s.runUntil(45, () => {}),
      0,
    );
    assert.equal(s.now, 45);
    assert.equal(s.peekTime(), 50);
  });

  it("runUntil(Infinity) drains the queue and leaves now at the last event", () => {
    const s = new Scheduler<string>();
    s.schedule(7, "x");
    s.schedule(9, "y");
    assert.equal(
      s.runUntil(Number.POSITIVE_INFINITY, () => {}),
      2,
    );
    assert.equal(s.now, 9);
  });

  it("10k random events come out sorted, ties FIFO, deterministically", () => {
    const run = (): Array<{ at: number; event: number }> => {
      const rng = new Prng("scheduler");
      const s = new Scheduler<number>();
      const cancelled = new Set<number>();
      for (let i = 0; i < 10_000; i++) {
        const id = s.schedule(rng.int(0, 2_000), i);
        if (rng.chance(0.1)) {
          s.cancel(id);
          cancelled.add(i);
        }
      }
      const out = drain(s);
      assert.equal(out.length, 10_000 - cancelled.size);
      assert.ok(out.every((e) => !cancelled.has(e.event)));
      return out;
    };
    const out = run();
    for (let i = 1; i < out.length; i++) {
      const prev = out[i - 1] as { at: number; event: number };
      const cur = out[i] as { at: number; event: number };
      assert.ok(prev.at < cur.at || (prev.at === cur.at && prev.event < cur.event), `out of order at ${i}`);
    }
    assert.deepEqual(run(), out);
  });
});
