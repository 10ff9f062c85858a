import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { pino } from "pino";
import { colyseusLogger, LineThrottle } from "./logThrottle.ts";

describe("LineThrottle", () => {
  it("writes the first lines of a window, drops the rest, and tells the count with the next window's first", () => {
    const t = new LineThrottle(2, 1000);
    assert.deepEqual(t.take(0), { write: true, dropped: 0 });
    assert.deepEqual(t.take(10), { write: true, dropped: 0 });
    assert.deepEqual(t.take(20), { write: false });
    assert.deepEqual(t.take(999), { write: false });
    assert.deepEqual(t.take(1000), { write: true, dropped: 2 });
    assert.deepEqual(t.take(5000), { write: true, dropped: 0 }, "a new window, nothing dropped in the last");
  });
});

describe("colyseusLogger", () => {
  it("passes Colyseus's lines on, its errors throttled, with a warning of how many were dropped", () => {
    const lines: { level: number; msg: string; dropped?: number }[] = [];
    const log = pino({ level: "debug" }, { write: (s: string) => lines.push(JSON.parse(s)) });
    let now = 0;
    const c = colyseusLogger(log, new LineThrottle(1, 60_000), () => now);
    c.info("hello");
    c.error("boom 1");
    c.error("boom 2");
    c.error("boom 3");
    now = 60_000;
    c.error("boom 4");
    assert.deepEqual(
      lines.map((l) => [l.level, l.msg, l.dropped]),
      [
        [30, "hello", undefined],
        [50, "boom 1", undefined],
        [40, "more of Colyseus's errors came and were not logged", 2],
        [50, "boom 4", undefined],
      ],
    );
  });
});
