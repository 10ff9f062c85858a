import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MISSION_IDS } from "../i18n/catalog.ts";
import { type LogEntry, type Side, World } from "../sim/world.ts";
import { MISSIONS, missionById } from "./catalog.ts";
import { type Mission, missionTextKeys, parseMission } from "./mission.ts";
import { AppCallError, containsRun, MissionRun } from "./run.ts";

const SEEDS = Array.from({ length: 50 }, (_, i) => i + 1);

function mission(id: string): Mission {
  const m = missionById(id);
  assert.ok(m, `mission ${id} exists`);
  return m;
}

function botRun(id: string, seed: number | string): MissionRun {
  const run = new MissionRun(mission(id), { seed });
  run.runToEnd();
  return run;
}

type Send = Extract<LogEntry, { type: "send" }>;
const sends = (run: MissionRun, side?: Side): Send[] =>
  run.world.log.filter((e): e is Send => e.type === "send" && (side === undefined || e.side === side));
const flagsOf = (e: Send) => e.seg.flags.replace("P", "");
const stateEntry = (run: MissionRun, side: Side, to: string, from?: string) =>
  run.world.log.find(
    (e) => e.type === "state" && e.side === side && e.to === to && (!from || e.from === from),
  );

/** Bot-against-bot runs of every mission for every seed, made once and shared by the tests. */
const runs = new Map<string, MissionRun[]>(
  MISSIONS.map((m) => [m.id, SEEDS.map((seed) => botRun(m.id, seed))]),
);
const eachRun = (id: string, check: (run: MissionRun, seed: number) => void) => {
  const list = runs.get(id);
  assert.ok(list);
  list.forEach((run, i) => {
    check(run, SEEDS[i] as number);
  });
};

