// The host around the connections: socket table, bind and SO_REUSEADDR, the listener, demux,
// resets for segments nobody wants, and the engine's boundary (bad input, forbidden calls).
// Absolute numbers throughout; two hosts talk over a Wire delivered by hand.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { EngineInputError } from "../tcp/errors.ts";
import {
  A_IP,
  activeConn,
  B_IP,
  bytes,
  hostWithIsn,
  seg,
  snapshot,
  Wire,
} from "../tcp/fixtures.test-util.ts";
import { ACK, FIN, RST, type Segment, SYN } from "../tcp/segment.ts";
import { SEQ_MOD, seqAdd } from "../tcp/seq.ts";
import { Host } from "./host.ts";

const MSL2 = 60_000;

/** Host A listening on port 5000 (SO_REUSEADDR), ISNs from `isns`. */
function listeningHost(isns = [1000]): { host: Host; lfd: number } {
  const host = hostWithIsn(A_IP, isns);
  const lfd = host.socket({ reuseAddr: true });
  assert.equal(host.bind(lfd, 5000).error, null);
  assert.equal(host.listen(lfd).error, null);
  return { host, lfd };
}

/** A SYN from B:`port` to A:5000. */
function synFrom(port: number, seq = 100): Segment {
  return seg("S", seq, 0, 0, { srcPort: port });
}

function flagsSeqAck(s: Segment[]): Array<[number, number, number]> {
  return s.map((x) => [x.flags, x.seq, x.ack]);
}

/** Host A with a connection to B:40000 from port 5000 in TIME_WAIT (ISS 1000, IRS 500). */
function timeWaitHost(reuseAddr: boolean): { host: Host; fd: number } {
  const host = hostWithIsn(A_IP, [1000]);
  const fd = host.socket({ reuseAddr });
  host.bind(fd, 5000);
  host.connect(fd, B_IP, 40000, 0);
  host.onSegmentArrives(seg("SA", 500, 1001), 10);
  host.close(fd, 20);
  host.onSegmentArrives(seg("FA", 501, 1002), 30);
  assert.equal(host.connections()[0]?.state, "TIME_WAIT");
  return { host, fd };
}

describe("Host: resets for segments nobody wants (RFC 9293 §3.10.7.1)", () => {
  const host = hostWithIsn(A_IP, [1]);

  it("an ACK to a port without socket -> RST seq=SEG.ACK, addressed back to the sender", () => {
    const [rst] = host.onSegmentArrives(seg("A", 10, 77), 0).sent;
    assert.ok(rst);
    assert.deepEqual(
      [rst.flags, rst.seq, rst.srcIp, rst.srcPort, rst.dstIp, rst.dstPort],
      [RST, 77, A_IP, 5000, B_IP, 40000],
    );
  });

  it("a SYN,FIN with data and no ACK -> RST,ACK ack=SEG.SEQ+SEG.LEN (SYN and FIN count)", () => {
    assert.deepEqual(flagsSeqAck(host.onSegmentArrives(seg("SF", 10, 0, 5), 0).sent), [[RST | ACK, 0, 17]]);
  });

  it("the acknowledgment wraps modulo 2^32", () => {
    assert.deepEqual(flagsSeqAck(host.onSegmentArrives(seg("F", SEQ_MOD - 1, 0, 0), 0).sent), [
      [RST | ACK, 0, 0],
    ]);
  });

  it("an RST -> nothing", () => {
    assert.deepEqual(host.onSegmentArrives(seg("RA", 10, 5), 0).sent, []);
  });
});

