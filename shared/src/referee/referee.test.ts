import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { Prng } from "../net/prng.ts";
import { clientConnects, serverListens } from "../sim/world.test-util.ts";
import { type PendingDecision, World } from "../sim/world.ts";
import { seqAdd } from "../tcp/seq.ts";
import {
  candidates,
  expectedMove,
  explanationOf,
  judge,
  type Move,
  recognise,
  sloppyMove,
} from "./referee.ts";

/** The client (a) is human; returns the world paused at the decision for the server's SYN-ACK. */
function atSynAck(): { w: World; d: PendingDecision } {
  const w = new World({ seed: 11, controllers: { a: "human", b: "auto" } });
  serverListens(w);
  clientConnects(w);
  w.decide("a", "reference");
  w.advanceTo(w.now + 1000);
  const d = w.pending;
  assert.ok(d && d.trigger.kind === "segment", "the SYN-ACK waits for the player");
  return { w, d };
}

describe("referee", () => {
  test("the expected move at SYN_SENT + SYN,ACK is one ACK of seq+1, state ESTABLISHED", () => {
    const { d } = atSynAck();
    const right = expectedMove(d);
    assert.equal(right.state, "ESTABLISHED");
    assert.equal(right.segments.length, 1);
    const [ack] = right.segments;
    assert.equal(ack?.flags, "A");
    assert.ok(d.trigger.kind === "segment");
    assert.equal(ack?.ack, seqAdd(d.trigger.seg.seq, 1));
    assert.equal(explanationOf(d), "syn_sent.syn_ack.established");
  });

  test("a correct move is judged correct; PSH is ignored", () => {
    const { d } = atSynAck();
    const right = expectedMove(d);
    const v = judge(right, right, explanationOf(d), d);
    assert.equal(v.correct, true);
    assert.deepEqual(v.mistakes, []);
  });

  test("ack = peer's seq is wrong in exactly the ack, and recognised as that misconception", () => {
    const { d } = atSynAck();
    const right = expectedMove(d);
    const seg = right.segments[0];
    assert.ok(seg);
    const got: Move = { segments: [{ ...seg, ack: seqAdd(seg.ack, -1) }], state: "ESTABLISHED" };
    const v = judge(right, got, explanationOf(d), d);
    assert.equal(v.correct, false);
    assert.deepEqual(
      v.mistakes.map((m) => m.part),
      ["ack"],
    );
    assert.equal(v.misconception, "ack_is_peer_seq");
  });

  test("wrong flags, wrong count and wrong state are each named", () => {
    const { d } = atSynAck();
    const right = expectedMove(d);
    const seg = right.segments[0];
    assert.ok(seg);
    assert.deepEqual(
      judge(right, { segments: [{ ...seg, flags: "SA" }] }, "syn_sent.syn_ack.established").mistakes.map(
        (m) => m.part,
      ),
      ["flags"],
    );
    assert.deepEqual(
      judge(right, { segments: [] }, "syn_sent.syn_ack.established").mistakes.map((m) => m.part),
      ["count"],
    );
    const v = judge(right, { segments: [seg], state: "SYN_RECEIVED" }, "syn_sent.syn_ack.established");
    assert.deepEqual(v.mistakes, [
      { index: -1, part: "state", expected: "ESTABLISHED", got: "SYN_RECEIVED" },
    ]);
  });

  test("candidates hold the right move once and distinct real misconceptions, deterministically", () => {
    const { d } = atSynAck();
    const one = candidates(d, new Prng(5));
    const two = candidates(d, new Prng(5));
    assert.deepEqual(one, two);
    assert.equal(one.moves.length, 4);
    const right = expectedMove(d);
    const verdicts = one.moves.map((m) => judge({ segments: right.segments }, m, explanationOf(d), d));
    assert.equal(verdicts.filter((v) => v.correct).length, 1);
    assert.equal(
      verdicts.findIndex((v) => v.correct),
      one.correctIndex,
    );
    for (const v of verdicts.filter((x) => !x.correct))
      assert.ok(v.misconception, "each wrong one is a known misconception");
    const keys = new Set(one.moves.map((m) => JSON.stringify(m)));
    assert.equal(keys.size, 4, "no duplicates");
  });

  test("at connect(), the wrong candidates are real misconceptions about the first SYN", () => {
    const w = new World({ seed: 4, controllers: { a: "human", b: "auto" } });
    clientConnects(w);
    const d = w.pending;
    assert.ok(d && d.trigger.kind === "call");
    const { moves, correctIndex } = candidates(d, new Prng(9));
    const right = expectedMove(d);
    const keys = moves
      .filter((_, i) => i !== correctIndex)
      .map((m) => recognise(d, { ...m, state: right.state }));
    assert.ok(keys.includes("isn_is_zero"), "a SYN with seq 0");
    assert.ok(keys.includes("syn_with_ack"), "a SYN that also carries ACK");
    assert.equal(moves[correctIndex]?.segments[0]?.flags, right.segments[0]?.flags);
  });

  test("the last ACK of an active close: CLOSED instead of TIME_WAIT is a misconception", () => {
    const w = new World({ seed: 2, controllers: { a: "human", b: "auto" } });
    const lfd = serverListens(w);
    const cfd = clientConnects(w);
    w.decide("a", "reference");
    w.advanceTo(w.now + 1000);
    w.decide("a", "reference");
    w.advanceTo(w.now + 1000);
    const sfd = w.call("b", { op: "accept", fd: lfd }).result as number;
    w.call("a", { op: "close", fd: cfd });
    w.decide("a", "reference"); // FIN
    w.advanceTo(w.now + 1000); // ACK of FIN arrives
    w.decide("a", "reference");
    w.call("b", { op: "close", fd: sfd });
    w.advanceTo(w.now + 1000); // the server's FIN arrives
    const d = w.pending;
    assert.ok(d);
    assert.equal(d.expected.state, "TIME_WAIT");
    const right = expectedMove(d);
    assert.equal(recognise(d, { ...right, state: "CLOSED" }), "closed_not_time_wait");
    assert.equal(
      recognise(d, {
        segments: [{ ...(right.segments[0] as Move["segments"][0]), flags: "FA" }],
        state: "LAST_ACK",
      }),
      "fin_answers_fin",
    );
    const sloppy = sloppyMove(d, new Prng(1));
    assert.ok(sloppy);
    assert.equal(judge(right, sloppy.move, explanationOf(d)).correct, false);
  });
});
