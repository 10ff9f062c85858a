// A host: its address, its sockets and its connections — what `netstat -ant` shows. It owns the
// BSD-socket semantics around the TCP connections: bind (with SO_REUSEADDR), listen, connect,
// accept, and it demultiplexes arriving segments to a connection, a listener, or a reset.

import { type TcpConfig, tcpConfig, withKeepalive } from "../tcp/config.ts";
import { emptyReaction, type Reaction, resetFor, TcpConnection, type TimerKind } from "../tcp/connection.ts";
import { EngineInputError, type SocketError } from "../tcp/errors.ts";
import { ACK, FIN, hasFlag, RST, type Segment, SYN, segmentProblem } from "../tcp/segment.ts";
import { isSynchronized, netstatName, type TcpState } from "../tcp/state.ts";

export interface HostOptions {
  ip: string;
  config?: Partial<TcpConfig>;
  /** Initial sequence numbers for new connections (a seeded PRNG in a match). */
  isn: () => number;
  /** Ephemeral ports for unbound connects (Linux: 32768–60999). */
  ephemeralPort: () => number;
}

interface Socket {
  fd: number;
  reuseAddr: boolean;
  keepalive: boolean;
  explicitBind: boolean;
  localPort: number | undefined;
  listening: boolean;
  conn: TcpConnection | undefined;
}

interface ConnEntry {
  conn: TcpConnection;
  /** The application's file descriptor for it, while the application holds one. */
  fd: number | undefined;
  reuseAddr: boolean;
  explicitBind: boolean;
  /** The listening socket that spawned it (passive opens). */
  listenerFd: number | undefined;
}

export interface NetstatRow {
  proto: "tcp";
  recvQ: number;
  sendQ: number;
  local: string;
  foreign: string;
  state: string;
  /** The running timer, as `netstat -o` shows it. */
  timer: { kind: TimerKind; remainingMs: number } | undefined;
}

export interface TimerFiring {
  conn: TcpConnection;
  kind: TimerKind;
  reaction: Reaction;
}

export class Host {
  readonly ip: string;
  readonly config: TcpConfig;
  private readonly isn: () => number;
  private readonly ephemeralPort: () => number;
  private readonly sockets = new Map<number, Socket>();
  private entries: ConnEntry[] = [];
  private nextFd = 3;

  constructor(opts: HostOptions) {
    this.ip = opts.ip;
    this.config = tcpConfig(opts.config);
    this.isn = opts.isn;
    this.ephemeralPort = opts.ephemeralPort;
  }

  // ---------------------------------------------------------------------------------------
  // Socket calls

  socket(opts: { reuseAddr?: boolean; keepalive?: boolean } = {}): number {
    const fd = this.nextFd++;
    this.sockets.set(fd, {
      fd,
      reuseAddr: opts.reuseAddr ?? false,
      keepalive: opts.keepalive ?? this.config.keepalive.enabled,
      explicitBind: false,
      localPort: undefined,
      listening: false,
      conn: undefined,
    });
    return fd;
  }

  setReuseAddr(fd: number, on: boolean): void {
    this.sock(fd).reuseAddr = on;
  }

  /** bind(): EADDRINUSE while another socket holds the port (see portInUse). */
  bind(fd: number, port: number): Reaction {
    const s = this.sock(fd);
    checkPort(port);
    const r = emptyReaction();
    if (s.localPort !== undefined) r.error = "EINVAL";
    else if (this.portInUse(port, s.reuseAddr, fd)) r.error = "EADDRINUSE";
    else {
      s.localPort = port;
      s.explicitBind = true;
    }
    return r;
  }

  /** listen(): passive OPEN (RFC 9293 §3.10.1). */
  listen(fd: number): Reaction {
    const s = this.sock(fd);
    const r = emptyReaction();
    if (s.conn) {
      r.error = "EINVAL";
      return r;
    }
    if (s.localPort === undefined) s.localPort = this.pickEphemeralPort();
    s.listening = true;
    r.rules.push("user.open.passive");
    r.transitions.push({ from: "CLOSED", to: "LISTEN", rule: "user.open.passive" });
    return r;
  }

