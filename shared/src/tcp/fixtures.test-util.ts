// Fixtures for the engine's per-state tests (smoltcp tcp.rs style): builders that bring an
// endpoint under test into each state of RFC 9293 Figure 5, through ProbeEut (relative numbers,
// exactly as a probe drives it) or through Host/TcpConnection (absolute numbers).
//
// Relative numbers, as in PROBE.md: the EUT's ISN is 0 and so is the peer's. Each builder's
// comment gives the EUT's SND.NXT / RCV.NXT it leaves behind.

import assert from "node:assert/strict";
import { Host } from "../host/host.ts";
import type { ProbeStep, SentSegment, StepResult } from "../probe/format.ts";
import { ProbeEut } from "../probe/runner.ts";
import { type TcpConfig, tcpConfig } from "./config.ts";
import { TcpConnection, type TimerKind } from "./connection.ts";
import { ACK, flagsFromString, type Segment } from "./segment.ts";

// ---------------------------------------------------------------------------------------------
// Driving one EUT the way a probe does

/** One sent segment in a compact form: `"PA 1/1 len10"`, `"S 0"`, `"R 9"`. */
export function fmt(s: SentSegment): string {
  const ack = s.ack === undefined ? "" : `/${s.ack}`;
  const len = s.len > 0 ? ` len${s.len}` : "";
  return `${s.flags} ${s.seq}${ack}${len}`;
}

/** Assert a step's outcome: the state after it, what the EUT sent (compact form), the error. */
export function expectStep(
  r: StepResult,
  state: string,
  sent: string[] = [],
  error: string | null = null,
): void {
  assert.deepEqual({ state: r.state, sent: r.sent.map(fmt), error: r.error }, { state, sent, error });
}

/** An endpoint under test driven step by step, with one helper per probe step. */
export class Eut {
  readonly probe = new ProbeEut();
  readonly history: StepResult[] = [];

  step(s: ProbeStep): StepResult {
    const r = this.probe.step(s);
    this.history.push(r);
    return r;
  }

  listen(): StepResult {
    return this.step({ call: "listen" });
  }
  connect(): StepResult {
    return this.step({ call: "connect" });
  }
  send(bytes: number): StepResult {
    return this.step({ call: "send", bytes });
  }
  read(): StepResult {
    return this.step({ call: "read" });
  }
  shutdown(): StepResult {
    return this.step({ call: "shutdown" });
  }
  close(): StepResult {
    return this.step({ call: "close" });
  }
  abort(): StepResult {
    return this.step({ call: "abort" });
  }
  closeListener(): StepResult {
    return this.step({ call: "close_listener" });
  }
  bindAgain(reuseaddr: boolean): StepResult {
    return this.step({ call: "bind_again", reuseaddr });
  }
  /** A segment from the peer: `recv("PA", 1, 1, 100)`; `ack` only with the A flag. */
  recv(flags: string, seq: number, ack?: number, len?: number): StepResult {
    const seg: { flags: string; seq: number; ack?: number; len?: number } = { flags, seq };
    if (ack !== undefined) seg.ack = ack;
    if (len !== undefined) seg.len = len;
    return this.step({ recv: seg });
  }
  expire(kind: TimerKind): StepResult {
    return this.step({ expire: kind });
  }
  /** Fire a timer `n` times; the results of every firing. */
  expireTimes(kind: TimerKind, n: number): StepResult[] {
    return Array.from({ length: n }, () => this.expire(kind));
  }
}

// ---------------------------------------------------------------------------------------------
// One builder per state. Each checks every step on its way, so a broken path fails loudly.

/** A fresh socket: nothing bound, nothing sent. */
export function closed(): Eut {
  return new Eut();
}

/** A listening socket on the EUT's port. */
export function listen(): Eut {
  const e = new Eut();
  expectStep(e.listen(), "LISTEN");
  return e;
}

/** connect() sent SYN seq 0. SND.NXT 1. */
export function synSent(): Eut {
  const e = new Eut();
  expectStep(e.connect(), "SYN_SENT", ["S 0"]);
  return e;
}