describe("Host: listener and demultiplexing", () => {
  it("each peer port gets its own half-open connection; an ACK completes only its own", () => {
    const { host, lfd } = listeningHost([1000, 2000]);
    assert.deepEqual(flagsSeqAck(host.onSegmentArrives(synFrom(40001), 0).sent), [[SYN | ACK, 1000, 101]]);
    assert.deepEqual(flagsSeqAck(host.onSegmentArrives(synFrom(40002), 0).sent), [[SYN | ACK, 2000, 101]]);
    assert.equal(host.accept(lfd), undefined, "nothing synchronized yet");
    host.onSegmentArrives(seg("A", 101, 2001, 0, { srcPort: 40002 }), 10);
    const states = host.childrenOf(lfd).map((c) => [c.remote.port, c.state]);
    assert.deepEqual(states, [
      [40001, "SYN_RECEIVED"],
      [40002, "ESTABLISHED"],
    ]);
    const fd = host.accept(lfd);
    assert.equal(host.connectionOf(fd as number)?.remote.port, 40002);
    assert.equal(host.accept(lfd), undefined);
  });

  it("a half-open request holds no port: another socket may not bind it anyway while the listener is open", () => {
    const { host } = listeningHost();
    host.onSegmentArrives(synFrom(40001), 0);
    const fd = host.socket({ reuseAddr: true });
    assert.equal(host.bind(fd, 5000).error, "EADDRINUSE");
  });

  it("closing the listener: half-open requests vanish silently, unaccepted connections are reset, accepted ones live on", () => {
    const { host, lfd } = listeningHost([1000, 2000, 3000]);
    host.onSegmentArrives(synFrom(40001), 0);
    host.onSegmentArrives(synFrom(40002), 0);
    host.onSegmentArrives(synFrom(40003), 0);
    host.onSegmentArrives(seg("A", 101, 2001, 0, { srcPort: 40002 }), 10);
    host.onSegmentArrives(seg("A", 101, 3001, 0, { srcPort: 40003 }), 10);
    const accepted = host.accept(lfd) as number;
    assert.equal(host.connectionOf(accepted)?.remote.port, 40002);
    const r = host.close(lfd, 20);
    assert.deepEqual(
      r.sent.map((s) => [s.flags, s.seq, s.ack, s.dstPort]),
      [[RST | ACK, 3001, 101, 40003]],
    );
    assert.deepEqual(
      host.connections().map((c) => [c.remote.port, c.state]),
      [[40002, "ESTABLISHED"]],
    );
    // The vanished request's peer gets a reset when it completes the handshake.
    assert.deepEqual(
      flagsSeqAck(host.onSegmentArrives(seg("A", 101, 1001, 0, { srcPort: 40001 }), 30).sent),
      [[RST, 1001, 0]],
    );
  });

  it("a listener's connections inherit its SO_REUSEADDR and SO_KEEPALIVE", () => {
    const host = hostWithIsn(A_IP, [1000]);
    const lfd = host.socket({ reuseAddr: true, keepalive: true });
    host.bind(lfd, 5000);
    host.listen(lfd);
    host.onSegmentArrives(synFrom(40001), 0);
    host.onSegmentArrives(seg("A", 101, 1001, 0, { srcPort: 40001 }), 10);
    const fd = host.accept(lfd) as number;
    const conn = host.connectionOf(fd);
    assert.equal(conn?.keepaliveEnabled, true);
    assert.equal(conn?.timers.keepalive, 10 + host.config.keepalive.idleMs);
    host.close(lfd, 20);
    const other = host.socket({ reuseAddr: true });
    assert.equal(host.bind(other, 5000).error, null, "the accepted connection shares the port");
  });

  it("tick fires every due timer, earliest first", () => {
    const host = hostWithIsn(A_IP, [1000, 2000]);
    const a = host.socket();
    const b = host.socket();
    host.connect(a, B_IP, 40000, 0);
    host.connect(b, B_IP, 40001, 500);
    assert.deepEqual(host.nextTimer()?.at, 1000);
    const fired = host.tick(1500);
    assert.deepEqual(
      fired.map((f) => [f.conn.iss, f.kind, f.reaction.sent[0]?.seq]),
      [
        [1000, "retransmission", 1000],
        [2000, "retransmission", 2000],
      ],
    );
    assert.deepEqual(host.tick(1500), []);
  });

  it("netstat shows listeners first, then connections with their queues and timer", () => {
    const { host, lfd } = listeningHost([1000]);
    host.onSegmentArrives(synFrom(40001), 0);
    host.onSegmentArrives(seg("PA", 101, 1001, 7, { srcPort: 40001 }), 10);
    host.accept(lfd);
    const rows = host.netstat(100);
    assert.deepEqual(
      rows.map((r) => [r.local, r.foreign, r.state, r.recvQ, r.sendQ]),
      [
        ["0.0.0.0:5000", "0.0.0.0:*", "LISTEN", 0, 0],
        [`${A_IP}:5000`, `${B_IP}:40001`, "ESTABLISHED", 7, 0],
      ],
    );
  });
});