  /** connect(): active OPEN. */
  connect(fd: number, remoteIp: string, remotePort: number, now: number): Reaction {
    const s = this.sock(fd);
    checkPort(remotePort);
    if (s.listening || (s.conn && s.conn.state !== "CLOSED")) {
      const r = emptyReaction();
      r.error = "EINVAL";
      return r;
    }
    if (s.localPort === undefined) s.localPort = this.pickEphemeralPort();
    const { conn, reaction } = TcpConnection.connect({
      local: { ip: this.ip, port: s.localPort },
      remote: { ip: remoteIp, port: remotePort },
      iss: this.isn(),
      config: this.connConfig(s),
      now,
    });
    s.conn = conn;
    this.entries.push({
      conn,
      fd,
      reuseAddr: s.reuseAddr,
      explicitBind: s.explicitBind,
      listenerFd: undefined,
    });
    return reaction;
  }

  /** accept(): the oldest synchronized connection of a listener not yet handed out, as a new fd. */
  accept(listenFd: number): number | undefined {
    const l = this.sock(listenFd);
    if (!l.listening) return undefined;
    const e = this.entries.find(
      (x) =>
        x.listenerFd === listenFd && x.fd === undefined && !x.conn.embryonic && x.conn.state !== "CLOSED",
    );
    if (!e) return undefined;
    const fd = this.socket({ reuseAddr: e.reuseAddr, keepalive: l.keepalive });
    const s = this.sock(fd);
    s.localPort = l.localPort;
    s.explicitBind = l.explicitBind;
    s.conn = e.conn;
    e.fd = fd;
    return fd;
  }

  send(fd: number, data: Uint8Array, now: number): Reaction {
    const s = this.sock(fd);
    if (!s.conn) {
      // Linux tcp_sendmsg on a socket that never connected (or a listener): EPIPE.
      const r = emptyReaction();
      r.error = "EPIPE";
      return r;
    }
    return this.after(s.conn.send(data, now));
  }

  read(fd: number): { data: Uint8Array; error: SocketError | null } {
    const s = this.sock(fd);
    if (!s.conn) return { data: new Uint8Array(0), error: "ENOTCONN" };
    return { data: s.conn.receive(), error: null };
  }

  shutdown(fd: number, now: number): Reaction {
    const s = this.sock(fd);
    if (s.listening) return emptyReaction(); // SHUT_WR on a listener does nothing
    if (!s.conn) {
      const r = emptyReaction();
      r.error = "ENOTCONN";
      return r;
    }
    return this.after(s.conn.shutdown(now));
  }

  /** close(): the application lets go of the fd. A listener's half-open connections go with it. */
  close(fd: number, now: number): Reaction {
    const s = this.sock(fd);
    this.sockets.delete(fd);
    if (s.listening) return this.closeListener(fd, now);
    if (!s.conn) return emptyReaction();
    const entry = this.entries.find((e) => e.conn === s.conn);
    if (entry) entry.fd = undefined;
    return this.after(s.conn.close(now));
  }

  /** close() with SO_LINGER {on, 0}: RST and forget (RFC 9293 §3.10.5 ABORT). */
  abort(fd: number, now: number): Reaction {
    const s = this.sock(fd);
    if (s.listening || !s.conn) return this.close(fd, now);
    this.sockets.delete(fd);
    const entry = this.entries.find((e) => e.conn === s.conn);
    if (entry) entry.fd = undefined;
    return this.after(s.conn.abort(now));
  }

  private closeListener(fd: number, now: number): Reaction {
    const r = emptyReaction();
    for (const e of this.entries) {
      if (e.listenerFd !== fd || e.fd !== undefined || e.conn.state === "CLOSED") continue;
      // Half-open requests vanish; synchronized ones never accepted are reset (Linux inet_csk_listen_stop).
      if (e.conn.embryonic) e.conn.drop("syn_received.rst.back_to_listen");
      else merge(r, e.conn.abort(now));
    }
    for (const e of this.entries) if (e.listenerFd === fd) e.listenerFd = undefined;
    return this.after(r);
  }

  // ---------------------------------------------------------------------------------------
  // Segments

