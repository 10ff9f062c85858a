// Property-based tests of the engine as a whole (fast-check, with fixed seeds so CI is repeatable).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import fc from "fast-check";
import { Host } from "../host/host.ts";
import type { NetworkConfigInput } from "../net/network.ts";
import type { TimerKind } from "../tcp/connection.ts";
import { EngineInputError } from "../tcp/errors.ts";
import { ACK, FIN, RST, SYN } from "../tcp/segment.ts";
import { seqDiff, seqLe } from "../tcp/seq.ts";
import { isSynchronized, TCP_STATES } from "../tcp/state.ts";
import { clientConnects, serverListens } from "./world.test-util.ts";
import { streamByte, World } from "./world.ts";

const FC = { seed: 20261121, numRuns: 60 };

/** One random input to a lone endpoint: a call, a segment from its peer, or a timer. */
const action = fc.oneof(
  fc.record({
    kind: fc.constant("call" as const),
    op: fc.constantFrom("listen", "connect", "send", "read", "shutdown", "close", "abort"),
    bytes: fc.integer({ min: 1, max: 1000 }),
  }),
  fc.record({
    kind: fc.constant("segment" as const),
    flags: fc.subarray([SYN, FIN, RST, ACK]).map((fs) => fs.reduce((a, b) => a | b, 0)),
    seqOffset: fc.integer({ min: -3, max: 1200 }),
    ackOffset: fc.integer({ min: -3, max: 1200 }),
    len: fc.constantFrom(0, 0, 0, 1, 100, 1000),
  }),
  fc.record({
    kind: fc.constant("timer" as const),
    timer: fc.constantFrom<TimerKind[]>("retransmission", "time_wait", "fin_wait_2", "keepalive"),
  }),
);

type Action = typeof action extends fc.Arbitrary<infer T> ? T : never;

function runLone(actions: Action[]): string[] {
  const trace: string[] = [];
  const host = new Host({
    ip: "10.0.0.2",
    config: { keepalive: { enabled: true, idleMs: 1000, intervalMs: 500, probes: 3 } },
    isn: () => 0xffff_fff0,
    ephemeralPort: () => 40000,
  });
  let fd: number | undefined = host.socket({ reuseAddr: true });
  host.bind(fd, 5000);
  let now = 0;
  const peerIsn = 0xffff_ff00;
  for (const a of actions) {
    now += 50;
    let sent: string[] = [];
    if (a.kind === "call") {
      if (fd === undefined) continue;
      const conn = host.connectionOf(fd);
      const r =
        a.op === "listen"
          ? conn
            ? null
            : host.listen(fd)
          : a.op === "connect"
            ? host.isListening(fd) || (conn && conn.state !== "CLOSED")
              ? null
              : host.connect(fd, "10.0.0.1", 80, now)
            : a.op === "send"
              ? host.send(fd, new Uint8Array(a.bytes), now)
              : a.op === "read"
                ? readNothing(host, fd)
                : a.op === "shutdown"
                  ? host.shutdown(fd, now)
                  : a.op === "close"
                    ? host.close(fd, now)
                    : host.abort(fd, now);
      if (a.op === "close" || a.op === "abort") fd = undefined;
      sent = r?.sent.map((s) => `${s.flags}:${s.seq}:${s.ack}:${s.len}`) ?? [];
    } else if (a.kind === "segment") {
      const conn = host.connections()[0];
      const base = conn?.irs ?? peerIsn;
      const r = host.onSegmentArrives(
        {
          srcIp: "10.0.0.1",
          srcPort: 80,
          dstIp: "10.0.0.2",
          dstPort: 5000,
          seq: (base + a.seqOffset) >>> 0,
          ack: a.flags & ACK ? ((conn?.iss ?? 0) + a.ackOffset) >>> 0 : 0,
          flags: a.flags,
          wnd: 65535,
          len: a.len,
        },
        now,
      );
      sent = r.sent.map((s) => `${s.flags}:${s.seq}:${s.ack}:${s.len}`);
    } else {
      const conn = host.connections()[0];
      const at = conn?.timers[a.timer];
      if (conn && at !== undefined) {
        now = Math.max(now, at);
        sent = host.fireTimer(conn, a.timer, now).sent.map((s) => `${s.flags}:${s.seq}:${s.ack}:${s.len}`);
      }
    }
    for (const c of host.connections()) {
      assert.ok(TCP_STATES.includes(c.state), `legal state ${c.state}`);
      if (isSynchronized(c.state) && c.state !== "TIME_WAIT") {
        assert.ok(seqLe(c.sndUna, c.sndNxt), "SND.UNA <= SND.NXT");
        assert.ok(seqLe(c.sndNxt, c.writeSeq), "SND.NXT <= everything queued");
        // The window bounds data; SYN and FIN take one number each beyond it at most.
        assert.ok(seqDiff(c.sndNxt, c.sndUna) <= c.sndWnd + 2, "SND.NXT <= SND.UNA + SND.WND");
      }
    }
    trace.push(
      `${host
        .connections()
        .map((c) => c.state)
        .join(",")}|${sent.join(" ")}`,
    );
  }
  return trace;
}

