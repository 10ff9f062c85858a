// Runs one probe against the reference TCP: the endpoint under test (EUT) on a host of its own,
// driven by application calls, arriving segments and timer expiries (PROBE.md).

import { Host } from "../host/host.ts";
import type { TimerKind } from "../tcp/connection.ts";
import { ACK, flagsFromString, flagsToString, hasFlag, type Segment, SYN } from "../tcp/segment.ts";
import { seqAdd, seqDiff } from "../tcp/seq.ts";
import type { TcpState } from "../tcp/state.ts";
import type { ProbeResult, ProbeStep, SentSegment, StepResult } from "./format.ts";

const EUT_IP = "10.0.0.2";
const EUT_PORT = 5000;
const PEER_IP = "10.0.0.1";
const PEER_PORT = 40000;
/** The peer's ISN sits just below 2^32 so that ordinary probes exercise wrap-around. */
const PEER_ISN = 0xffff_ffc0;
/** Virtual time between steps; an `expire` jumps to the timer's deadline instead. */
const STEP_MS = 10;

export class ProbeEut {
  private readonly host: Host;
  private now = 0;
  private fd: number | undefined;
  private role: "unset" | "active" | "passive" = "unset";
  private listenFd: number | undefined;
  private acceptedFd: number | undefined;
  /** Relative numbers of the EUT count from its newest ISN. */
  private eutIsn = 0;
  private nextIsn = 0;

  constructor() {
    this.host = new Host({
      ip: EUT_IP,
      // Probes expire the keepalive timer, so every EUT socket sets SO_KEEPALIVE.
      config: { keepalive: { enabled: true, idleMs: 7_200_000, intervalMs: 75_000, probes: 9 } },
      isn: () => {
        const isn = this.nextIsn;
        this.nextIsn = seqAdd(this.nextIsn, 1_000_000);
        return isn;
      },
      ephemeralPort: () => 33000,
    });
    this.fd = this.host.socket({ reuseAddr: true });
  }

  /** The rules the last step applied (tests name them; probe files do not carry them). */
  lastRules: readonly string[] = [];

  step(step: ProbeStep): StepResult {
    this.now += STEP_MS;
    const { sent, error, rules } = this.apply(step);
    this.lastRules = rules ?? [];
    // A passive EUT's application accepts every connection as soon as it is there.
    if (this.listenFd !== undefined && this.host.isListening(this.listenFd)) {
      for (let fd = this.host.accept(this.listenFd); fd !== undefined; fd = this.host.accept(this.listenFd)) {
        this.acceptedFd = fd;
      }
    }
    return { state: this.state(), sent: sent.map((s) => this.relative(s)), error };
  }

  private apply(step: ProbeStep): { sent: Segment[]; error: string | null; rules?: readonly string[] } {
    if ("recv" in step) return this.host.onSegmentArrives(this.absolute(step.recv), this.now);
    if ("expire" in step) return this.expire(step.expire);
    switch (step.call) {
      case "listen": {
        if (this.role === "active" || this.fd === undefined) return fail("EINVAL");
        const bound = this.host.connectionOf(this.fd) ? null : this.ensureBound(this.fd);
        if (bound) return fail(bound);
        this.role = "passive";
        this.listenFd = this.fd;
        return this.host.listen(this.fd);
      }
      case "connect": {
        if (this.role === "passive" || this.fd === undefined) return fail("EINVAL");
        const conn = this.host.connectionOf(this.fd);
        if (conn && conn.state !== "CLOSED") return fail("EINVAL");
        const bound = this.ensureBound(this.fd);
        if (bound) return fail(bound);
        this.role = "active";
        return this.host.connect(this.fd, PEER_IP, PEER_PORT, this.now);
      }
      case "send": {
        const fd = this.appFd();
        if (fd === undefined) return fail("EPIPE");
        return this.host.send(fd, pattern(step.bytes), this.now);
      }
      case "read": {
        const fd = this.appFd();
        if (fd === undefined) return fail("ENOTCONN");
        return { sent: [], error: this.host.read(fd).error };
      }
      case "shutdown": {
        const fd = this.appFd();
        if (fd === undefined) return fail("ENOTCONN");
        return this.host.shutdown(fd, this.now);
      }
      case "close":
      case "abort": {
        const fd = this.appFd();
        if (fd === undefined) return { sent: [], error: null };
        const r = step.call === "close" ? this.host.close(fd, this.now) : this.host.abort(fd, this.now);
        this.forget(fd);
        return r;
      }
      case "close_listener": {
        if (this.listenFd === undefined || !this.host.isListening(this.listenFd)) return fail("EINVAL");
        const r = this.host.close(this.listenFd, this.now);
        this.forget(this.listenFd);
        return r;
      }
      case "bind_again": {
        const fd = this.host.socket({ reuseAddr: step.reuseaddr });
        const r = this.host.bind(fd, EUT_PORT);
        this.host.close(fd, this.now);
        return { sent: [], error: r.error };
      }
    }
  }