describe("mission schema", () => {
  test("accepts every catalog mission", () => {
    for (const m of MISSIONS) assert.doesNotThrow(() => parseMission(m), m.id);
  });

  test("rejects a malformed mission with a message naming each problem", () => {
    const base = mission("handshake-client");
    const bad = {
      ...base,
      difficulty: 4,
      cues: [
        { side: "middle", when: { at: 0 }, call: { op: "listen", port: 80 } },
        { side: "client", when: { after: "nobody" }, call: { op: "connect", port: 70000 } },
        { side: "client", when: { at: 10 }, call: { op: "fly" } },
      ],
      goal: { client: "ESTABLISHD" },
    };
    assert.throws(
      () => parseMission(bad),
      (err: unknown) => {
        assert.ok(err instanceof RangeError);
        const msg = err.message;
        assert.match(msg, /^Invalid mission "handshake-client":/);
        assert.match(msg, /difficulty must be 1, 2 or 3/);
        assert.match(msg, /a side must be "client" or "server"/);
        assert.match(msg, /call\.port must be a port from 1 to 65535/);
        assert.match(msg, /call\.op must be one of listen, connect/);
        assert.match(msg, /a goal state must be one of CLOSED, LISTEN, .*, or a list of them/);
        assert.match(msg, /→ at goal\.client/);
        assert.match(msg, /→ at cues\[0\]\.side/);
        return true;
      },
    );
  });

  test("names a cue that waits for an unknown cue, and a missing field", () => {
    const base = mission("handshake-client");
    const unknownAfter = {
      ...base,
      cues: [...base.cues, { side: "client", when: { after: "nobody" }, call: { op: "close" } }],
    };
    assert.throws(() => parseMission(unknownAfter), /cue 2 fires after "nobody", which is no cue's id/);
    const { timeLimitMs: _, ...noLimit } = base;
    assert.throws(() => parseMission(noLimit), /timeLimitMs must be a number of milliseconds/);
    assert.throws(() => parseMission({ ...base, goal: {} }), /a goal must ask for something/);
  });
});

describe("catalog", () => {
  test("has the campaign's missions in order, with unique ids", () => {
    const ids = MISSIONS.map((m) => m.id);
    assert.deepEqual(ids, [...MISSION_IDS]);
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(
      MISSIONS.map((m) => m.order),
      MISSIONS.map((_, i) => i + 1),
    );
    assert.equal(missionById("lost-syn")?.order, 7);
    assert.equal(missionById("no-such-mission"), undefined);
    assert.deepEqual(missionTextKeys("lost-syn"), {
      title: "mission.lost-syn.title",
      brief: "mission.lost-syn.brief",
      goal: "mission.lost-syn.goal",
    });
  });

  for (const m of MISSIONS) {
    test(`${m.id}: bot against bot succeeds for seeds 1..${SEEDS.length}`, () => {
      eachRun(m.id, (run, seed) => {
        const o = run.outcome();
        assert.deepEqual(o, { done: true, success: true }, `${m.id} seed ${seed}: ${JSON.stringify(o)}`);
        assert.ok(run.now <= m.timeLimitMs, `${m.id} seed ${seed} ended in time`);
        assert.equal(run.cueLog.length, m.cues.length, `${m.id} seed ${seed}: every cue fired`);
      });
    });
  }
});

describe("teaching points (every seed)", () => {
  test("handshake: SYN, SYN+ACK, ACK", () => {
    for (const id of ["handshake-client", "handshake-server"]) {
      eachRun(id, (run) => {
        assert.deepEqual(
          sends(run).map((e) => `${e.side}:${flagsOf(e)}`),
          ["a:S", "b:SA", "a:A"],
        );
        assert.deepEqual(run.statesSeen("server"), ["LISTEN", "SYN_RECEIVED", "ESTABLISHED"]);
      });
    }
  });

  test("data-lost-segment: a data segment is lost, retransmitted, and all 3000 bytes are read", () => {
    eachRun("data-lost-segment", (run, seed) => {
      const data = sends(run, "a").filter((e) => e.seg.len > 0);
      const lost = data.filter((e) => e.fates[0]?.fate === "lost");
      assert.equal(lost.length, 1, `seed ${seed}`);
      const again = data.filter((e) => e.seg.seq === lost[0]?.seg.seq);
      assert.ok(again.length >= 2, `seed ${seed}: the lost segment is sent again`);
      const read = run.cueLog.find((c) => run.mission.cues[c.cue]?.call.op === "read");
      assert.equal(read?.result, 3000, `seed ${seed}`);
    });
  });

  test("data-lost-segment: the loss is logged at the host the segment was headed for", () => {
    // The live log words it so ("… to the server was lost"): the entry's side is the receiver's.
    eachRun("data-lost-segment", (run, seed) => {
      const lost = sends(run, "a").find((e) => e.fates[0]?.fate === "lost");
      const entry = run.world.log.find((e) => e.type === "lost" && e.id === lost?.id);
      assert.equal(entry?.side, "b", `seed ${seed}`);
    });
  });

  test("active-close: the closer waits 2MSL in TIME_WAIT, then CLOSED", () => {
    eachRun("active-close", (run) => {
      const tw = stateEntry(run, "a", "TIME_WAIT");
      const closed = stateEntry(run, "a", "CLOSED", "TIME_WAIT");
      assert.ok(tw && closed);
      assert.equal(closed.t - tw.t, 2 * 4000);
    });
  });

  test("passive-close: CLOSE_WAIT until the application closes, then LAST_ACK, CLOSED on the ACK", () => {
    eachRun("passive-close", (run) => {
      const lastAck = stateEntry(run, "b", "LAST_ACK");
      const finSent = sends(run, "b").find((e) => e.seg.flags.includes("F"));
      assert.ok(lastAck && finSent);
      assert.equal(finSent.t, lastAck.t, "the FIN leaves when the application closes");
      assert.ok(containsRun(run.statesSeen("server"), ["CLOSE_WAIT", "LAST_ACK", "CLOSED"]));
    });
  });

  test("fin-ack-shortcut: FIN+ACK takes the client from FIN_WAIT_1 straight to TIME_WAIT", () => {
    eachRun("fin-ack-shortcut", (run, seed) => {
      const seen = run.statesSeen("client");
      assert.ok(!seen.includes("FIN_WAIT_2"), `seed ${seed}: ${seen.join(",")}`);
      assert.ok(containsRun(seen, ["FIN_WAIT_1", "TIME_WAIT"]));
      const finAck = sends(run, "b").find((e) => flagsOf(e) === "FA");
      assert.ok(finAck);
      const arrive = run.world.log.find((e) => e.type === "arrive" && e.id === finAck.id);
      const tw = stateEntry(run, "a", "TIME_WAIT");
      assert.equal(arrive?.t, tw?.t, "the FIN+ACK's arrival is the step to TIME_WAIT");
      const closed = stateEntry(run, "a", "CLOSED", "TIME_WAIT");
      assert.equal(closed?.t, (tw?.t ?? 0) + 8000, "TIME_WAIT runs its full 2MSL");
    });
  });

  test("lost-syn: the SYN is lost, then sent again after the RTO", () => {
    eachRun("lost-syn", (run) => {
      const syns = sends(run, "a").filter((e) => flagsOf(e) === "S");
      assert.equal(syns.length, 2);
      const [first, second] = syns as [Send, Send];
      assert.equal(first.fates[0]?.fate, "lost");
      assert.equal(second.seg.seq, first.seg.seq);
      assert.equal(second.t - first.t, 1000, "after the initial RTO");
    });
  });

  test("lost-final-ack: the server resends its FIN and the client re-ACKs it from TIME_WAIT", () => {
    eachRun("lost-final-ack", (run) => {
      const fins = sends(run, "b").filter((e) => e.seg.flags.includes("F"));
      assert.equal(fins.length, 2, "the FIN is retransmitted");
      assert.equal(fins[1]?.seg.seq, fins[0]?.seg.seq);
      const tw = stateEntry(run, "a", "TIME_WAIT");
      const closed = stateEntry(run, "a", "CLOSED", "TIME_WAIT");
      assert.ok(tw && closed);
      const acksInTimeWait = sends(run, "a").filter(
        (e) =>
          flagsOf(e) === "A" && e.t >= tw.t && e.t < closed.t && e.seg.ack === (fins[0]?.seg.seq ?? 0) + 1,
      );
      assert.equal(acksInTimeWait.length, 2, "the final ACK, lost, then the re-ACK");
      assert.equal(acksInTimeWait[0]?.fates[0]?.fate, "lost");
      assert.equal(closed.t - (acksInTimeWait[1]?.t ?? 0), 8000, "the re-ACK restarts 2MSL");
    });
  });

  test("simultaneous-close: both FINs cross, CLOSING on both sides, then TIME_WAIT on both", () => {
    eachRun("simultaneous-close", (run) => {
      for (const role of ["client", "server"] as const)
        assert.ok(containsRun(run.statesSeen(role), ["FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"]));
    });
  });

  test("connection-refused: the SYN meets a RST, connect fails with ECONNREFUSED", () => {
    eachRun("connection-refused", (run) => {
      assert.deepEqual(
        sends(run).map((e) => `${e.side}:${flagsOf(e)}`),
        ["a:S", "b:RA"],
      );
      assert.ok(
        run.world.log.some((e) => e.type === "error" && e.side === "a" && e.error === "ECONNREFUSED"),
      );
    });
  });

  test("server-restart: bind fails while TIME_WAIT holds the port, SO_REUSEADDR lets it through", () => {
    eachRun("server-restart", (run) => {
      assert.deepEqual(run.bindResults, ["EADDRINUSE", null]);
      const binds = run.world.log.filter((e) => e.type === "call" && e.side === "b" && e.call.op === "bind");
      const twEnds = stateEntry(run, "b", "CLOSED", "TIME_WAIT");
      assert.ok(twEnds);
      assert.equal(binds.length, 3, "the first listener, then the two binds after the restart");
      for (const b of binds.slice(1)) assert.ok(b.t < twEnds.t, "both binds happen during TIME_WAIT");
      assert.equal(run.world.netstat("b")[0]?.state, "LISTEN", "the restarted server listens");
    });
  });
});

describe("MissionRun", () => {
  test("replay reproduces every bot run exactly", () => {
    for (const m of MISSIONS) {
      eachRun(m.id, (run, seed) => {
        const replayed = World.replay(run.world.options, run.world.inputs);
        assert.equal(replayed.logJson(), run.world.logJson(), `${m.id} seed ${seed}`);
      });
    }
  });

  const seats = [
    { client: "human", server: "auto" },
    { client: "auto", server: "human" },
    { client: "human", server: "human" },
  ] as const;
  for (const controllers of seats) {
    test(`human seats ${JSON.stringify(controllers)}: stops at decisions; "reference" answers complete every mission`, () => {
      for (const m of MISSIONS) {
        for (const seed of SEEDS.slice(0, 10)) {
          const run = new MissionRun(m, { seed, controllers });
          let decisions = 0;
          while (!run.outcome().done) {
            run.advance(m.timeLimitMs);
            const d = run.pending;
            if (!d) continue;
            assert.equal(run.now < m.timeLimitMs, true);
            const role = d.side === "a" ? "client" : "server";
            assert.equal(controllers[role], "human", "only a human seat is asked");
            const before = run.now;
            run.advance(run.now + 10_000);
            assert.equal(run.now, before, "time stands still while a decision is pending");
            assert.equal(run.pending, d);
            run.decide(role, "reference");
            decisions++;
          }
          assert.deepEqual(run.outcome(), { done: true, success: true }, `${m.id} seed ${seed}`);
          assert.ok(decisions > 0, `${m.id}: the human was asked`);
          // The same match as the bots played, segment for segment.
          const bot = botRun(m.id, seed);
          const wire = (r: MissionRun) => JSON.stringify(sends(r).map((e) => [e.t, e.side, e.seg, e.fates]));
          assert.equal(wire(run), wire(bot), `${m.id} seed ${seed}`);
          const replayed = World.replay(run.world.options, run.world.inputs);
          assert.equal(replayed.logJson(), run.world.logJson(), `${m.id} seed ${seed}: replay`);
        }
      }
    });
  }

  test("runToEnd refuses a human seat", () => {
    const run = new MissionRun(mission("lost-syn"), {
      seed: 1,
      controllers: { client: "human", server: "auto" },
    });
    assert.throws(() => run.runToEnd(), /both seats/);
  });

  test("a human who sends nothing fails the goal at the time limit", () => {
    const m = mission("handshake-client");
    const run = new MissionRun(m, { seed: 1, controllers: { client: "human", server: "auto" } });
    while (!run.outcome().done) {
      run.advance(m.timeLimitMs);
      if (run.pending) run.decide("client", []);
    }
    assert.equal(run.now, m.timeLimitMs);
    assert.deepEqual(run.outcome(), { done: true, success: false, failedBecause: "goal.client_state" });
  });

  test("cues fire through World.call, and the cue log records them", () => {
    const run = botRun("server-restart", 1);
    const inputs = run.world.inputs.filter((i) => i.kind === "call");
    assert.ok(inputs.some((i) => i.kind === "call" && i.call.op === "setReuseAddr"));
    assert.ok(
      inputs.some((i) => i.kind === "call" && i.call.op === "accept"),
      "the server accepts by itself",
    );
    const bind = run.cueLog.find((c) => run.mission.cues[c.cue]?.call.op === "bind");
    assert.equal(bind?.error, "EADDRINUSE");
    assert.deepEqual(
      run.cueLog.map((c) => c.cue),
      run.mission.cues.map((_, i) => i),
    );
  });

  test("the same seed gives the same run; sides map client to a, server to b", () => {
    const one = botRun("data-lost-segment", "tango");
    const two = botRun("data-lost-segment", "tango");
    assert.equal(one.world.logJson(), two.world.logJson());
    assert.deepEqual(one.sides, { client: "a", server: "b" });
  });
});

describe("application calls and free play", () => {
  const free = () => mission("free-play");
  /** Advance, answering every pending decision with the reference, until `until` holds or the end. */
  const settle = (run: MissionRun, until: () => boolean = () => false, maxMs = 60_000) => {
    const end = run.now + maxMs;
    while (!run.outcome().done && !until() && run.now < end) {
      const role = run.pendingRole;
      if (role) run.decide(role, "reference");
      else run.advance(Math.min(end, run.now + 100));
    }
  };

  test("free-play has no cues; bot against bot the built-in applications play it through (20 seeds)", () => {
    assert.equal(free().cues.length, 0);
    for (const seed of SEEDS.slice(0, 20)) {
      const run = botRun("free-play", seed);
      assert.deepEqual(run.outcome(), { done: true, success: true }, `seed ${seed}`);
      assert.deepEqual(
        run.callLog.map((c) => `${c.role}:${c.call.op}${c.call.op === "read" ? `=${c.result}` : ""}`),
        [
          "server:listen",
          "client:connect",
          "client:send",
          "server:read=100",
          "client:close",
          "server:read=0",
          "server:close",
        ],
        `seed ${seed}`,
      );
      assert.ok(run.callLog.every((c) => c.by === "bot" && c.error === null));
      const connect = run.callLog[1];
      const close = run.callLog[4];
      const est = stateEntry(run, "a", "ESTABLISHED");
      assert.equal(connect?.t, 500, "the client connects 500 ms after the server listens");
      assert.equal(close?.t, (est?.t ?? 0) + 3000, "the client closes 3 s after ESTABLISHED");
      // The server's ACK and FIN leave together; jitter may swap them (FIN_WAIT_1 → TIME_WAIT).
      assert.ok(run.statesSeen("client").includes("FIN_WAIT_1"), `seed ${seed}`);
      assert.ok(containsRun(run.statesSeen("client"), ["TIME_WAIT", "CLOSED"]), `seed ${seed}`);
      assert.ok(containsRun(run.statesSeen("server"), ["CLOSE_WAIT", "LAST_ACK", "CLOSED"]), `seed ${seed}`);
    }
  });

  test("a human client drives free play with appCall against the bot server; replay is exact", () => {
    const run = new MissionRun(free(), {
      seed: 7,
      controllers: { client: "human", server: "auto" },
      botApps: { client: false },
    });
    run.advance(2000);
    assert.equal(run.stateOf("client"), "CLOSED", "nothing happens on the client by itself");
    assert.equal(run.stateOf("server"), "LISTEN");
    const c = run.appCall("client", { op: "connect", port: 80 });
    assert.equal(c.error, null);
    assert.equal(typeof c.result, "number");
    assert.equal(run.pendingRole, "client", "connect asks which segment to send");
    assert.equal(run.pending?.trigger.kind, "call");
    assert.throws(
      () => run.appCall("client", { op: "send", bytes: 10 }),
      (e: unknown) => e instanceof AppCallError && e.code === "decision_pending",
    );
    settle(run, () => run.stateOf("client") === "ESTABLISHED" && !run.pending);
    assert.equal(run.stateOf("client"), "ESTABLISHED");
    assert.deepEqual(run.appCall("client", { op: "send", bytes: 100 }), { result: null, error: null });
    settle(run, () => run.callLog.some((e) => e.role === "server" && e.call.op === "read") && !run.pending);
    assert.equal(run.callLog.find((e) => e.role === "server" && e.call.op === "read")?.result, 100);
    run.appCall("client", { op: "close" });
    settle(run, () => !run.pending); // the FIN
    // The fd is closed: a kernel answers EBADF, not ENOTCONN.
    assert.deepEqual(run.appCall("client", { op: "send", bytes: 5 }), { result: null, error: "EBADF" });
    assert.deepEqual(run.appCall("client", { op: "close" }), { result: null, error: "EBADF" });
    settle(run);
    assert.deepEqual(run.outcome(), { done: true, success: true });
    assert.deepEqual(
      run.callLog.filter((e) => e.by === "player").map((e) => e.call.op),
      ["connect", "send", "close", "send", "close"],
    );
    const replayed = World.replay(run.world.options, run.world.inputs);
    assert.equal(replayed.logJson(), run.world.logJson());
  });

  test("a player's application handed to the bot mid-match is carried on, not restarted", () => {
    for (const seed of SEEDS.slice(0, 10)) {
      const run = new MissionRun(free(), {
        seed,
        controllers: { client: "human", server: "auto" },
        botApps: { client: false },
      });
      run.advance(2000);
      run.appCall("client", { op: "connect", port: 80 });
      settle(run, () => run.stateOf("client") === "ESTABLISHED" && !run.pending);
      assert.equal(run.stateOf("client"), "ESTABLISHED", `seed ${seed}`);
      // The player leaves: the bot takes the application over from an open connection.
      run.setBotApp("client", true);
      settle(run);
      assert.deepEqual(run.outcome(), { done: true, success: true }, `seed ${seed}`);
      const clientCalls = run.callLog.filter((e) => e.role === "client");
      const calls = clientCalls.map((e) => `${e.by}:${e.call.op}`);
      assert.deepEqual(calls.slice(0, 2), ["player:connect", "bot:send"], `seed ${seed}`);
      assert.ok(!calls.includes("bot:connect"), `seed ${seed}: the bot does not connect again`);
      assert.equal(calls.at(-1), "bot:close", `seed ${seed}`);
      assert.ok(
        clientCalls.every((e) => e.error === null),
        `seed ${seed}: ${JSON.stringify(clientCalls)}`,
      );
      const replayed = World.replay(run.world.options, run.world.inputs);
      assert.equal(replayed.logJson(), run.world.logJson(), `seed ${seed}`);
    }
  });

  test("a seat's application handed back to a player stops the bot's script", () => {
    const run = new MissionRun(free(), { seed: 11, controllers: { client: "human", server: "auto" } });
    run.setBotApp("client", false);
    run.advance(5000);
    assert.equal(run.stateOf("client"), "CLOSED", "no connect: the application is the player's");
    assert.equal(run.callLog.filter((e) => e.role === "client").length, 0);
  });

  test("errors come back as the application sees them; a call on no connection is ENOTCONN", () => {
    const run = new MissionRun(free(), {
      seed: 3,
      controllers: { client: "human", server: "human" },
      botApps: { client: false, server: false },
    });
    assert.deepEqual(run.appCall("client", { op: "send", bytes: 5 }), { result: null, error: "ENOTCONN" });
    const l = run.appCall("server", { op: "listen", port: 80 });
    assert.equal(l.error, null);
    const b = run.appCall("server", { op: "bind", port: 80, reuseAddr: false });
    assert.equal(b.error, "EADDRINUSE");
    assert.deepEqual(run.bindResults, ["EADDRINUSE"]);
  });

  test("a call is allowed while the other seat decides; its own decision waits its turn", () => {
    const run = new MissionRun(free(), {
      seed: 5,
      controllers: { client: "human", server: "human" },
      botApps: { client: false, server: false },
    });
    run.appCall("server", { op: "listen", port: 80 });
    run.appCall("client", { op: "connect", port: 80 });
    settle(
      run,
      () =>
        run.stateOf("client") === "ESTABLISHED" && run.stateOf("server") === "ESTABLISHED" && !run.pending,
    );
    // The server sends data; while the client decides how to ACK it, the server closes.
    run.appCall("server", { op: "send", bytes: 50 });
    settle(run, () => run.pendingRole === "client");
    assert.equal(run.pendingRole, "client");
    const clientDecision = run.pending?.id;
    run.appCall("server", { op: "close" });
    assert.equal(run.pending?.id, clientDecision, "the client's decision stays the pending one");
    assert.throws(
      () => run.appCall("server", { op: "read" }),
      (e: unknown) => e instanceof AppCallError && e.code === "decision_pending",
      "the server's queued decision counts as its own",
    );
    run.decide("client", "reference");
    assert.equal(run.pendingRole, "server", "then the server's decision (its FIN) comes up");
    assert.equal(run.pending?.trigger.kind, "call");
    run.decide("server", "reference");
    settle(run, () => run.stateOf("client") === "CLOSE_WAIT" && !run.pending);
    assert.equal(run.appCall("client", { op: "read" }).result, 50);
    run.appCall("client", { op: "close" });
    settle(run);
    assert.deepEqual(run.outcome(), { done: true, success: true });
    const replayed = World.replay(run.world.options, run.world.inputs);
    assert.equal(replayed.logJson(), run.world.logJson(), "replay is exact");
  });
});