  /** A segment reaches this host: to its connection, else to a listener, else a reset. */
  onSegmentArrives(seg: Segment, now: number): Reaction {
    const problem = segmentProblem(seg);
    if (problem) throw new EngineInputError("BAD_SEGMENT", problem);
    const entry = this.findEntry(seg);
    if (entry) {
      const conn = entry.conn;
      const reaction = conn.onSegmentArrives(seg, now);
      if (reaction.reopenIss !== undefined) {
        const listener = this.listenerOn(seg.dstPort);
        if (listener) {
          // RFC 1122 §4.2.2.13: TIME_WAIT gives way to a new incarnation from the listener.
          conn.drop("time_wait.syn.reopen");
          this.purge();
          merge(reaction, this.spawnChild(listener, seg, reaction.reopenIss, now));
        } else {
          merge(reaction, conn.timeWaitAck(now));
        }
      }
      return this.after(reaction);
    }
    const listener = this.listenerOn(seg.dstPort);
    if (listener) return this.after(this.listenerArrives(listener, seg, now));
    // RFC 9293 §3.10.7.1: no connection and no listener: reset.
    const r = emptyReaction();
    const rst = resetFor(seg);
    if (rst) {
      r.sent.push(rst);
      r.rules.push("closed.segment.reset");
    } else r.rules.push("closed.segment.rst_ignored");
    return r;
  }

  /** RFC 9293 §3.10.7.2, as Linux tcp_rcv_state_process for TCP_LISTEN. */
  private listenerArrives(listener: Socket, seg: Segment, now: number): Reaction {
    if (hasFlag(seg, ACK)) {
      // "Any acknowledgment is bad if it arrives on a connection still in the LISTEN state."
      const r = emptyReaction();
      const rst = resetFor(seg);
      if (rst) r.sent.push(rst);
      r.rules.push(rst ? "listen.ack.reset" : "listen.rst.ignored");
      return r;
    }
    if (hasFlag(seg, RST)) {
      const r = emptyReaction();
      r.rules.push("listen.rst.ignored");
      return r;
    }
    if (hasFlag(seg, SYN) && !hasFlag(seg, FIN)) return this.spawnChild(listener, seg, this.isn(), now);
    const r = emptyReaction();
    r.rules.push("listen.other.dropped");
    return r;
  }

  private spawnChild(listener: Socket, syn: Segment, iss: number, now: number): Reaction {
    const { conn, reaction } = TcpConnection.acceptSyn(
      {
        local: { ip: this.ip, port: syn.dstPort },
        remote: { ip: syn.srcIp, port: syn.srcPort },
        iss,
        config: this.connConfig(listener),
        now,
      },
      syn,
    );
    this.entries.push({
      conn,
      fd: undefined,
      reuseAddr: listener.reuseAddr,
      explicitBind: listener.explicitBind,
      listenerFd: listener.fd,
    });
    return reaction;
  }

  // ---------------------------------------------------------------------------------------
  // Timers

  /** The earliest armed timer of any connection on this host. */
  nextTimer(): { conn: TcpConnection; kind: TimerKind; at: number } | undefined {
    let best: { conn: TcpConnection; kind: TimerKind; at: number } | undefined;
    for (const e of this.entries) {
      const t = e.conn.nextTimer();
      if (t && (best === undefined || t.at < best.at)) best = { conn: e.conn, ...t };
    }
    return best;
  }

  /** Fire one timer of one connection (the probe's `expire`, or the scheduler when it is due). */
  fireTimer(conn: TcpConnection, kind: TimerKind, now: number): Reaction {
    return this.after(conn.onTimerExpires(kind, now));
  }

  /** Fire every timer due at or before `now`, earliest first. */
  tick(now: number): TimerFiring[] {
    const fired: TimerFiring[] = [];
    for (;;) {
      const t = this.nextTimer();
      if (!t || t.at > now) return fired;
      fired.push({ conn: t.conn, kind: t.kind, reaction: this.fireTimer(t.conn, t.kind, now) });
    }
  }

  // ---------------------------------------------------------------------------------------
  // Views

  /** The connection behind an fd (also after it closed, while the fd is open). */
  connectionOf(fd: number): TcpConnection | undefined {
    return this.sockets.get(fd)?.conn;
  }

  isListening(fd: number): boolean {
    return this.sockets.get(fd)?.listening ?? false;
  }

  /** Connections spawned by a listener, oldest first (including ones already accepted). */
  childrenOf(listenFd: number): TcpConnection[] {
    return this.entries.filter((e) => e.listenerFd === listenFd).map((e) => e.conn);
  }

  /** Every connection the host still keeps, in the order they were created. */
  connections(): TcpConnection[] {
    return this.entries.map((e) => e.conn);
  }