/** Passive: the listener answered the peer's SYN (seq 0) with SYN-ACK. SND.NXT 1, RCV.NXT 1. */
export function synReceived(): Eut {
  const e = listen();
  expectStep(e.recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  return e;
}

/** Active, crossed SYNs: our SYN is out, the peer's SYN came in, we answered SYN-ACK. SND.NXT 1, RCV.NXT 1. */
export function synReceivedSimultaneous(): Eut {
  const e = synSent();
  expectStep(e.recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  return e;
}

/** Three-way handshake done. SND.NXT 1, RCV.NXT 1. */
export function established(role: "active" | "passive" = "active"): Eut {
  if (role === "active") {
    const e = synSent();
    expectStep(e.recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
    return e;
  }
  const e = synReceived();
  expectStep(e.recv("A", 1, 1), "ESTABLISHED");
  return e;
}

/** Our FIN (seq 1) is out, unacknowledged. `close` orphans the socket, `shutdown` keeps it. SND.NXT 2, RCV.NXT 1. */
export function finWait1(how: "close" | "shutdown" = "close", role: "active" | "passive" = "active"): Eut {
  const e = established(role);
  expectStep(how === "close" ? e.close() : e.shutdown(), "FIN_WAIT_1", ["FA 1/1"]);
  return e;
}

/** Our FIN is acknowledged; waiting for the peer's. SND.NXT 2, RCV.NXT 1. */
export function finWait2(how: "shutdown" | "close" = "shutdown"): Eut {
  const e = finWait1(how);
  expectStep(e.recv("A", 1, 2), "FIN_WAIT_2");
  return e;
}

/** The peer's FIN (seq 1) arrived and was acknowledged. SND.NXT 1, RCV.NXT 2. */
export function closeWait(role: "active" | "passive" = "active"): Eut {
  const e = established(role);
  expectStep(e.recv("FA", 1, 1), "CLOSE_WAIT", ["A 1/2"]);
  return e;
}

/** Simultaneous close: both FINs crossed, ours is not yet acknowledged. SND.NXT 2, RCV.NXT 2. */
export function closing(how: "close" | "shutdown" = "close"): Eut {
  const e = finWait1(how);
  expectStep(e.recv("FA", 1, 1), "CLOSING", ["A 2/2"]);
  return e;
}

/** Passive close: our FIN (seq 1) follows the peer's. SND.NXT 2, RCV.NXT 2. */
export function lastAck(how: "close" | "shutdown" = "close"): Eut {
  const e = closeWait();
  expectStep(how === "close" ? e.close() : e.shutdown(), "LAST_ACK", ["FA 1/2"]);
  return e;
}

/**
 * TIME_WAIT after an active close (FIN+ACK answering our FIN). SND.NXT 2, RCV.NXT 2.
 * `passive`: the EUT accepted the connection from its (still open) listener, then closed it.
 */
export function timeWait(role: "active" | "passive" = "active"): Eut {
  const e = finWait1("close", role);
  expectStep(e.recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  return e;
}

// ---------------------------------------------------------------------------------------------
// Absolute numbers: a TcpConnection or Hosts driven by hand

export const A_IP = "10.0.0.1";
export const B_IP = "10.0.0.2";

/** A segment from B (the peer) to A's port 5000, with defaults for everything but flags and numbers. */
export function seg(flags: string, seq: number, ack = 0, len = 0, over: Partial<Segment> = {}): Segment {
  const f = flagsFromString(flags);
  return {
    srcIp: B_IP,
    srcPort: 40000,
    dstIp: A_IP,
    dstPort: 5000,
    seq,
    ack: f & ACK ? ack : 0,
    flags: f,
    wnd: 65535,
    len,
    data: len > 0 ? new Uint8Array(len) : undefined,
    ...over,
  };
}

/** An active TcpConnection from A:5000 to B:40000 that has sent its SYN at `iss`. */
export function activeConn(
  iss: number,
  config: Partial<TcpConfig> = {},
  now = 0,
): { conn: TcpConnection; synAt: number } {
  const { conn } = TcpConnection.connect({
    local: { ip: A_IP, port: 5000 },
    remote: { ip: B_IP, port: 40000 },
    iss,
    config: tcpConfig(config),
    now,
  });
  return { conn, synAt: now };
}

/** The observable variables of a connection, to show that an input changed nothing. */
export function snapshot(c: TcpConnection): Record<string, unknown> {
  return {
    state: c.state,
    sndUna: c.sndUna,
    sndNxt: c.sndNxt,
    writeSeq: c.writeSeq,
    rcvNxt: c.rcvNxt,
    irs: c.irs,
    unreadBytes: c.unreadBytes,
    retransmits: c.retransmits,
    rto: c.rto,
    sendQueueBytes: c.sendQueueBytes,
    timers: { ...c.timers },
  };
}

/** Two hosts and the wire between them: segments are delivered by hand, in order, until quiet. */
export class Wire {
  readonly log: Segment[] = [];
  readonly a: Host;
  readonly b: Host;
  constructor(a: Host, b: Host) {
    this.a = a;
    this.b = b;
  }

  /** Deliver `segments` (and everything they cause) to their destination hosts. */
  deliver(segments: Segment[], now: number): void {
    const queue = [...segments];
    for (let guard = 0; queue.length > 0; guard++) {
      assert.ok(guard < 10_000, "the wire never went quiet");
      const s = queue.shift() as Segment;
      this.log.push(s);
      const to = s.dstIp === this.a.ip ? this.a : this.b;
      queue.push(...to.onSegmentArrives(s, now).sent);
    }
  }
}

/** A host with a fixed sequence of ISNs; ephemeral ports count up from 33000. */
export function hostWithIsn(ip: string, isns: number[], config: Partial<TcpConfig> = {}): Host {
  let i = 0;
  let port = 33000;
  return new Host({
    ip,
    config,
    isn: () => {
      const v = isns[Math.min(i, isns.length - 1)] as number;
      i += 1;
      return v;
    },
    ephemeralPort: () => port++,
  });
}

/** Recognisable bytes: different for each `salt`, so a swapped or shifted byte shows. */
export function bytes(n: number, salt: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + salt * 13 + (i >> 8)) & 0xff;
  return out;
}
