// A match's world: two hosts joined by a lossy network, run by a discrete-event scheduler in
// virtual time. Each host is driven by the reference TCP ("auto") or by a human, who must
// decide what the host sends whenever something happens to it. Everything that happens is
// logged; the seed plus the inputs replay a match exactly.

import { Host, type NetstatRow } from "../host/host.ts";
import { Network, type NetworkConfigInput, type Transmission } from "../net/network.ts";
import { Prng } from "../net/prng.ts";
import { Scheduler } from "../net/scheduler.ts";
import type { TcpConfig } from "../tcp/config.ts";
import type { Reaction, TimerKind } from "../tcp/connection.ts";
import type { SocketError } from "../tcp/errors.ts";
import type { RuleKey } from "../tcp/rules.ts";
import { flagsToString, type Segment } from "../tcp/segment.ts";
import type { TcpState } from "../tcp/state.ts";

/** No network options: the default conditions (one shared object, parsed once). */
const NO_NETWORK_OPTIONS: NetworkConfigInput = Object.freeze({});

export type Side = "a" | "b";
export const SIDES: readonly Side[] = ["a", "b"];
export const other = (s: Side): Side => (s === "a" ? "b" : "a");

/** An application call on a host, as the log and replay record it. */
export type AppCall =
  | { op: "socket"; reuseAddr?: boolean; keepalive?: boolean }
  | { op: "bind"; fd: number; port: number }
  | { op: "listen"; fd: number }
  | { op: "connect"; fd: number; port: number }
  | { op: "accept"; fd: number }
  | { op: "send"; fd: number; bytes: number }
  | { op: "read"; fd: number }
  | { op: "shutdown"; fd: number }
  | { op: "close"; fd: number }
  | { op: "abort"; fd: number }
  | { op: "setReuseAddr"; fd: number; on: boolean };

/** A segment a player chose to send, in absolute numbers. */
export interface ChosenSegment {
  flags: number;
  seq: number;
  ack: number;
  len: number;
}

/** What a decision is about. */
export type Trigger =
  | { kind: "segment"; seg: LoggedSegment; transmission: number }
  | { kind: "timer"; timer: TimerKind }
  | { kind: "call"; call: AppCall };

export interface PendingDecision {
  id: number;
  side: Side;
  trigger: Trigger;
  /** The reference TCP's answer: what it sends and the state it is in afterwards. */
  expected: { sent: Segment[]; state: TcpState; rules: RuleKey[]; error: SocketError | null };
  /** Local and remote of the connection concerned, to fill in addresses of chosen segments. */
  local: { ip: string; port: number };
  remote: { ip: string; port: number };
  /** The connection's state before the event. */
  stateBefore: TcpState;
}

export interface LoggedSegment {
  src: string;
  dst: string;
  flags: string;
  seq: number;
  ack: number;
  len: number;
  wnd: number;
}

export type LogEntry =
  | { t: number; type: "call"; side: Side; call: AppCall; result: number | null; error: SocketError | null }
  | {
      t: number;
      type: "send";
      side: Side;
      id: number;
      seg: LoggedSegment;
      fates: { copy: number; fate: string; arriveAt: number; cause?: string | undefined }[];
      by: "reference" | "player" | "bot-mistake";
    }
  | { t: number; type: "arrive"; side: Side; id: number; copy: number }
  | { t: number; type: "lost"; side: Side; id: number }
  | { t: number; type: "timer"; side: Side; timer: TimerKind }
  | { t: number; type: "state"; side: Side; conn: string; from: TcpState; to: TcpState; rule: RuleKey }
  | { t: number; type: "error"; side: Side; error: SocketError }
  | { t: number; type: "decision"; side: Side; id: number; trigger: Trigger["kind"] }
  | { t: number; type: "decided"; side: Side; id: number; count: number; byReference: boolean };

/** Inputs are what replay needs besides the seed; `step` is the number of events processed before it. */
export type WorldInput =
  | { step: number; t: number; kind: "call"; side: Side; call: AppCall }
  | { step: number; t: number; kind: "decide"; side: Side; segments: ChosenSegment[] | "reference" }
  | { step: number; t: number; kind: "advance"; to: number };