describe("Host: bind and SO_REUSEADDR (Linux inet_csk_bind_conflict)", () => {
  it("bind twice on one socket -> EINVAL", () => {
    const host = hostWithIsn(A_IP, [1]);
    const fd = host.socket();
    assert.equal(host.bind(fd, 5000).error, null);
    assert.equal(host.bind(fd, 5001).error, "EINVAL");
  });

  it("a listener holds its port even when both sockets set SO_REUSEADDR", () => {
    const { host } = listeningHost();
    assert.equal(host.bind(host.socket({ reuseAddr: true }), 5000).error, "EADDRINUSE");
    assert.equal(host.bind(host.socket(), 5000).error, "EADDRINUSE");
  });

  it("a bound socket without SO_REUSEADDR blocks another bind; with it on both sides, the port is shared", () => {
    const host = hostWithIsn(A_IP, [1]);
    assert.equal(host.bind(host.socket({ reuseAddr: true }), 5000).error, null);
    assert.equal(host.bind(host.socket({ reuseAddr: false }), 5000).error, "EADDRINUSE");
    assert.equal(host.bind(host.socket({ reuseAddr: true }), 5000).error, null);
  });

  it("TIME_WAIT blocks a bind without SO_REUSEADDR and allows one with it", () => {
    const { host } = timeWaitHost(true);
    assert.equal(host.bind(host.socket({ reuseAddr: false }), 5000).error, "EADDRINUSE");
    assert.equal(host.bind(host.socket({ reuseAddr: true }), 5000).error, null);
  });

  it("TIME_WAIT of a socket without SO_REUSEADDR blocks every bind", () => {
    const { host } = timeWaitHost(false);
    assert.equal(host.bind(host.socket({ reuseAddr: true }), 5000).error, "EADDRINUSE");
  });

  it("after 2MSL the port is free again", () => {
    const { host } = timeWaitHost(false);
    const tw = host.connections()[0];
    assert.equal(tw?.timers.time_wait, 30 + MSL2);
    host.tick(30 + MSL2);
    assert.deepEqual(host.connections(), []);
    assert.equal(host.bind(host.socket({ reuseAddr: false }), 5000).error, null);
  });

  it("an explicitly bound socket keeps its port after its connection was refused, until it is closed", () => {
    const host = hostWithIsn(A_IP, [1000]);
    const fd = host.socket();
    host.bind(fd, 5000);
    host.connect(fd, B_IP, 40000, 0);
    assert.equal(host.onSegmentArrives(seg("RA", 0, 1001), 10).error, "ECONNREFUSED");
    assert.equal(host.bind(host.socket(), 5000).error, "EADDRINUSE");
    host.close(fd, 20);
    assert.equal(host.bind(host.socket(), 5000).error, null);
  });

  it("an unbound connect takes an ephemeral port that is free", () => {
    const ports = [5000, 5000, 5001];
    const host = new Host({ ip: A_IP, isn: () => 1, ephemeralPort: () => ports.shift() ?? 6000 });
    const held = host.socket();
    host.bind(held, 5000);
    const fd = host.socket();
    host.connect(fd, B_IP, 40000, 0);
    assert.equal(host.connectionOf(fd)?.local.port, 5001);
  });
});

describe("Host: TIME_WAIT and a new SYN (RFC 1122 §4.2.2.13, Linux TCP_TW_SYN)", () => {
  /** Listener on 5000; the accepted connection went through an active close into TIME_WAIT. */
  function passiveTimeWait(): { host: Host; lfd: number } {
    const { host, lfd } = listeningHost([1000, 7]);
    host.onSegmentArrives(synFrom(40000, 100), 0);
    host.onSegmentArrives(seg("A", 101, 1001), 10);
    const fd = host.accept(lfd) as number;
    host.close(fd, 20);
    host.onSegmentArrives(seg("FA", 101, 1002), 30);
    assert.equal(host.connections()[0]?.state, "TIME_WAIT");
    return { host, lfd };
  }

  it("with the listener open: a new incarnation with ISS = old SND.NXT + 65537", () => {
    const { host, lfd } = passiveTimeWait();
    const r = host.onSegmentArrives(synFrom(40000, 5000), 40);
    assert.deepEqual(flagsSeqAck(r.sent), [[SYN | ACK, seqAdd(1002, 65537), 5001]]);
    assert.deepEqual(
      host.childrenOf(lfd).map((c) => c.state),
      ["SYN_RECEIVED"],
      "the TIME_WAIT connection gave way",
    );
  });

  it("the new ISS wraps modulo 2^32 (and is never 0)", () => {
    const { host, lfd } = listeningHost([SEQ_MOD - 65539, 7]);
    host.onSegmentArrives(synFrom(40000, 100), 0);
    host.onSegmentArrives(seg("A", 101, SEQ_MOD - 65538), 10);
    const fd = host.accept(lfd) as number;
    host.close(fd, 20);
    host.onSegmentArrives(seg("FA", 101, SEQ_MOD - 65537), 30);
    // SND.NXT is 2^32 - 65537, so SND.NXT + 65537 wraps to 0, which Linux makes 1.
    const r = host.onSegmentArrives(synFrom(40000, 5000), 40);
    assert.deepEqual(flagsSeqAck(r.sent), [[SYN | ACK, 1, 5001]]);
  });

  it("without a listener: an ACK with the old numbers, the 2MSL timer untouched", () => {
    const { host } = timeWaitHost(true);
    const tw = host.connections()[0];
    const r = host.onSegmentArrives(synFrom(40000, 5000), 40);
    assert.deepEqual(flagsSeqAck(r.sent), [[ACK, 1002, 502]]);
    assert.equal(tw?.state, "TIME_WAIT");
    assert.equal(tw?.timers.time_wait, 30 + MSL2);
  });
});