  private expire(kind: TimerKind): { sent: Segment[]; error: string | null } {
    const conn = this.current();
    const at = conn?.timers[kind];
    if (!conn || at === undefined) return { sent: [], error: null };
    this.now = Math.max(this.now, at);
    return this.host.fireTimer(conn, kind, this.now);
  }

  /** The EUT's connection: the newest on its port that is not closed. */
  private current() {
    const conns = this.host.connections().filter((c) => c.local.port === EUT_PORT && c.state !== "CLOSED");
    return conns[conns.length - 1];
  }

  private state(): TcpState {
    const conn = this.current();
    if (conn) return conn.state;
    if (this.listenFd !== undefined && this.host.isListening(this.listenFd)) return "LISTEN";
    return "CLOSED";
  }

  /** The fd the application's data calls use: the accepted connection, else the socket itself. */
  private appFd(): number | undefined {
    if (this.role === "passive") return this.acceptedFd ?? this.listenFd;
    return this.fd;
  }

  private forget(fd: number): void {
    if (this.fd === fd) this.fd = undefined;
    if (this.listenFd === fd) this.listenFd = undefined;
    if (this.acceptedFd === fd) this.acceptedFd = undefined;
  }

  private ensureBound(fd: number): string | null {
    if (this.host.connectionOf(fd)) return null; // bound by its earlier connection
    const r = this.host.bind(fd, EUT_PORT);
    return r.error === "EINVAL" ? null : r.error;
  }

  private absolute(spec: {
    flags: string;
    seq: number;
    ack?: number | undefined;
    len?: number | undefined;
  }): Segment {
    const flags = flagsFromString(spec.flags);
    const len = spec.len ?? 0;
    return {
      srcIp: PEER_IP,
      srcPort: PEER_PORT,
      dstIp: EUT_IP,
      dstPort: EUT_PORT,
      seq: seqAdd(PEER_ISN, spec.seq),
      ack: flags & ACK ? seqAdd(this.eutIsn, spec.ack ?? 0) : 0,
      flags,
      wnd: 65535,
      len,
      data: pattern(len),
    };
  }

  private relative(seg: Segment): SentSegment {
    // A SYN with a new ISN (not a retransmission) starts a new incarnation: re-base on it.
    if (hasFlag(seg, SYN) && seg.seq !== this.eutIsn) this.eutIsn = seg.seq;
    const seq = seqDiff(seg.seq, this.eutIsn);
    const flags = flagsToString(seg.flags);
    if (!hasFlag(seg, ACK)) return { flags, seq, len: seg.len };
    return { flags, seq, ack: seqDiff(seg.ack, PEER_ISN), len: seg.len };
  }
}

function fail(error: string): { sent: Segment[]; error: string } {
  return { sent: [], error };
}

/** Application bytes: a recognisable pattern, so misordering would show. */
function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 31 + 7) & 0xff;
  return out;
}

export function runProbe(name: string, steps: ProbeStep[]): ProbeResult {
  const eut = new ProbeEut();
  return { name, steps: steps.map((s) => eut.step(s)) };
}
