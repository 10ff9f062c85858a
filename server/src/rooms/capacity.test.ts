import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { FullNotices, MatchCapacity } from "./capacity.ts";

describe("MatchCapacity", () => {
  it("admits up to its limit, then refuses until a match is released", () => {
    const c = new MatchCapacity(2);
    assert.equal(c.admit("a"), true);
    assert.equal(c.admit("b"), true);
    assert.equal(c.admit("c"), false, "full");
    assert.equal(c.refused, 1, "the refusal is counted");
    c.release("a");
    assert.equal(c.admit("c"), true, "a's place is c's");
    assert.equal(c.size, 2);
  });

  it("counts a room once, and releasing one never admitted changes nothing", () => {
    const c = new MatchCapacity(1);
    assert.equal(c.admit("a"), true);
    assert.equal(c.admit("a"), true, "the same room again");
    c.release("never");
    assert.equal(c.size, 1);
    assert.equal(c.admit("b"), false);
  });
});

describe("FullNotices", () => {
  it("tells the first refusal at once, then at most one line a minute with the count since the last", () => {
    const n = new FullNotices(60_000);
    assert.deepEqual(n.refused(1_000), {
      msg: "the server is full: new matches are refused (TANGO_MAX_MATCHES)",
      refused: 1,
    });
    for (let t = 2_000; t < 61_000; t += 1_000) assert.equal(n.refused(t), undefined, `at ${t} ms`);
    assert.deepEqual(n.refused(61_000), {
      msg: "the server is full: new matches were refused since the last notice",
      refused: 60,
    });
  });

  it("tells a refusal after a quiet minute as a new full spell", () => {
    const n = new FullNotices(60_000);
    n.refused(0);
    assert.equal(n.refused(500), undefined);
    assert.equal(n.refused(90_000)?.refused, 2, "the one counted in between is told with it");
    const later = n.refused(500_000);
    assert.equal(later?.refused, 1);
    assert.match(later?.msg ?? "", /is full/);
  });
});