describe("sequence numbers across the 2^32 wrap", () => {
  it("handshake, 1000 bytes each way and close, with ISS and IRS a few bytes below 2^32", () => {
    const a = hostWithIsn(A_IP, [SEQ_MOD - 3]);
    const b = hostWithIsn(B_IP, [SEQ_MOD - 16]);
    const lfd = b.socket({ reuseAddr: true });
    b.bind(lfd, 80);
    b.listen(lfd);
    const cfd = a.socket();
    a.bind(cfd, 40000);
    const wire = new Wire(a, b);
    let now = 0;
    wire.deliver(a.connect(cfd, B_IP, 80, now).sent, now);
    const sfd = b.accept(lfd) as number;
    const ca = a.connectionOf(cfd);
    const cb = b.connectionOf(sfd);
    assert.equal(ca?.state, "ESTABLISHED");
    assert.equal(cb?.state, "ESTABLISHED");

    const fromA = bytes(1000, 1);
    const fromB = bytes(1000, 2);
    for (let i = 0; i < 4; i++) {
      now += 10;
      wire.deliver(a.send(cfd, fromA.subarray(i * 250, (i + 1) * 250), now).sent, now);
      now += 10;
      wire.deliver(b.send(sfd, fromB.subarray(i * 250, (i + 1) * 250), now).sent, now);
    }
    assert.deepEqual(b.read(sfd).data, fromA);
    assert.deepEqual(a.read(cfd).data, fromB);
    assert.equal(ca?.sndNxt, 998, "A's SND.NXT wrapped: (2^32 - 3) + 1 + 1000");
    assert.equal(cb?.sndNxt, 985, "B's SND.NXT wrapped: (2^32 - 16) + 1 + 1000");
    assert.ok(
      wire.log.some((s) => s.len > 0 && s.seq + s.len > SEQ_MOD),
      "some segment straddles 2^32",
    );

    now += 10;
    wire.deliver(a.close(cfd, now).sent, now);
    assert.equal(cb?.state, "CLOSE_WAIT");
    assert.equal(ca?.state, "FIN_WAIT_2");
    now += 10;
    wire.deliver(b.close(sfd, now).sent, now);
    assert.equal(ca?.state, "TIME_WAIT");
    assert.equal(cb?.state, "CLOSED");
    assert.equal(ca?.rcvNxt, 986);
    assert.equal(ca?.sndUna, 999);
    assert.ok(wire.log.every((s) => s.seq >= 0 && s.seq < SEQ_MOD && s.ack >= 0 && s.ack < SEQ_MOD));
    assert.ok(!wire.log.some((s) => s.flags & RST), "no reset anywhere");
    assert.equal(wire.log.filter((s) => s.flags & FIN).length, 2);
  });
});