export interface WorldOptions {
  seed: number | string;
  network?: NetworkConfigInput;
  tcp?: Partial<TcpConfig>;
  ips?: Record<Side, string>;
  controllers?: Record<Side, "auto" | "human">;
}

type WorldEvent =
  | { kind: "deliver"; to: Side; transmission: Transmission; copy: number }
  | { kind: "lost"; to: Side; transmission: Transmission }
  | { kind: "timers"; side: Side };

export class World {
  readonly hosts: Record<Side, Host>;
  readonly network: Network;
  readonly controllers: Record<Side, "auto" | "human">;
  /**
   * What happened, from entry number `logStart` on. A live match reads each entry once and may
   * forget it (forgetLog): the whole log is always rebuilt exactly from the seed and `inputs`.
   */
  readonly log: LogEntry[] = [];
  readonly inputs: WorldInput[] = [];
  private forgotten = 0;
  readonly options: WorldOptions;
  private readonly scheduler = new Scheduler<WorldEvent>();
  private readonly timerEvent: Record<Side, { id: number; at: number } | undefined> = {
    a: undefined,
    b: undefined,
  };
  private processed = 0;
  private clock = 0;
  /** World.replay's observer: called after each entry is logged, the hosts as of that entry. */
  private afterEntry: ((w: World) => void) | undefined;
  private decision: PendingDecision | undefined;
  /**
   * Decisions raised while another was pending (an application call on one side while the
   * other side decides): each becomes pending, in order, once the one before is answered.
   */
  private readonly queuedDecisions: PendingDecision[] = [];
  private decisionIds = 0;
  /** Bytes each side's application has written so far: stream position i carries streamByte(i). */
  private readonly sentBytes: Record<Side, number> = { a: 0, b: 0 };

  constructor(options: WorldOptions) {
    this.options = options;
    const prng = new Prng(options.seed);
    const ips = options.ips ?? { a: "10.0.0.1", b: "10.0.0.2" };
    const isnPrng = prng.fork("isn");
    const portPrng = prng.fork("ports");
    const make = (side: Side) =>
      new Host({
        ip: ips[side],
        config: options.tcp,
        isn: () => isnPrng.nextUint32(),
        ephemeralPort: () => portPrng.int(32768, 60999),
      });
    this.hosts = { a: make("a"), b: make("b") };
    this.network = new Network(options.network ?? NO_NETWORK_OPTIONS, prng.fork("network"));
    this.controllers = options.controllers ?? { a: "auto", b: "auto" };
  }

  get now(): number {
    return this.clock;
  }

  get pending(): PendingDecision | undefined {
    return this.decision;
  }

  /** The decision pending or queued for this side, if any. */
  pendingFor(side: Side): PendingDecision | undefined {
    if (this.decision?.side === side) return this.decision;
    return this.queuedDecisions.find((d) => d.side === side);
  }

  // ---------------------------------------------------------------------------------------
  // Inputs

  /** An application call on one host. For a human host its segments wait for a decision. */
  call(side: Side, call: AppCall): { result: number | null; error: SocketError | null; data?: Uint8Array } {
    this.record({ kind: "call", side, call });
    return this.applyCall(side, call);
  }

  /** The player at `side` answers the pending decision with these segments (or the reference's). */
  decide(side: Side, segments: ChosenSegment[] | "reference"): void {
    const d = this.decision;
    if (!d || d.side !== side) throw new RangeError(`no decision is pending for side ${side}`);
    this.record({ kind: "decide", side, segments });
    this.applyDecision(d, segments);
  }

  /** Let virtual time run to `t`, processing deliveries and timers; stops early at a decision. */
  advanceTo(t: number): void {
    this.record({ kind: "advance", to: t });
    this.runTo(t);
  }

  /** Process events until none is left before `limit` or a decision is pending. */
  runUntilQuiet(limit = Number.POSITIVE_INFINITY): void {
    this.advanceTo(Math.min(limit, this.lastEventTime()));
  }