describe("properties", () => {
  test("random calls, segments and timers never throw and keep the invariants", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 60 }), (actions) => {
        try {
          runLone(actions);
        } catch (e) {
          if (e instanceof EngineInputError) return; // a call the host refuses with a typed error
          throw e;
        }
      }),
      { ...FC, numRuns: 300 },
    );
  });

  test("runs are deterministic: the same inputs give the same outputs", () => {
    fc.assert(
      fc.property(fc.array(action, { minLength: 1, maxLength: 40 }), (actions) => {
        let one: string[] | string;
        let two: string[] | string;
        try {
          one = runLone(actions);
        } catch (e) {
          one = String(e);
        }
        try {
          two = runLone(actions);
        } catch (e) {
          two = String(e);
        }
        assert.deepEqual(one, two);
      }),
      FC,
    );
  });

  const lossy = fc.record({
    loss: fc.double({ min: 0, max: 0.3, noNaN: true }),
    dup: fc.double({ min: 0, max: 0.2, noNaN: true }),
    reorder: fc.double({ min: 0, max: 0.3, noNaN: true }),
    jitter: fc.integer({ min: 0, max: 80 }),
    seed: fc.integer(),
    chunksA: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 6 }),
    chunksB: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 0, maxLength: 6 }),
  });

  test("across up to 30 % loss, duplication and reordering, data arrives exactly once and in order, and both sides end CLOSED", () => {
    fc.assert(
      fc.property(lossy, (p) => {
        const link = {
          delayMs: 40,
          jitterMs: p.jitter,
          loss: { model: "bernoulli" as const, p: p.loss },
          duplicateP: p.dup,
          reorder: { p: p.reorder, extraDelayMs: 120 },
        };
        const network: NetworkConfigInput = { "a->b": link, "b->a": link };
        const w = new World({ seed: p.seed, network });
        const lfd = serverListens(w);
        const cfd = clientConnects(w);
        let sfd: number | null = null;
        for (let i = 0; i < 200 && sfd === null; i++) {
          w.advanceTo(w.now + 1000);
          sfd = w.call("b", { op: "accept", fd: lfd }).result;
        }
        assert.ok(sfd !== null, "the handshake completes");
        for (const n of p.chunksA) w.call("a", { op: "send", fd: cfd, bytes: n });
        for (const n of p.chunksB) w.call("b", { op: "send", fd: sfd, bytes: n });
        const want = { a: sum(p.chunksB), b: sum(p.chunksA) };
        const got = { a: [] as number[], b: [] as number[] };
        for (let i = 0; i < 600 && (got.a.length < want.a || got.b.length < want.b); i++) {
          w.advanceTo(w.now + 1000);
          got.a.push(...(w.call("a", { op: "read", fd: cfd }).data ?? []));
          got.b.push(...(w.call("b", { op: "read", fd: sfd }).data ?? []));
        }
        for (const side of ["a", "b"] as const) {
          assert.equal(got[side].length, want[side], `side ${side} received every byte once`);
          for (const [i, byte] of got[side].entries())
            assert.equal(byte, streamByte(i), `byte ${i} in order`);
        }
        w.call("a", { op: "close", fd: cfd });
        for (let i = 0; i < 600 && w.hosts.b.connectionOf(sfd)?.state !== "CLOSE_WAIT"; i++) {
          w.advanceTo(w.now + 1000);
        }
        w.call("b", { op: "close", fd: sfd });
        w.advanceTo(w.now + 3_600_000);
        assert.deepEqual(w.hosts.a.connections(), [], "the client's connection is gone");
        assert.deepEqual(w.hosts.b.connections(), [], "the server's connection is gone");
        const clientStates = w.log
          .filter((e) => e.type === "state" && e.side === "a")
          .map((e) => (e.type === "state" ? e.to : ""));
        assert.ok(clientStates.includes("TIME_WAIT"), "the active closer went through TIME_WAIT");
        assert.equal(clientStates.at(-1), "CLOSED");
      }),
      { ...FC, numRuns: 40 },
    );
  });

  test("with 100 % loss every waiting application gets ETIMEDOUT and nothing runs forever", () => {
    fc.assert(
      fc.property(fc.integer(), fc.boolean(), (seed, established) => {
        const w = new World({ seed });
        const lfd = serverListens(w);
        const cfd = w.call("a", { op: "socket" }).result as number;
        const blackHole = { loss: { model: "bernoulli" as const, p: 1 } };
        if (established) {
          w.call("a", { op: "connect", fd: cfd, port: 80 });
          w.advanceTo(w.now + 1000);
          const sfd = w.call("b", { op: "accept", fd: lfd }).result as number;
          w.network.setConditions("a->b", blackHole);
          w.network.setConditions("b->a", blackHole);
          w.call("a", { op: "send", fd: cfd, bytes: 100 });
          w.call("b", { op: "send", fd: sfd, bytes: 100 });
        } else {
          w.network.setConditions("a->b", blackHole);
          w.network.setConditions("b->a", blackHole);
          w.call("a", { op: "connect", fd: cfd, port: 80 });
        }
        w.advanceTo(w.now + 24 * 3_600_000);
        const errors = w.log
          .filter((e) => e.type === "error")
          .map((e) => (e.type === "error" ? `${e.side}:${e.error}` : ""));
        assert.ok(errors.includes("a:ETIMEDOUT"), "the client times out");
        if (established) assert.ok(errors.includes("b:ETIMEDOUT"), "the server times out");
        assert.equal(w.nextEventAt(), undefined, "no event is left: nothing hangs");
        assert.equal(w.hosts.a.connectionOf(cfd)?.state, "CLOSED");
      }),
      { ...FC, numRuns: 20 },
    );
  });
});

function readNothing(host: Host, fd: number): null {
  host.read(fd);
  return null;
}

function sum(xs: number[]): number {
  return xs.reduce((a, b) => a + b, 0);
}