  /** `netstat -ant`: listeners first, then connections. */
  netstat(now: number): NetstatRow[] {
    const rows: NetstatRow[] = [];
    for (const s of this.sockets.values()) {
      if (!s.listening || s.localPort === undefined) continue;
      rows.push({
        proto: "tcp",
        recvQ: 0,
        sendQ: 0,
        local: `0.0.0.0:${s.localPort}`,
        foreign: "0.0.0.0:*",
        state: "LISTEN",
        timer: undefined,
      });
    }
    for (const { conn } of this.entries) {
      if (conn.state === "CLOSED") continue;
      const t = conn.nextTimer();
      rows.push({
        proto: "tcp",
        recvQ: conn.unreadBytes,
        sendQ: conn.sendQueueBytes,
        local: `${conn.local.ip}:${conn.local.port}`,
        foreign: `${conn.remote.ip}:${conn.remote.port}`,
        state: netstatName(conn.state),
        timer: t ? { kind: t.kind, remainingMs: Math.max(0, t.at - now) } : undefined,
      });
    }
    return rows;
  }

  /**
   * Linux inet_csk_bind_conflict, simplified to one address: a listener always holds its port;
   * any other holder lets a new socket share the port only when both set SO_REUSEADDR. Holders
   * are open sockets bound to the port (an explicitly bound one even after its connection
   * closed) and connections still alive, TIME_WAIT included.
   */
  portInUse(port: number, reuseAddr: boolean, exceptFd?: number): boolean {
    for (const s of this.sockets.values()) {
      if (s.fd === exceptFd || s.localPort !== port) continue;
      const holds = s.listening || s.explicitBind || (s.conn !== undefined && s.conn.state !== "CLOSED");
      if (!holds) continue;
      if (s.listening || !(reuseAddr && s.reuseAddr)) return true;
    }
    for (const e of this.entries) {
      if (e.fd !== undefined || e.conn.local.port !== port || e.conn.state === "CLOSED") continue;
      if (e.conn.embryonic) continue; // request socks hold no port of their own
      if (!(reuseAddr && e.reuseAddr)) return true;
    }
    return false;
  }

  // ---------------------------------------------------------------------------------------

  /** Every call ends here: connections that closed and have no fd leave the table. */
  private after(r: Reaction): Reaction {
    this.purge();
    return r;
  }

  private purge(): void {
    this.entries = this.entries.filter((e) => e.fd !== undefined || e.conn.state !== "CLOSED");
  }

  private findEntry(seg: Segment): ConnEntry | undefined {
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const e = this.entries[i] as ConnEntry;
      const c = e.conn;
      if (
        c.state !== "CLOSED" &&
        c.local.port === seg.dstPort &&
        c.remote.port === seg.srcPort &&
        c.remote.ip === seg.srcIp
      )
        return e;
    }
    return undefined;
  }

  private listenerOn(port: number): Socket | undefined {
    for (const s of this.sockets.values()) if (s.listening && s.localPort === port) return s;
    return undefined;
  }

  private pickEphemeralPort(): number {
    for (let tries = 0; tries < 1000; tries++) {
      const port = this.ephemeralPort();
      if (!this.portInUse(port, false)) return port;
    }
    throw new EngineInputError("BAD_CALL", "no ephemeral port is free");
  }

  private connConfig(s: Socket): TcpConfig {
    return withKeepalive(this.config, s.keepalive);
  }

  private sock(fd: number): Socket {
    const s = this.sockets.get(fd);
    if (!s) throw new EngineInputError("BAD_CALL", `fd ${fd} is not an open socket on ${this.ip}`);
    return s;
  }
}

function checkPort(port: number): void {
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new EngineInputError("BAD_ARGUMENT", `port ${port} must be an integer from 1 to 65535`);
}

export function merge(into: Reaction, from: Reaction): void {
  into.sent.push(...from.sent);
  if (from.error && !into.error) into.error = from.error;
  for (const rule of from.rules) if (!into.rules.includes(rule)) into.rules.push(rule);
  into.transitions.push(...from.transitions);
}

/** The state a host reports for a connection it may have dropped. */
export function stateOf(conn: TcpConnection | undefined): TcpState {
  return conn ? conn.state : "CLOSED";
}

export { isSynchronized };
