// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4).

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { isSeq32, SEQ_MOD, seqAdd, seqDiff, seqGe, seqGt, seqInRange, seqLe, seqLt, seqWrap } from "./seq.ts";

const TOP = SEQ_MOD - 1;

describe("seqWrap and seqAdd", () => {
  it("wrap any integer into [0, 2^32)", () => {
    assert.equal(seqWrap(0), 0);
    assert.equal(seqWrap(SEQ_MOD), 0);
    assert.equal(seqWrap(-1), TOP);
    assert.equal(seqWrap(SEQ_MOD + 5), 5);
    assert.equal(seqWrap(-SEQ_MOD - 3), TOP - 2);
    assert.equal(Object.is(seqWrap(-SEQ_MOD), 0), true, "never -0");
  });

  it("add across the top", () => {
    assert.equal(seqAdd(TOP, 1), 0);
    assert.equal(seqAdd(TOP - 2, 1000), 997);
    assert.equal(seqAdd(5, -10), TOP - 4);
  });
});

describe("seqDiff and comparisons", () => {
  it("seqDiff is the signed distance b - a, also across the wrap", () => {
    assert.equal(seqDiff(5, 3), 2);
    assert.equal(seqDiff(3, 5), -2);
    assert.equal(seqDiff(2, TOP - 1), 4);
    assert.equal(seqDiff(TOP - 1, 2), -4);
  });

  it("seqDiff is (s32)(b - a) like Linux's before()/after(): the range is [-2^31, 2^31)", () => {
    // Note: seq.ts documents (-2^31, 2^31]; the code (and Linux's s32 cast) gives -2^31 for half the space.
    assert.equal(seqDiff(0x8000_0000, 0), -0x8000_0000);
    assert.equal(seqDiff(0, 0x8000_0000), -0x8000_0000);
    assert.equal(seqDiff(0x7fff_ffff, 0), 0x7fff_ffff);
    assert.equal(seqDiff(0x8000_0001, 0), -0x7fff_ffff);
    assert.ok(seqLt(0, 0x7fff_ffff));
    assert.ok(seqGt(0, 0x8000_0001));
  });

  it("lt, le, gt, ge around the wrap", () => {
    assert.ok(seqLt(TOP, 0));
    assert.ok(seqLe(TOP, 0));
    assert.ok(seqGt(0, TOP));
    assert.ok(seqGe(0, TOP));
    assert.ok(seqLe(7, 7));
    assert.ok(seqGe(7, 7));
    assert.ok(!seqLt(7, 7));
    assert.ok(!seqGt(7, 7));
    assert.ok(seqLt(TOP - 100, 100));
    assert.ok(!seqLt(100, TOP - 100));
  });

  it("seqInRange is a <= x < b, also across the wrap", () => {
    assert.ok(seqInRange(TOP, TOP - 1, 3));
    assert.ok(seqInRange(0, TOP - 1, 3));
    assert.ok(seqInRange(TOP - 1, TOP - 1, 3));
    assert.ok(!seqInRange(3, TOP - 1, 3));
    assert.ok(!seqInRange(4, TOP - 1, 3));
  });
});

describe("isSeq32", () => {
  it("accepts integers in [0, 2^32) only", () => {
    assert.ok(isSeq32(0));
    assert.ok(isSeq32(TOP));
    for (const bad of [-1, SEQ_MOD, 1.5, Number.NaN, Number.POSITIVE_INFINITY])
      assert.ok(!isSeq32(bad), String(bad));
  });
});
