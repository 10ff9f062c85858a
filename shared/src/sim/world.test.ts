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
});
