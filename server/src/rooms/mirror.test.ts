import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  encodeLadderLine,
  LADDER_WINDOW,
  ladderLineOf,
  ladderWindow,
} from "@tcp-tango/shared/protocol/ladder.ts";
import { decodeFlights, decodeHost } from "@tcp-tango/shared/protocol/records.ts";
import { World } from "@tcp-tango/shared/sim/world.ts";
import type { MissionRunLike } from "../missions/contract.ts";
import { findMission } from "../missions/registry.ts";
import { MatchState } from "../schema/MatchState.ts";
import { StateMirror } from "./mirror.ts";

/** Bot against bot through a mission, the mirror syncing every 50 virtual ms as a room would. */
function mirrored(
  missionId: string,
  seed: number,
): { run: MissionRunLike; state: MatchState; mirror: StateMirror } {
  const entry = findMission(missionId);
  assert.ok(entry, missionId);
  const run = entry.create({ seed, controllers: { client: "auto", server: "auto" } });
  const state = new MatchState();
  const mirror = new StateMirror(run, state);
  mirror.publishEmptyHosts();
  for (let t = 0; t < entry.mission.timeLimitMs && !run.outcome().done; t += 50) {
    run.advance(t);
    mirror.sync(undefined);
  }
  run.advance(run.now + 60_000); // let TIME_WAIT run out
  mirror.sync(undefined);
  return { run, state, mirror };
}

/** sandbox.lifecycle, bot against bot at seed 5, not started yet, with its mirror. */
function fresh(): { run: MissionRunLike; state: MatchState; mirror: StateMirror } {
  const entry = findMission("sandbox.lifecycle");
  assert.ok(entry);
  const run = entry.create({ seed: 5, controllers: { client: "auto", server: "auto" } });
  const state = new MatchState();
  return { run, state, mirror: new StateMirror(run, state) };
}

/** Every ladder line of the match, from a replay of its inputs. */
function allLines(run: MissionRunLike, mirror: StateMirror): string[] {
  const w = World.replay(run.world.options, run.world.inputs);
  const lines: string[] = [];
  for (let n = 0; n < w.logEnd; n++) {
    const e = w.logEntry(n);
    const line = e && ladderLineOf(e, mirror.roleOf(e.side));
    if (line) lines.push(encodeLadderLine(line));
  }
  return lines;
}

describe("the state mirror", () => {
  for (const missionId of ["sandbox.lifecycle", "lost-final-ack", "simultaneous-close"])
    test(`${missionId}: the ring holds the last lines; the world keeps only what is unread`, () => {
      const { run, state, mirror } = mirrored(missionId, 3);
      const lines = allLines(run, mirror);
      assert.equal(state.ladderEnd, lines.length);
      assert.ok(lines.length > LADDER_WINDOW, `${lines.length} lines`);
      assert.deepEqual(ladderWindow([...state.ladder], state.ladderEnd).lines, lines.slice(-LADDER_WINDOW));
      assert.equal(run.world.logStart, run.world.logEnd - run.world.log.length);
      assert.ok(run.world.log.length < 5, `${run.world.log.length} entries kept after the last sync`);
      assert.equal(state.flights, "[]", "nothing is left in flight");
    });

  test("flights: each copy from its send until it lands or is lost, in order, then gone", () => {
    const { run, state, mirror } = fresh();
    mirror.publishEmptyHosts();
    const seen = new Set<string>();
    for (let t = 0; t < 30_000 && !run.outcome().done; t += 50) {
      run.advance(t);
      mirror.sync(undefined);
      const flights = decodeFlights(state.flights);
      assert.ok(flights, `readable: ${state.flights}`);
      for (const f of flights) {
        assert.ok(
          f.sentAt <= run.now && f.arriveAt >= run.now,
          `in the air at ${run.now}: ${JSON.stringify(f)}`,
        );
        seen.add(`${f.id}.${f.copy}`);
      }
      const ids = flights.map((f) => f.id);
      assert.deepEqual(
        ids,
        [...ids].sort((a, b) => a - b),
        "in the order they were sent",
      );
    }
    const w = World.replay(run.world.options, run.world.inputs);
    const sent: string[] = [];
    for (let n = 0; n < w.logEnd; n++) {
      const e = w.logEntry(n);
      if (e?.type === "send") for (const f of e.fates) sent.push(`${e.id}.${f.copy}`);
    }
    assert.ok(sent.length >= 8, `${sent.length} copies sent`);
    assert.deepEqual([...seen].sort(), [...sent].sort(), "every copy was shown in flight");
  });

  test("the history comes from one replay, kept until the next line", () => {
    const { run, state, mirror } = mirrored("sandbox.lifecycle", 9);
    const lines = allLines(run, mirror);
    assert.deepEqual(mirror.ladderLines(0), { from: 0, lines });
    assert.deepEqual(mirror.ladderLines(5).lines, lines.slice(5));
    assert.equal(mirror.replays, 1);
    const end = state.ladderEnd;
    assert.deepEqual(mirror.ladderLines(end - 2), { from: end - 2, lines: lines.slice(-2) }, "from the ring");
    assert.deepEqual(mirror.ladderLines(end + 10), { from: end, lines: [] });
    assert.equal(mirror.replays, 1);
  });

  test("each host's record is its netstat table", () => {
    const { run, state, mirror } = fresh();
    run.advance(100); // the client ESTABLISHED; the server's listener and its SYN_RECV connection
    mirror.sync(undefined);
    for (const role of ["client", "server"] as const) {
      const host = decodeHost(role === "client" ? state.clientHost : state.serverHost);
      const real = run.world.netstat(run.sides[role]);
      assert.ok(real.length > 0, `${role} has sockets`);
      assert.equal(host?.ip, mirror.hostIp(role));
      assert.deepEqual(
        host?.rows.map((r) => [r.local, r.foreign, r.state]),
        real.map((r) => [r.local, r.foreign, r.state]),
      );
    }
  });

  test("guess-the-state play holds back the deciding host's rows and state lines", () => {
    const { run, state, mirror } = fresh();
    mirror.sync(undefined);
    const before = state.clientHost;
    run.advance(100);
    mirror.sync("client");
    assert.equal(state.clientHost, before, "the client's rows are held");
    const held = ladderWindow([...state.ladder], state.ladderEnd).lines.map(String);
    assert.ok(!held.some((l) => l.includes('"state","client"')), "no client state line yet");
    mirror.sync(undefined);
    assert.notEqual(state.clientHost, before, "released");
    const all = ladderWindow([...state.ladder], state.ladderEnd).lines.map(String);
    assert.ok(all.some((l) => l.includes('"state","client"')));
  });
});
