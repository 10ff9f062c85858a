import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { AppError } from "./errors.ts";
import { buildMove, newDraft, toggleFlag } from "./moves.ts";
import { mergeProgress } from "./storage.ts";

describe("move payloads", () => {
  it("pick: needs a choice", () => {
    const d = newDraft(7, "pick", 3);
    const none = buildMove("pick", d);
    assert.ok(none instanceof AppError);
    assert.deepEqual(none.params, { last: 3 }, "names the keys of this decision's 3 moves");
    d.choice = 2;
    assert.deepEqual(buildMove("pick", d), { choice: 2, decisionId: 7 });
    d.guess = "ESTABLISHED";
    assert.deepEqual(buildMove("pick", d), { choice: 2, decisionId: 7, state: "ESTABLISHED" });
  });
  it("flags: one flag string per segment; send nothing is []", () => {
    const d = newDraft(3, "flags");
    assert.equal((buildMove("flags", d) as AppError).key, "err.noFlags");
    d.segs[0]!.flags = toggleFlag(toggleFlag("", "A", true), "S", true);
    assert.deepEqual(buildMove("flags", d), { flags: ["SA"], decisionId: 3 });
    assert.deepEqual(buildMove("flags", d, true), { flags: [], decisionId: 3 });
  });
  it("full: checks the numbers", () => {
    const d = newDraft(1, "full");
    d.segs[0] = { flags: "A", seq: "1001", ack: "", len: "0" };
    assert.equal((buildMove("full", d) as AppError).key, "err.ack");
    d.segs[0]!.ack = "5001";
    assert.deepEqual(buildMove("full", d), {
      segments: [{ flags: "A", seq: 1001, ack: 5001, len: 0 }],
      decisionId: 1,
    });
    d.segs[0]!.seq = "4294967296";
    assert.equal((buildMove("full", d) as AppError).key, "err.seq");
    d.segs[0]!.seq = "1";
    d.segs[0]!.len = "1461";
    assert.equal((buildMove("full", d) as AppError).key, "err.len");
  });
  it("toggles flags in SFRPA order", () => {
    assert.equal(toggleFlag("A", "F", true), "FA");
    assert.equal(toggleFlag("FA", "F", false), "A");
  });
});

describe("progress", () => {
  it("keeps done and the best score", () => {
    let p = mergeProgress(undefined, false, -3);
    assert.deepEqual(p, { done: false, best: null, plays: 1 });
    p = mergeProgress(p, true, 20);
    p = mergeProgress(p, true, 15);
    assert.deepEqual(p, { done: true, best: 20, plays: 3 });
  });
});