  /** The time of the next scheduled event. */
  nextEventAt(): number | undefined {
    return this.scheduler.peekTime();
  }

  // ---------------------------------------------------------------------------------------
  // Views

  netstat(side: Side): NetstatRow[] {
    return this.hosts[side].netstat(this.clock);
  }

  /** The number of the first entry still in `log`. */
  get logStart(): number {
    return this.forgotten;
  }

  /** One past the number of the last entry logged. */
  get logEnd(): number {
    return this.forgotten + this.log.length;
  }

  /** Entry number `n` (counted from the start of the match), if not forgotten. */
  logEntry(n: number): LogEntry | undefined {
    return this.log[n - this.forgotten];
  }

  /** Forget the entries numbered below `n`: every reader has read them. */
  forgetLog(n: number): void {
    const drop = Math.min(n - this.forgotten, this.log.length);
    if (drop <= 0) return;
    this.log.splice(0, drop);
    this.forgotten += drop;
  }

  /** The log (the entries kept) as one JSON string: the unit of determinism. */
  logJson(): string {
    return JSON.stringify(this.log);
  }

  /** Rebuild a world from its seed and inputs. */
  /**
   * The match that `options` and `inputs` make, played again. `afterEntry`, if given, is called
   * after each log entry with the world as of that entry (the entry is the log's last).
   */
  static replay(
    options: WorldOptions,
    inputs: readonly WorldInput[],
    afterEntry?: (w: World) => void,
  ): World {
    const w = new World(options);
    w.afterEntry = afterEntry;
    for (const input of inputs) {
      w.runEvents(input.step);
      w.clock = Math.max(w.clock, input.t);
      if (input.kind === "call") w.call(input.side, input.call);
      else if (input.kind === "decide") w.decide(input.side, input.segments);
      else w.advanceTo(input.to);
    }
    return w;
  }

  // ---------------------------------------------------------------------------------------

  private logged(entry: LogEntry): void {
    this.log.push(entry);
    this.afterEntry?.(this);
  }

  private record(input: DistributiveOmit<WorldInput, "step" | "t">): void {
    // A room advances the clock every tick: an advance after one that processed no event (only
    // moved the clock, or a decision held it) is merged into it, which replays the same: both
    // process the same events in the same order. Keeps a long timer's wait to one input.
    const last = this.inputs[this.inputs.length - 1];
    if (input.kind === "advance" && last?.kind === "advance" && last.step === this.processed) {
      last.to = Math.max(last.to, input.to);
      return;
    }
    // Literals rather than spreads: every field in the object itself (a match keeps dozens).
    const step = this.processed;
    const t = this.clock;
    this.inputs.push(
      input.kind === "call"
        ? { kind: "call", side: input.side, call: input.call, step, t }
        : input.kind === "decide"
          ? { kind: "decide", side: input.side, segments: input.segments, step, t }
          : { kind: "advance", to: input.to, step, t },
    );
  }

  private applyCall(
    side: Side,
    call: AppCall,
  ): { result: number | null; error: SocketError | null; data?: Uint8Array } {
    const host = this.hosts[side];
    const now = this.clock;
    let result: number | null = null;
    let reaction: Reaction | undefined;
    let error: SocketError | null = null;
    let data: Uint8Array | undefined;
    const before = callConn(host, call);
    switch (call.op) {
      case "socket":
        result = host.socket({ reuseAddr: call.reuseAddr, keepalive: call.keepalive });
        break;
      case "setReuseAddr":
        host.setReuseAddr(call.fd, call.on);
        break;
      case "bind":
        reaction = host.bind(call.fd, call.port);
        break;
      case "listen":
        reaction = host.listen(call.fd);
        break;
      case "connect":
        reaction = host.connect(call.fd, this.hosts[other(side)].ip, call.port, now);
        break;
      case "accept":
        result = host.accept(call.fd) ?? null;
        break;
      case "send":
        reaction = host.send(call.fd, streamBytes(this.sentBytes[side], call.bytes), now);
        if (!reaction.error) this.sentBytes[side] += call.bytes;
        break;
      case "read": {
        const r = host.read(call.fd);
        result = r.data.length;
        data = r.data;
        error = r.error;
        break;
      }
      case "shutdown":
        reaction = host.shutdown(call.fd, now);
        break;
      case "close":
        reaction = host.close(call.fd, now);
        break;
      case "abort":
        reaction = host.abort(call.fd, now);
        break;
    }
    if (reaction) error = reaction.error;
    this.logged({ t: now, type: "call", side, call, result, error });
    if (reaction) this.react(side, reaction, { kind: "call", call }, before ?? callConn(host, call));
    return data ? { result, error, data } : { result, error };
  }

