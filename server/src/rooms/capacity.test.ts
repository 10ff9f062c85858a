import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MatchCapacity } from "./capacity.ts";

describe("MatchCapacity", () => {
  it("admits up to its limit, then refuses until a match is released", () => {
    const c = new MatchCapacity(2);
    assert.equal(c.admit("a"), true);
    assert.equal(c.admit("b"), true);
    assert.equal(c.admit("c"), false, "full");
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
