import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { RULES, ruleEvent } from "./rules.ts";

describe("the event each rule answers", () => {
  it("is a call for user.*, a timer for timer.*, an RST for the RST's rules, else a segment", () => {
    const rst = Object.keys(RULES).filter((k) => ruleEvent(k) === "rst");
    // A new rule about an arriving RST must name it: this list is checked, not derived.
    assert.deepEqual(rst.sort(), [
      "closed.segment.rst_ignored",
      "listen.rst.ignored",
      "reset.received",
      "rst.exact.reset",
      "rst.in_window.challenge_ack",
      "rst.out_of_window.ignored",
      "syn_received.rst.back_to_listen",
      "syn_sent.rst.refused",
      "syn_sent.rst_without_ack.ignored",
      "time_wait.rst.killed",
    ]);
    for (const k of Object.keys(RULES)) {
      const kind = ruleEvent(k);
      if (k.startsWith("user.")) assert.equal(kind, "call", k);
      else if (k.startsWith("timer.")) assert.equal(kind, "timer", k);
      else assert.ok(kind === "rst" || kind === "segment", k);
    }
    assert.equal(ruleEvent("syn_sent.syn_ack.established"), "segment");
    assert.equal(ruleEvent("data.after_fin.reset"), "segment", "we reset; the segment was data");
  });

  it("is unknown for a key that is no rule", () => {
    assert.equal(ruleEvent("no.such.rule"), undefined);
    assert.equal(ruleEvent("toString"), undefined);
    assert.equal(ruleEvent(""), undefined);
  });
});
