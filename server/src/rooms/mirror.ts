// The world, mirrored into the synchronised state: segments in flight, the ladder's ring, each
// host's netstat record. One mirror per match (a rematch starts a new one). It reads each log
// entry once, then lets the world forget it; the ladder's older lines are rebuilt on request by
// replaying the match, so neither the world nor the room keeps the history.

import type { NetstatRow as EngineRow } from "@tcp-tango/shared/host/host.ts";
import {
  encodeLadderLine,
  LADDER_MAX,
  LADDER_WINDOW,
  ladderLineOf,
  ladderWindow,
} from "@tcp-tango/shared/protocol/ladder.ts";
import {
  encodeFlight,
  encodeFlights,
  encodeHost,
  type Fate,
  type NetstatRecord,
} from "@tcp-tango/shared/protocol/records.ts";
import { type Side, World } from "@tcp-tango/shared/sim/world.ts";
import { type MissionRunLike, ROLES, type Role } from "../missions/contract.ts";
import { type MatchState, publishHost } from "../schema/MatchState.ts";

export class StateMirror {
  private readonly run: MissionRunLike;
  private readonly state: MatchState;
  /** Log entries before this one are in the state (flights, ladder). */
  private logCursor = 0;
  /** Log entries before this one have marked their host's rows dirty. */
  private rowsCursor = 0;
  /** Per role: an event on that host since its rows were last published. */
  private readonly rowsDirty: Record<Role, boolean> = { client: true, server: true };
  /**
   * Per role, per row: its timer as last published (a running timer keeps its published
   * countdown). Updated in place: the rows themselves are built for one encoding and dropped,
   * so nothing a host publishes outlives the next young-generation collection.
   */
  private readonly timersPublished: Record<Role, PublishedTimer[]> = { client: [], server: [] };
  /** The segment copies in flight, in the order they were sent, each as its record (encodeFlight). */
  private readonly flights: { id: number; copy: number; record: string }[] = [];
  /** The role whose rows were held back at the last sync (guessState). */
  private lastHidden: Role | undefined;
  /** The ladder's history as last replayed for a request; dropped with each new line. */
  private history: { start: number; lines: string[] } | undefined;
  /** Tests only: how many times the ladder was replayed. */
  replays = 0;

  constructor(run: MissionRunLike, state: MatchState) {
    this.run = run;
    this.state = state;
  }

  roleOf(side: Side): Role {
    return side === this.run.sides.client ? "client" : "server";
  }

  hostIp(role: Role): string {
    return this.run.world.hosts[this.run.sides[role]].ip;
  }

  /** Both hosts as they start: their address, no sockets. */
  publishEmptyHosts(): void {
    for (const role of ROLES) publishHost(this.state, role, encodeHost({ ip: this.hostIp(role), rows: [] }));
  }

  /**
   * Bring the state up to the world. `hidden` (guess-the-state play, a human seat deciding):
   * that seat's host keeps the rows it had, and the ladder stops before its first state change.
   */
  sync(hidden: Role | undefined): void {
    const w = this.run.world;
    const s = this.state;
    // A host's rows change only with an event on that host (the entry's side).
    for (; this.rowsCursor < w.logEnd; this.rowsCursor++) {
      const e = w.logEntry(this.rowsCursor);
      if (e && e.type !== "decision") this.rowsDirty[this.roleOf(e.side)] = true;
    }
    let flightsChanged = false;
    for (; this.logCursor < w.logEnd; this.logCursor++) {
      const e = w.logEntry(this.logCursor);
      if (!e) continue;
      const role = this.roleOf(e.side);
      if (hidden === role && e.type === "state") break;
      // Flights: a sent segment's copies take off; one lands or is lost.
      if (e.type === "send") {
        for (const f of e.fates) {
          const record = encodeFlight({
            id: e.id,
            copy: f.copy,
            from: role,
            ...e.seg,
            sentAt: e.t,
            arriveAt: f.arriveAt,
            fate: f.copy > 0 && f.fate === "delivered" ? "duplicate" : (f.fate as Fate),
            by: e.by,
          });
          this.flights.push({ id: e.id, copy: f.copy, record });
        }
        flightsChanged = true;
      } else if (e.type === "arrive" || e.type === "lost") {
        const copy = e.type === "arrive" ? e.copy : 0;
        const i = this.flights.findIndex((f) => f.id === e.id && f.copy === copy);
        if (i >= 0) this.flights.splice(i, 1);
        flightsChanged = true;
      }
      const line = ladderLineOf(e, role);
      if (!line) continue;
      const slot = s.ladderEnd % LADDER_WINDOW;
      if (slot < s.ladder.length) s.ladder[slot] = encodeLadderLine(line);
      else s.ladder.push(encodeLadderLine(line));
      s.ladderEnd++;
      this.history = undefined;
    }
    if (flightsChanged) s.flights = encodeFlights(this.flights.map((f) => f.record));
    const unhidden = this.lastHidden !== hidden ? this.lastHidden : undefined;
    this.lastHidden = hidden;
    for (const role of ROLES) {
      if (role === hidden) continue; // keep publishing the snapshot taken before the event
      // Rows change only with an event, which logs (a running timer is counted down by clients).
      if (role !== unhidden && !this.rowsDirty[role]) continue;
      this.rowsDirty[role] = false;
      const rows = publishedRows(this.timersPublished[role], w.netstat(this.run.sides[role]), w.now);
      const host = encodeHost({ ip: this.hostIp(role), rows });
      publishHost(s, role, host);
    }
    // Every reader (this mirror's two cursors, the mission run) is past these entries.
    w.forgetLog(Math.min(this.logCursor, this.rowsCursor, this.run.logReadTo ?? Number.POSITIVE_INFINITY));
  }