  /** What a host does after an input: log it, then send — or, for a human, ask first. */
  private react(side: Side, reaction: Reaction, trigger: Trigger, conn?: ConnRef): void {
    const now = this.clock;
    for (const tr of reaction.transitions) {
      this.logged({ t: now, type: "state", side, conn: conn?.name ?? "", ...tr });
    }
    if (reaction.error) this.logged({ t: now, type: "error", side, error: reaction.error });
    const needsDecision =
      this.controllers[side] === "human" &&
      conn !== undefined &&
      (reaction.sent.length > 0 || trigger.kind === "segment");
    if (needsDecision && conn) {
      const d: PendingDecision = {
        id: ++this.decisionIds,
        side,
        trigger,
        expected: { sent: reaction.sent, state: conn.state(), rules: reaction.rules, error: reaction.error },
        local: conn.local,
        remote: conn.remote,
        stateBefore: reaction.transitions[0]?.from ?? conn.state(),
      };
      if (this.decision) this.queuedDecisions.push(d);
      else this.decision = d;
      this.logged({ t: now, type: "decision", side, id: d.id, trigger: trigger.kind });
    } else {
      for (const seg of reaction.sent) this.transmit(side, seg, "reference");
    }
    this.rescheduleTimers(side);
  }

  private applyDecision(d: PendingDecision, segments: ChosenSegment[] | "reference"): void {
    this.decision = undefined;
    const byReference = segments === "reference";
    const wire: Segment[] = byReference
      ? d.expected.sent
      : segments.map((c) => ({
          srcIp: d.local.ip,
          srcPort: d.local.port,
          dstIp: d.remote.ip,
          dstPort: d.remote.port,
          seq: c.seq,
          ack: c.ack,
          flags: c.flags,
          wnd: 65535,
          len: c.len,
          data: payload(c.len),
        }));
    this.logged({
      t: this.clock,
      type: "decided",
      side: d.side,
      id: d.id,
      count: wire.length,
      byReference,
    });
    for (const seg of wire) this.transmit(d.side, seg, byReference ? "reference" : "player");
    this.decision = this.queuedDecisions.shift();
  }

  private transmit(side: Side, seg: Segment, by: "reference" | "player" | "bot-mistake"): void {
    const tx = this.network.transmit(seg, side === "a" ? "a->b" : "b->a", this.clock);
    this.logged({
      t: this.clock,
      type: "send",
      side,
      id: tx.id,
      seg: logSegment(seg),
      fates: tx.copies.map((c) => ({ copy: c.copy, fate: c.fate, arriveAt: c.arriveAt, cause: c.cause })),
      by,
    });
    const to = other(side);
    for (const c of tx.copies) {
      const at = Math.max(c.arriveAt, this.clock);
      if (c.fate === "lost") this.scheduler.schedule(at, { kind: "lost", to, transmission: tx });
      else this.scheduler.schedule(at, { kind: "deliver", to, transmission: tx, copy: c.copy });
    }
  }

  private rescheduleTimers(side: Side): void {
    const next = this.hosts[side].nextTimer();
    const current = this.timerEvent[side];
    if (current && next && current.at === next.at) return;
    if (current) this.scheduler.cancel(current.id);
    this.timerEvent[side] = undefined;
    if (next) {
      const at = Math.max(next.at, this.scheduler.now);
      this.timerEvent[side] = { id: this.scheduler.schedule(at, { kind: "timers", side }), at };
    }
  }

