import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { clientConnects, serverListens } from "../sim/world.test-util.ts";
import { type Side, World, type WorldOptions } from "../sim/world.ts";
import { type NetstatStep, netstatRecord, replayWithNetstat } from "./netstatHistory.ts";

const MSL = 4_000;

/** Client connects, then closes first; the server closes after it; TIME_WAIT runs out. */
function activeClose(options: WorldOptions): World {
  const w = new World(options);
  const lfd = serverListens(w);
  const cfd = clientConnects(w);
  w.advanceTo(w.now + 5_000);
  const sfd = w.call("b", { op: "accept", fd: lfd }).result as number;
  w.call("a", { op: "close", fd: cfd });
  w.advanceTo(w.now + 2_000);
  w.call("b", { op: "close", fd: sfd });
  w.advanceTo(w.now + 4 * MSL);
  return w;
}

const OPTIONS: WorldOptions = {
  seed: 11,
  tcp: { mslMs: MSL },
  network: { "a->b": { loss: { model: "bernoulli", p: 0.3 }, jitterMs: 40 } },
};

/** The step that holds at entry `n`: the last whose `from` is at most `n`. */
const stepAt = (steps: readonly NetstatStep[], n: number) => steps.findLast((s) => s.from <= n);

/** A row with its timer told by kind and expiry (its time left depends on when it was read). */
const comparable = (rows: NetstatStep["a"]) =>
  rows.map(({ timerRemainingMs, timerAt, ...r }) => ({ ...r, expires: timerAt + timerRemainingMs }));

describe("replayWithNetstat", () => {
  const w = activeClose(OPTIONS);
  const { log, netstat } = replayWithNetstat(OPTIONS, w.inputs);

  test("replays the match's log exactly", () => {
    assert.equal(JSON.stringify(log), JSON.stringify(World.replay(OPTIONS, w.inputs).log));
  });

  test("at every log entry, each host's table is the one the world showed right after it", () => {
    const seen: { a: NetstatStep["a"]; b: NetstatStep["b"] }[] = [];
    const read = (x: World, side: Side) => x.netstat(side).map((r) => netstatRecord(r, x.now));
    World.replay(OPTIONS, w.inputs, (x) => {
      seen.push({ a: read(x, "a"), b: read(x, "b") });
    });
    assert.equal(seen.length, log.length);
    seen.forEach((tables, n) => {
      const step = stepAt(netstat, n);
      assert.ok(step, `a table at entry ${n}`);
      assert.deepEqual(comparable(step.a), comparable(tables.a), `client's table at entry ${n}`);
      assert.deepEqual(comparable(step.b), comparable(tables.b), `server's table at entry ${n}`);
    });
  });

  test("keeps a table only where it changed, the first from entry 0", () => {
    assert.equal(netstat[0]?.from, 0);
    for (let i = 1; i < netstat.length; i++) {
      const [before, after] = [netstat[i - 1]!, netstat[i]!];
      assert.ok(after.from > before.from);
      assert.notDeepEqual(
        [comparable(after.a), comparable(after.b)],
        [comparable(before.a), comparable(before.b)],
        `step ${i} changes something`,
      );
    }
    assert.ok(netstat.length < log.length / 2, `${netstat.length} tables for ${log.length} entries`);
  });

  test("TIME_WAIT's table carries its 2MSL timer, expiring 2MSL after the client entered it", () => {
    const entered = log.findIndex((e) => e.type === "state" && e.side === "a" && e.to === "TIME_WAIT");
    assert.ok(entered >= 0, "the client reaches TIME_WAIT");
    const row = stepAt(netstat, entered)?.a[0];
    assert.equal(row?.state, "TIME_WAIT");
    assert.equal(row?.timerKind, "time_wait");
    assert.equal(row.timerAt + row.timerRemainingMs, log[entered]!.t + 2 * MSL);
    assert.deepEqual(netstat.at(-1)?.a, [], "the client's table is empty once 2MSL has run out");
  });

  test("SYN_SENT's table carries the SYN's retransmission timer", () => {
    const sent = log.findIndex((e) => e.type === "state" && e.side === "a" && e.to === "SYN_SENT");
    const row = stepAt(netstat, sent)?.a[0];
    assert.equal(row?.state, "SYN_SENT");
    assert.equal(row?.timerKind, "retransmission");
    assert.ok(row.timerRemainingMs > 0);
  });
});