  /** The ladder's lines from `from` on, at most the last LADDER_MAX (then `from` is later). */
  ladderLines(from: number): { from: number; lines: string[] } {
    const end = this.state.ladderEnd;
    const first = Math.min(end, Math.max(from, end - LADDER_MAX));
    const ring = ladderWindow([...this.state.ladder], end);
    if (first >= ring.from) return { from: first, lines: ring.lines.slice(first - ring.from) as string[] };
    const history = this.history ?? this.replayLadder();
    return { from: first, lines: history.lines.slice(first - history.start) };
  }

  /**
   * The ladder's last LADDER_MAX lines, rebuilt: the match replays exactly from seed + inputs.
   * Kept until the next line, so requests cost one replay per change.
   */
  private replayLadder(): { start: number; lines: string[] } {
    this.replays++;
    const end = this.state.ladderEnd;
    const w = World.replay(this.run.world.options, this.run.world.inputs);
    const lines: string[] = [];
    for (let n = 0; n < this.logCursor; n++) {
      const e = w.logEntry(n);
      const line = e && ladderLineOf(e, this.roleOf(e.side));
      if (line) lines.push(encodeLadderLine(line));
    }
    if (lines.length !== end) throw new Error(`the ladder replays to ${lines.length} lines, not ${end}`);
    const start = Math.max(0, end - LADDER_MAX);
    this.history = { start, lines: lines.slice(start, end) };
    return this.history;
  }
}

/** A row's timer as published: its kind ("" for none), when it was measured, what was left then. */
interface PublishedTimer {
  kind: string;
  at: number;
  remainingMs: number;
}

/**
 * The netstat rows to publish: the engine's, except that a timer still running (same kind, same
 * expiry) keeps the `timerRemainingMs`/`timerAt` it was published with, so the record does not
 * change while clients count it down. `published` (the timers as published before) is updated.
 */
function publishedRows(
  published: PublishedTimer[],
  rows: readonly EngineRow[],
  now: number,
): NetstatRecord[] {
  const out = rows.map((r, i) => {
    const kind = r.timer?.kind ?? "";
    const remainingMs = r.timer?.remainingMs ?? 0;
    const at = kind ? now : 0;
    let old = published[i];
    if (!old) {
      old = { kind, at, remainingMs };
      published.push(old);
    } else if (old.kind !== kind || old.at + old.remainingMs !== at + remainingMs) {
      // Another timer (or none): publish it as measured now. The same one keeps its countdown.
      old.kind = kind;
      old.at = at;
      old.remainingMs = remainingMs;
    }
    return {
      proto: "tcp",
      recvQ: r.recvQ,
      sendQ: r.sendQ,
      local: r.local,
      foreign: r.foreign,
      state: r.state,
      timerKind: kind,
      timerRemainingMs: old.remainingMs,
      timerAt: old.at,
    };
  });
  published.length = rows.length;
  return out;
}
