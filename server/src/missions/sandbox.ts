// A small built-in mission ("sandbox.lifecycle") that tests and load tools create by id:
// handshake, 100 bytes from client to server, then the client closes first and the server
// follows. It satisfies the MissionRun contract (contract.ts), without cues or texts.

import { type ChosenSegment, type PendingDecision, World } from "@tcp-tango/shared/sim/world.ts";
import type { TcpConnection } from "@tcp-tango/shared/tcp/connection.ts";
import type {
  MissionEntry,
  MissionLike,
  MissionOutcome,
  MissionRunLike,
  MissionRunOptions,
  Role,
} from "./contract.ts";

export const SANDBOX_MISSION: MissionLike = {
  id: "sandbox.lifecycle",
  order: 0,
  difficulty: 1,
  defaultRole: "client",
  network: { "a->b": { delayMs: 50 }, "b->a": { delayMs: 50 } },
  tcp: { mslMs: 500 },
  cues: [],
  goal: { kind: "lifecycle" },
  timeLimitMs: 120_000,
  timeScale: 1,
};

export class SandboxRun implements MissionRunLike {
  readonly world: World;
  readonly mission: MissionLike;
  readonly sides = { client: "a", server: "b" } as const;
  private step = 0;
  private fds = { listen: -1, client: -1, accepted: -1 };
  /** The connections themselves: a closed fd no longer leads to its connection. */
  private conns: { a?: TcpConnection | undefined; b?: TcpConnection | undefined } = {};

  constructor(mission: MissionLike, opts: MissionRunOptions) {
    this.mission = mission;
    const c = opts.controllers ?? { client: "auto", server: "auto" };
    this.world = new World({
      seed: opts.seed,
      network: mission.network as never,
      tcp: mission.tcp as never,
      controllers: { a: c.client, b: c.server },
    });
  }

  get now(): number {
    return this.world.now;
  }

  get pending(): PendingDecision | undefined {
    return this.world.pending;
  }

  advance(toMs: number): void {
    while (!this.world.pending) {
      this.script();
      if (this.world.pending) return;
      const next = this.world.nextEventAt();
      if (next === undefined || next > toMs) {
        if (this.world.now < toMs) this.world.advanceTo(toMs);
        if (!this.world.pending) this.script();
        return;
      }
      this.world.advanceTo(next);
    }
  }

  decide(role: Role, segments: ChosenSegment[] | "reference"): void {
    this.world.decide(this.sides[role], segments);
  }

  runToEnd(): void {
    while (!this.outcome().done) {
      if (this.world.pending) this.world.decide(this.world.pending.side, "reference");
      else this.advance(this.world.now + 1000);
    }
  }

  outcome(): MissionOutcome {
    const w = this.world;
    const a = this.conns.a?.state;
    const b = this.conns.b?.state;
    if (this.step >= 4 && a === "CLOSED" && (b === "CLOSED" || b === undefined) && !w.pending)
      return { done: true, success: true };
    if (w.now > this.mission.timeLimitMs) return { done: true, success: false, failedBecause: "time_limit" };
    if (this.step >= 1 && a === "CLOSED" && this.step < 4)
      return { done: true, success: false, failedBecause: "connection_lost" };
    return { done: false, success: false };
  }

  /** The applications on both hosts, driven by what the sockets show. */
  private script(): void {
    const w = this.world;
    if (w.pending) return;
    if (this.step === 0) {
      this.fds.listen = w.call("b", { op: "socket" }).result as number;
      w.call("b", { op: "bind", fd: this.fds.listen, port: 80 });
      w.call("b", { op: "listen", fd: this.fds.listen });
      this.fds.client = w.call("a", { op: "socket" }).result as number;
      this.step = 1;
      w.call("a", { op: "connect", fd: this.fds.client, port: 80 });
      this.conns.a = w.hosts.a.connectionOf(this.fds.client);
      return;
    }
    if (this.step === 1) {
      const ready = w.hosts.b.childrenOf(this.fds.listen).some((c) => c.state === "ESTABLISHED");
      if (ready && w.hosts.a.connectionOf(this.fds.client)?.state === "ESTABLISHED") {
        this.fds.accepted = w.call("b", { op: "accept", fd: this.fds.listen }).result as number;
        this.conns.b = w.hosts.b.connectionOf(this.fds.accepted);
        this.step = 2;
        w.call("a", { op: "send", fd: this.fds.client, bytes: 100 });
      }
      return;
    }
    if (this.step === 2) {
      const row = w.hosts.b.netstat(w.now).find((r) => r.state === "ESTABLISHED" && r.recvQ >= 100);
      if (row) {
        w.call("b", { op: "read", fd: this.fds.accepted });
        this.step = 3;
        w.call("a", { op: "close", fd: this.fds.client });
      }
      return;
    }
    if (this.step === 3) {
      if (this.conns.b?.state === "CLOSE_WAIT") {
        this.step = 4;
        w.call("b", { op: "close", fd: this.fds.accepted });
      }
    }
  }
}

export const SANDBOX: MissionEntry = {
  mission: SANDBOX_MISSION,
  create: (opts) => new SandboxRun(SANDBOX_MISSION, opts),
};