  private runTo(t: number): void {
    while (!this.decision) {
      const at = this.scheduler.peekTime();
      if (at === undefined || at > t) break;
      this.processOne();
    }
    if (!this.decision) this.clock = Math.max(this.clock, t);
  }

  private runEvents(count: number): void {
    while (this.processed < count && !this.decision && this.scheduler.size > 0) this.processOne();
  }

  private processOne(): void {
    const ev = this.scheduler.pop();
    if (!ev) return;
    this.processed += 1;
    this.clock = Math.max(this.clock, ev.at);
    const e = ev.event;
    if (e.kind === "lost") {
      this.logged({ t: this.clock, type: "lost", side: e.to, id: e.transmission.id });
      return;
    }
    if (e.kind === "deliver") {
      this.logged({ t: this.clock, type: "arrive", side: e.to, id: e.transmission.id, copy: e.copy });
      const host = this.hosts[e.to];
      const seg = e.transmission.seg;
      const reaction = host.onSegmentArrives(seg, this.clock);
      const conn = connFor(host, seg);
      this.react(
        e.to,
        reaction,
        { kind: "segment", seg: logSegment(seg), transmission: e.transmission.id },
        conn,
      );
      return;
    }
    this.timerEvent[e.side] = undefined;
    const host = this.hosts[e.side];
    for (const fired of host.tick(this.clock)) {
      this.logged({ t: this.clock, type: "timer", side: e.side, timer: fired.kind });
      const c = fired.conn;
      this.react(
        e.side,
        fired.reaction,
        { kind: "timer", timer: fired.kind },
        {
          name: `${c.local.ip}:${c.local.port}-${c.remote.ip}:${c.remote.port}`,
          local: c.local,
          remote: c.remote,
          state: () => c.state,
        },
      );
      if (this.decision) break;
    }
    this.rescheduleTimers(e.side);
  }

  private lastEventTime(): number {
    return this.scheduler.peekTime() ?? this.clock;
  }
}

interface ConnRef {
  name: string;
  local: { ip: string; port: number };
  remote: { ip: string; port: number };
  state: () => TcpState;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function connFor(host: Host, seg: Segment): ConnRef {
  const conns = host
    .connections()
    .filter(
      (c) => c.local.port === seg.dstPort && c.remote.port === seg.srcPort && c.remote.ip === seg.srcIp,
    );
  const c = conns[conns.length - 1];
  const local = { ip: seg.dstIp, port: seg.dstPort };
  const remote = { ip: seg.srcIp, port: seg.srcPort };
  return {
    name: `${local.ip}:${local.port}-${remote.ip}:${remote.port}`,
    local,
    remote,
    state: () => c?.state ?? "CLOSED",
  };
}

function callConn(host: Host, call: AppCall): ConnRef | undefined {
  if (!("fd" in call)) return undefined;
  const c = host.connectionOf(call.fd);
  if (!c) return undefined;
  return {
    name: `${c.local.ip}:${c.local.port}-${c.remote.ip}:${c.remote.port}`,
    local: c.local,
    remote: c.remote,
    state: () => c.state,
  };
}

export function logSegment(seg: Segment): LoggedSegment {
  return {
    src: `${seg.srcIp}:${seg.srcPort}`,
    dst: `${seg.dstIp}:${seg.dstPort}`,
    flags: flagsToString(seg.flags),
    seq: seg.seq,
    ack: seg.ack,
    len: seg.len,
    wnd: seg.wnd,
  };
}

/** Byte i of an application's stream: position-dependent, so loss, duplication or reordering shows. */
export function streamByte(i: number): number {
  return (i * 7 + (i >>> 8) * 13 + 3) & 0xff;
}

export function streamBytes(from: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = streamByte(from + i);
  return out;
}

/** Application bytes of a given length: deterministic, recognisable. */
export function payload(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 7 + 3) & 0xff;
  return out;
}
