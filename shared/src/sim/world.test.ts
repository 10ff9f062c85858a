import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientConnects, serverListens } from "./world.test-util.ts";
import { type AppCall, type Side, World, type WorldOptions } from "./world.ts";

/** Bot against bot: server listens, client connects, 1 KB each way, client closes first. */
function lifecycle(options: WorldOptions): World {
  const w = new World(options);
  const call = (side: Side, c: AppCall) => w.call(side, c);
  const lfd = serverListens(w);
  const cfd = clientConnects(w);
  w.advanceTo(w.now + 5_000);
  const sfd = call("b", { op: "accept", fd: lfd }).result as number;
  assert.ok(sfd > 0, "the server accepted the connection");
  call("a", { op: "send", fd: cfd, bytes: 1000 });
  call("b", { op: "send", fd: sfd, bytes: 1000 });
  w.advanceTo(w.now + 60_000);
  assert.equal(call("a", { op: "read", fd: cfd }).result, 1000);
  assert.equal(call("b", { op: "read", fd: sfd }).result, 1000);
  call("a", { op: "close", fd: cfd });
  w.advanceTo(w.now + 60_000);
  call("b", { op: "close", fd: sfd });
  w.advanceTo(w.now + 600_000);
  return w;
}

describe("World", () => {
  test("bot against bot: handshake, data, teardown, TIME_WAIT expiry on a clean network", () => {
    const w = lifecycle({ seed: 1 });
    const states = w.log.filter((e) => e.type === "state").map((e) => `${e.side}:${e.to}`);
    assert.deepEqual(
      states.filter((s) => s.startsWith("a:")),
      ["a:SYN_SENT", "a:ESTABLISHED", "a:FIN_WAIT_1", "a:FIN_WAIT_2", "a:TIME_WAIT", "a:CLOSED"],
    );
    assert.deepEqual(w.netstat("a"), []);
    assert.equal(w.netstat("b").length, 1, "only the listener is left");
  });

  test("same seed and inputs give the same log, byte for byte", () => {
    const net = { "a->b": { loss: { model: "bernoulli", p: 0.2 }, jitterMs: 30, duplicateP: 0.1 } } as const;
    const one = lifecycle({ seed: "tango", network: net });
    const two = lifecycle({ seed: "tango", network: net });
    assert.equal(one.logJson(), two.logJson());
    const three = lifecycle({ seed: "other", network: net });
    assert.notEqual(one.logJson(), three.logJson());
  });

  test("a match's seed and inputs replay it exactly", () => {
    const options: WorldOptions = { seed: 7, network: { "b->a": { loss: { model: "bernoulli", p: 0.25 } } } };
    const w = lifecycle(options);
    const replayed = World.replay(options, w.inputs);
    assert.equal(replayed.logJson(), w.logJson());
  });

  test("a human host waits for a decision; the reference answer continues the match", () => {
    const w = new World({ seed: 3, controllers: { a: "human", b: "auto" } });
    serverListens(w);
    clientConnects(w);
    assert.equal(w.pending?.side, "a");
    assert.equal(w.pending?.trigger.kind, "call");
    w.decide("a", "reference");
    w.advanceTo(w.now + 1000);
    assert.equal(w.pending?.trigger.kind, "segment", "the SYN-ACK arrives and waits for the player");
    assert.equal(w.pending?.expected.state, "ESTABLISHED");
    w.decide("a", "reference");
    w.advanceTo(w.now + 1000);
    assert.equal(w.hosts.b.connections()[0]?.state, "ESTABLISHED");
  });

  test("a SYN at a human server's listener is decided in LISTEN, the edge LISTEN -> SYN_RECEIVED", () => {
    // RFC 9293 Figure 5 has no CLOSED -> SYN_RECEIVED: the decision and the log say LISTEN.
    const w = new World({ seed: 3, controllers: { a: "auto", b: "human" } });
    serverListens(w);
    clientConnects(w);
    w.advanceTo(w.now + 1000);
    assert.equal(w.pending?.side, "b");
    assert.equal(w.pending?.trigger.kind, "segment");
    assert.equal(w.pending?.stateBefore, "LISTEN");
    assert.equal(w.pending?.expected.state, "SYN_RECEIVED");
    const passive = w.log.filter((e) => e.type === "state" && e.side === "b" && e.to === "SYN_RECEIVED");
    assert.deepEqual(
      passive.map((e) => (e.type === "state" ? e.from : "")),
      ["LISTEN"],
    );
  });

  test("a wait in small ticks is one advance input, and replays the same as one long advance", () => {
    // A room ticks the clock 20 times a second: waiting out TIME_WAIT is hundreds of advances.
    const net = { "a->b": { loss: { model: "bernoulli", p: 0.3 }, jitterMs: 40 } } as const;
    const ticked = new World({ seed: 11, network: net });
    const lfd = serverListens(ticked);
    clientConnects(ticked);
    const end = ticked.now + 30_000;
    while (ticked.now < end) ticked.advanceTo(ticked.now + 50);
    const advances = ticked.inputs.filter((i) => i.kind === "advance").length;
    const events = new Set(ticked.log.map((e) => e.t)).size;
    assert.ok(advances <= events + 1, `${advances} advance inputs for ${events} instants with events`);
    const replayed = World.replay(ticked.options, ticked.inputs);
    assert.equal(replayed.logJson(), ticked.logJson());
    assert.equal(replayed.now, ticked.now);
    assert.ok(ticked.call("b", { op: "accept", fd: lfd }).result, "the handshake completed");
  });

  test("forgetting read log entries keeps every entry's number", () => {
    const w = lifecycle({ seed: 5 });
    const whole = w.log.slice();
    w.forgetLog(10);
    assert.equal(w.logStart, 10);
    assert.equal(w.logEnd, whole.length);
    assert.equal(w.logEntry(9), undefined, "forgotten");
    assert.deepEqual(w.logEntry(10), whole[10]);
    assert.deepEqual(w.logEntry(whole.length - 1), whole.at(-1));
    w.forgetLog(4);
    assert.equal(w.logStart, 10, "forgetting is never undone");
    w.forgetLog(whole.length + 50);
    assert.equal(w.logStart, whole.length, "no further than what was logged");
    assert.equal(World.replay(w.options, w.inputs).logJson(), JSON.stringify(whole), "the replay has it all");
  });
});
