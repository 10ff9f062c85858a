// Each host's netstat table through a finished (or live) match, for its replay: the match is
// played again from its seed and inputs, and the tables are read after every log entry. Only a
// change is kept: a table holds from its entry until the next one listed. A running timer is
// "the same" while its expiry is (its time left shrinks with the clock, not with the match).

import type { NetstatRow } from "../host/host.ts";
import { type LogEntry, type Side, World, type WorldInput, type WorldOptions } from "../sim/world.ts";
import type { NetstatRecord } from "./records.ts";

/** Both hosts' tables from log entry `from` on (until the next step's `from`). */
export interface NetstatStep {
  from: number;
  a: NetstatRecord[];
  b: NetstatRecord[];
}

/** A row as the state carries it, its timer measured at `now`. */
export function netstatRecord(r: NetstatRow, now: number): NetstatRecord {
  return {
    proto: r.proto,
    recvQ: r.recvQ,
    sendQ: r.sendQ,
    local: r.local,
    foreign: r.foreign,
    state: r.state,
    timerKind: r.timer?.kind ?? "",
    timerRemainingMs: r.timer?.remainingMs ?? 0,
    timerAt: r.timer ? now : 0,
  };
}

/** What makes two tables the same: every column, and a timer by its kind and expiry. */
function tableKey(rows: readonly NetstatRecord[]): string {
  return rows
    .map((r) =>
      [r.recvQ, r.sendQ, r.local, r.foreign, r.state, r.timerKind, r.timerAt + r.timerRemainingMs].join(" "),
    )
    .join("\n");
}

/** The match's log, and each host's netstat table as of each entry (only where it changed). */
export function replayWithNetstat(
  options: WorldOptions,
  inputs: readonly WorldInput[],
): { log: LogEntry[]; netstat: NetstatStep[] } {
  const steps: NetstatStep[] = [];
  let lastKey = "";
  const read = (w: World, side: Side) => w.netstat(side).map((r) => netstatRecord(r, w.now));
  const world = World.replay(options, inputs, (w) => {
    const step = { from: w.logEnd - 1, a: read(w, "a"), b: read(w, "b") };
    const key = `${tableKey(step.a)}\n--\n${tableKey(step.b)}`;
    if (steps.length > 0 && key === lastKey) return;
    lastKey = key;
    steps.push(step);
  });
  return { log: world.log, netstat: steps };
}