describe("the engine boundary: bad input", () => {
  function established() {
    const { conn } = activeConn(SEQ_MOD - 2);
    conn.onSegmentArrives(seg("SA", 700, SEQ_MOD - 1), 10);
    conn.send(new Uint8Array(10), 20);
    assert.equal(conn.state, "ESTABLISHED");
    return conn;
  }

  const bad: Array<[string, Partial<Segment>, RegExp]> = [
    ["a negative len", { len: -1 }, /len -1/],
    ["a fractional len", { len: 1.5 }, /len 1.5/],
    ["a seq of 2^32", { seq: SEQ_MOD }, /seq 4294967296/],
    ["a negative seq", { seq: -1 }, /seq -1/],
    ["an ack beyond 32 bits", { ack: SEQ_MOD + 5 }, /ack 4294967301/],
    ["flags above 0x1f", { flags: 0x20 }, /flags 32/],
    ["a window above 65535", { wnd: 70000 }, /wnd 70000/],
    ["port 0", { srcPort: 0 }, /port 0/],
    ["a payload whose length differs from len", { len: 3, data: new Uint8Array(2) }, /payload length/],
  ];

  for (const [what, over, message] of bad) {
    it(`a segment with ${what} -> EngineInputError, the connection untouched`, () => {
      const conn = established();
      const before = snapshot(conn);
      const s = { ...seg("A", 701, SEQ_MOD - 1), ...over };
      assert.throws(
        () => conn.onSegmentArrives(s, 30),
        (e: unknown) => e instanceof EngineInputError && e.code === "BAD_SEGMENT" && message.test(e.message),
      );
      assert.deepEqual(snapshot(conn), before);
    });
  }

  it("the host refuses a bad segment before any connection sees it", () => {
    const host = hostWithIsn(A_IP, [5]);
    const fd = host.socket();
    host.bind(fd, 5000);
    host.connect(fd, B_IP, 40000, 0);
    const conn = host.connectionOf(fd);
    assert.ok(conn);
    const before = snapshot(conn);
    assert.throws(() => host.onSegmentArrives({ ...seg("SA", 0, 6), len: -4 }, 10), EngineInputError);
    assert.throws(() => host.onSegmentArrives({ ...seg("SA", 0, 6), flags: 0x3f }, 10), /flags 63/);
    assert.deepEqual(snapshot(conn), before);
    assert.equal(host.onSegmentArrives(seg("SA", 0, 6), 10).sent[0]?.flags, ACK, "still works afterwards");
  });

  it("time that is not a finite number -> EngineInputError, nothing changes", () => {
    const conn = established();
    const before = snapshot(conn);
    assert.throws(() => conn.onSegmentArrives(seg("A", 701, SEQ_MOD - 1), Number.NaN), /time NaN/);
    assert.throws(() => conn.onTimerExpires("retransmission", Number.POSITIVE_INFINITY), EngineInputError);
    assert.deepEqual(snapshot(conn), before);
  });

  it("send of zero bytes -> EngineInputError (BAD_ARGUMENT)", () => {
    const conn = established();
    assert.throws(
      () => conn.send(new Uint8Array(0), 30),
      (e: unknown) => e instanceof EngineInputError && e.code === "BAD_ARGUMENT",
    );
  });

  it("an fd that is not open, a port out of range -> EngineInputError", () => {
    const host = hostWithIsn(A_IP, [5]);
    assert.throws(
      () => host.send(42, new Uint8Array(1), 0),
      (e: unknown) => e instanceof EngineInputError && e.code === "BAD_CALL" && /fd 42/.test(e.message),
    );
    assert.throws(() => host.bind(host.socket(), 70000), /port 70000/);
    assert.throws(() => host.connect(host.socket(), B_IP, 0, 0), /port 0/);
  });
});

describe("the engine boundary: calls the state does not allow", () => {
  it("send, read, shutdown on a socket that never connected -> EPIPE, ENOTCONN, ENOTCONN", () => {
    const host = hostWithIsn(A_IP, [5]);
    const fd = host.socket();
    assert.equal(host.send(fd, new Uint8Array(1), 0).error, "EPIPE");
    assert.equal(host.read(fd).error, "ENOTCONN");
    assert.equal(host.shutdown(fd, 0).error, "ENOTCONN");
    assert.deepEqual(host.connections(), []);
  });

  it("listen on a connecting socket, connect on a listener or twice -> EINVAL, nothing changes", () => {
    const host = hostWithIsn(A_IP, [5]);
    const c = host.socket();
    host.connect(c, B_IP, 40000, 0);
    const conn = host.connectionOf(c);
    assert.ok(conn);
    const before = snapshot(conn);
    assert.equal(host.listen(c).error, "EINVAL");
    assert.equal(host.connect(c, B_IP, 40000, 1).error, "EINVAL");
    assert.deepEqual(snapshot(conn), before);
    const l = host.socket();
    host.listen(l);
    const r = host.connect(l, B_IP, 40000, 1);
    assert.equal(r.error, "EINVAL");
    assert.deepEqual(r.sent, []);
    assert.equal(host.isListening(l), true);
  });

  it("send after shutdown -> EPIPE, nothing sent, state and counters intact", () => {
    const { conn } = activeConn(100);
    conn.onSegmentArrives(seg("SA", 0, 101), 10);
    conn.shutdown(20);
    const before = snapshot(conn);
    const r = conn.send(new Uint8Array(5), 30);
    assert.equal(r.error, "EPIPE");
    assert.deepEqual(r.sent, []);
    assert.deepEqual(snapshot(conn), before);
  });

  it("shutdown of a closed connection -> ENOTCONN, state intact", () => {
    const { conn } = activeConn(100);
    conn.onSegmentArrives(seg("RA", 0, 101), 10);
    assert.equal(conn.state, "CLOSED");
    const before = snapshot(conn);
    assert.equal(conn.shutdown(20).error, "ENOTCONN");
    assert.deepEqual(snapshot(conn), before);
  });
});
