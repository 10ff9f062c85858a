import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { joinLegs, MoveTrace, type MoveTraceEntry, monotonicUs } from "./moveTrace.ts";

describe("MoveTrace", () => {
  it("records each call's session, decision id and times, and passes the handler's result on", () => {
    const trace = new MoveTrace();
    const handler = trace.wrap(
      (_c: { sessionId: string }, p: unknown) => (p as { decisionId: number }).decisionId * 2,
    );
    const before = monotonicUs();
    assert.equal(handler({ sessionId: "s1" }, { decisionId: 4 }, undefined), 8);
    const [e] = trace.take() as [MoveTraceEntry];
    assert.equal(e[0], "s1");
    assert.equal(e[1], 4);
    assert.ok(e[2] >= before && e[3] >= e[2], `times in order: ${before}, ${e[2]}, ${e[3]}`);
    assert.deepEqual(trace.take(), [], "take() forgets what it returned");
  });

  it("records a call that throws (and rethrows), and a payload with no decision id as -1", () => {
    const trace = new MoveTrace();
    const handler = trace.wrap((_c: { sessionId: string }, _p: unknown) => {
      throw new Error("bad move");
    });
    assert.throws(() => handler({ sessionId: "s2" }, "junk", undefined), /bad move/);
    assert.equal(trace.take()[0]?.[1], -1);
  });
});

describe("joinLegs", () => {
  it("splits a round trip into the way to the server, the handler and the way back", () => {
    const legs = joinLegs([["a", 1, 1000, 1900]], [["a", 1, 1300, 1400]]);
    assert.deepEqual(legs, [{ toServer: 300, handler: 100, back: 500 }]);
  });

  it("matches a repeated decision id (a rematch) by the round trip it lies in, and drops the unmatched", () => {
    const traced: MoveTraceEntry[] = [
      ["a", 1, 1100, 1150],
      ["a", 1, 9100, 9120],
    ];
    const legs = joinLegs(
      [
        ["a", 1, 9000, 9500],
        ["a", 2, 9600, 9700],
      ],
      traced,
    );
    assert.deepEqual(legs, [{ toServer: 100, handler: 20, back: 380 }]);
  });
});
