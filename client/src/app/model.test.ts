import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  encodeCandidates,
  encodeFlight,
  encodeFlights,
  encodeHost,
} from "@tcp-tango/shared/protocol/records.ts";
import {
  decisionStep,
  hostState,
  hostStates,
  hostTimer,
  ladderFromEntries,
  type MatchRecord,
  normaliseSnapshot,
  playOn,
  REPLAY_QUIET_RATE,
  REPLAY_RATE,
  reachesDecision,
  readLadder,
  replayFrame,
  roleSide,
  sideRole,
  toStageModel,
  waitsFor,
} from "./model.ts";

const row = (state: string, foreign = "10.0.0.2:80", timerKind = "", timerRemainingMs = 0) => ({
  proto: "tcp",
  recvQ: 0,
  sendQ: 0,
  local: "10.0.0.1:40000",
  foreign,
  state,
  timerKind,
  timerRemainingMs,
  timerAt: timerKind ? 300 : 0,
});
const opts = {
  me: "client" as const,
  reducedMotion: false,
  palette: "default" as const,
  labels: { client: "Client", server: "Server" },
};

describe("state → stage model", () => {
  it("takes a host's state from its connection row, in RFC spelling", () => {
    assert.equal(hostState([row("LISTEN", "0.0.0.0:*"), row("SYN_RECV")]), "SYN_RECEIVED");
    assert.equal(hostState([row("LISTEN", "0.0.0.0:*")]), "LISTEN");
    assert.equal(hostState([]), "CLOSED");
  });

  it("reads the seats by role; a seat not yet in the state is missing", () => {
    const s = normaliseSnapshot({ clientSeat: { role: "client", kind: "human", score: 3 } });
    assert.equal(s.seats.client?.score, 3);
    assert.equal(s.seats.server, undefined);
  });

  it("reads the seat's pending decision with its candidate moves", () => {
    const moves = [[{ flags: "SA", seq: 1, ack: 2, len: 0 }], []];
    const s = normaliseSnapshot({
      pending: {
        client: {
          id: 7,
          role: "client",
          trigger: "S seq=1 ack=0 len=0",
          candidates: encodeCandidates(moves),
        },
      },
    });
    assert.equal(s.pending.client?.id, 7);
    assert.deepEqual(s.pending.client?.candidates, [
      { index: 0, segments: moves[0] },
      { index: 1, segments: [] },
    ]);
    const none = normaliseSnapshot({ pending: { server: { id: 8, candidates: "" } } });
    assert.deepEqual(none.pending.server?.candidates, []);
    // A seat's record with id 0: it has nothing to decide.
    const idle = normaliseSnapshot({ pending: { server: { id: 0, candidates: "" } } });
    assert.equal(idle.pending.server, undefined);
  });

  it("builds flights, the ladder and the last transition", () => {
    const s = normaliseSnapshot({
      phase: "playing",
      time: 900,
      clientHost: encodeHost({
        ip: "10.0.0.1",
        rows: [row("SYN_SENT", "10.0.0.2:80", "retransmission", 600)],
      }),
      serverHost: encodeHost({ ip: "10.0.0.2", rows: [row("LISTEN", "0.0.0.0:*")] }),
      flights: encodeFlights([
        encodeFlight({
          id: 1,
          copy: 0,
          from: "client",
          flags: "S",
          seq: 1000,
          ack: 0,
          len: 0,
          sentAt: 500,
          arriveAt: 900,
          fate: "delivered",
          by: "player",
        }),
      ]),
      ladder: [
        '[500,"call","client",0,"connect()"]',
        '[500,"state","client",0,"CLOSED -> SYN_SENT user.open.active"]',
        "not a ladder line",
        '[500,"send","client",1,"S seq=1000 ack=0 len=0"]',
      ],
    });
    assert.equal(s.ladder.length, 3, "the unreadable line is left out");
    assert.deepEqual(Object.keys(s.flights), ["1.0"], "keyed id.copy");
    assert.deepEqual(normaliseSnapshot({ flights: '["not a flight"]' }).flights, {}, "unreadable: none");
    assert.equal(s.hosts.client?.rows[0]?.timerAt, 300);
    const m = toStageModel(s, opts);
    assert.equal(m.hosts.client.state, "SYN_SENT");
    assert.equal(m.hosts.server.state, "LISTEN");
    assert.equal(m.hosts.client.ip, "10.0.0.1");
    assert.equal(m.flights.length, 1);
    assert.deepEqual(m.flights[0], {
      key: "1.0",
      from: "client",
      flags: "S",
      seq: 1000,
      ack: 0,
      len: 0,
      sentAt: 500,
      arriveAt: 900,
      fate: "delivered",
    });
    assert.deepEqual(m.ladder.segments, [
      { key: "1", from: "client", label: "SYN seq=1000", sentAt: 500, arriveAt: 900, lost: false },
    ]);
    assert.deepEqual(m.ladder.states, [{ role: "client", t: 500, state: "SYN_SENT" }]);
    assert.deepEqual(m.lastTransition, {
      role: "client",
      from: "CLOSED",
      to: "SYN_SENT",
      at: 500,
      cause: "call",
    });
    assert.equal(m.paused, false);
    assert.equal(m.me, "client");
  });

  it("keeps each side's own last transition when both change at once", () => {
    // Simultaneous close: both TIME_WAITs end together; the client's still ended in TIME_WAIT.
    const l = ladderFromEntries([
      { t: 9000, type: "state", role: "client", segId: 0, text: "TIME_WAIT -> CLOSED" },
      { t: 9000, type: "state", role: "server", segId: 0, text: "TIME_WAIT -> CLOSED" },
    ]);
    assert.equal(l.lastTransition?.role, "server");
    assert.deepEqual(l.lastTransitionOf.client, {
      role: "client",
      from: "TIME_WAIT",
      to: "CLOSED",
      at: 9000,
    });
    assert.deepEqual(l.lastTransitionOf.server, {
      role: "server",
      from: "TIME_WAIT",
      to: "CLOSED",
      at: 9000,
    });
  });

  it("marks lost segments and arrivals from the ladder", () => {
    const l = ladderFromEntries([
      { t: 0, type: "send", role: "client", segId: 1, text: "S seq=1 ack=0 len=0" },
      { t: 400, type: "lost", role: "server", segId: 1, text: "" },
      { t: 1000, type: "send", role: "client", segId: 2, text: "S seq=1 ack=0 len=0" },
      { t: 1400, type: "arrive", role: "server", segId: 2, text: "" },
    ]);
    assert.deepEqual(
      l.segments.map((s) => [s.key, s.arriveAt, s.lost]),
      [
        ["1", 400, true],
        ["2", 1400, false],
      ],
    );
  });
});

describe("what caused a state change", () => {
  const lines = (...ls: unknown[][]) => ls.map((l) => JSON.stringify(l));
  const last = (ls: string[]) => ladderFromEntries(readLadder(ls)).lastTransition;

  it("an RST that arrived: connection refused (the rule says so)", () => {
    const t = last(
      lines(
        [500, "call", "client", 0, "connect()"],
        [500, "state", "client", 0, "CLOSED -> SYN_SENT user.open.active"],
        [500, "send", "client", 1, "S seq=100 ack=0 len=0"],
        [900, "arrive", "server", 1, ""],
        [900, "send", "server", 2, "RA seq=0 ack=101 len=0"],
        [1300, "arrive", "client", 2, ""],
        [1300, "state", "client", 0, "SYN_SENT -> CLOSED syn_sent.rst.refused"],
      ),
    );
    assert.deepEqual(t, { role: "client", from: "SYN_SENT", to: "CLOSED", at: 1300, cause: "rst" });
  });

  it("a call, a timer or a segment, by the rule the engine applied", () => {
    const one = (text: string) => last(lines([500, "state", "client", 0, text]))?.cause;
    assert.equal(one("CLOSED -> SYN_SENT user.open.active"), "call");
    assert.equal(one("TIME_WAIT -> CLOSED timer.time_wait.closed"), "timer");
    assert.equal(one("ESTABLISHED -> CLOSE_WAIT fin.established.close_wait"), "segment");
  });

  it("by the rule, not by whatever else happened at that moment", () => {
    // A call and an arrival at the same virtual time: the FIN's arrival moved the state.
    const t = last(
      lines(
        [900, "call", "client", 0, "send()"],
        [900, "arrive", "client", 4, ""],
        [900, "state", "client", 0, "FIN_WAIT_2 -> TIME_WAIT fin.fin_wait_2.time_wait"],
      ),
    );
    assert.equal(t?.cause, "segment");
  });

  it("unknown without a rule, or with one that is no rule", () => {
    assert.equal(last(lines([900, "state", "client", 0, "FIN_WAIT_1 -> FIN_WAIT_2"]))?.cause, undefined);
    assert.equal(last(lines([900, "state", "client", 0, "X -> Y toString"]))?.cause, undefined);
  });
});

describe("a host's timer on the stage", () => {
  it("is the shown connection's, firing at timerAt + the time left then", () => {
    const rows = [row("LISTEN", "0.0.0.0:*"), row("TIME_WAIT", "10.0.0.2:80", "time_wait", 8000)];
    assert.deepEqual(hostTimer(rows, 1000), { kind: "time_wait", firesAt: 300 + 8000 });
  });

  it("counts from now when the row does not say when it was measured; none without a timer", () => {
    assert.deepEqual(
      hostTimer([{ ...row("SYN_SENT", "10.0.0.2:80", "retransmission", 600), timerAt: 0 }], 900),
      {
        kind: "retransmission",
        firesAt: 1500,
      },
    );
    assert.equal(hostTimer([row("ESTABLISHED")], 900), null);
    assert.equal(hostTimer([], 900), null);
  });

  it("goes into the stage model by name, in the viewer's words", () => {
    const s = normaliseSnapshot({
      time: 1000,
      clientHost: encodeHost({
        ip: "10.0.0.1",
        rows: [row("FIN_WAIT_2", "10.0.0.2:80", "fin_wait_2", 5000)],
      }),
    });
    const m = toStageModel(s, { ...opts, timerName: (k) => `<${k}>` });
    assert.deepEqual(m.hosts.client.timer, { name: "<fin_wait_2>", firesAt: 5300 });
    assert.equal(m.hosts.server.timer, null);
    assert.equal(toStageModel(s, opts).hosts.client.timer, null, "no names, no timer");
  });
});

describe("what a quiet match waits for", () => {
  const flight = encodeFlight({
    id: 1,
    copy: 0,
    from: "client",
    flags: "F",
    seq: 1,
    ack: 0,
    len: 0,
    sentAt: 0,
    arriveAt: 400,
    fate: "delivered",
    by: "player",
  });
  const host = (...rows: ReturnType<typeof row>[]) => encodeHost({ ip: "10.0.0.1", rows });

  it("segments while any is in flight, even with a timer running", () => {
    const s = normaliseSnapshot({
      flights: encodeFlights([flight]),
      clientHost: host(row("FIN_WAIT_1", "10.0.0.2:80", "retransmission", 600)),
    });
    assert.equal(waitsFor(s), "segments");
  });

  it("a timer when nothing is in flight and one runs (TIME_WAIT's 2MSL)", () => {
    const s = normaliseSnapshot({ clientHost: host(row("TIME_WAIT", "10.0.0.2:80", "timewait", 8000)) });
    assert.equal(waitsFor(s), "timer");
  });

  it("nothing when no segment flies and no timer runs", () => {
    const s = normaliseSnapshot({ serverHost: host(row("LISTEN", "0.0.0.0:*")) });
    assert.equal(waitsFor(s), "nothing");
  });
});

describe("replay", () => {
  const record: MatchRecord = {
    roomId: "r",
    missionId: "handshake-client",
    finished: true,
    result: "success",
    failedBecause: "",
    log: [
      { t: 0, type: "call", side: "b", call: { op: "listen" }, result: 0, error: null },
      { t: 0, type: "state", side: "b", from: "CLOSED", to: "LISTEN" },
      { t: 500, type: "state", side: "a", from: "CLOSED", to: "SYN_SENT" },
      {
        t: 500,
        type: "send",
        side: "a",
        id: 1,
        seg: { flags: "S", seq: 1000, ack: 0, len: 0 },
        fates: [{ copy: 0, fate: "delivered", arriveAt: 900 }],
      },
      { t: 900, type: "arrive", side: "b", id: 1, copy: 0 },
    ],
  };
  it("reconstructs states and flights as of a step", () => {
    const f3 = replayFrame(record, 3, opts);
    assert.deepEqual(f3.states, { client: "SYN_SENT", server: "LISTEN" });
    assert.equal(f3.time, 500);
    assert.equal(f3.model.flights.length, 1);
    assert.equal(f3.model.hosts.client.ip, "10.0.0.1");
    const f4 = replayFrame(record, 4, opts);
    assert.equal(f4.model.flights.length, 0);
    assert.deepEqual(f4.model.ladder.segments[0]?.arriveAt, 900);
    assert.deepEqual(replayFrame(record, 0, opts).states, { client: "CLOSED", server: "CLOSED" });
  });

  it("shows a host as the live match does: its open connection, else its listener", () => {
    const conn = "10.0.0.2:80-10.0.0.1:5000";
    const log: MatchRecord["log"] = [
      { t: 0, type: "state", side: "b", conn: "", from: "CLOSED", to: "LISTEN" },
      { t: 50, type: "state", side: "b", conn, from: "LISTEN", to: "SYN_RECEIVED" },
      { t: 150, type: "state", side: "b", conn, from: "SYN_RECEIVED", to: "ESTABLISHED" },
      { t: 900, type: "state", side: "b", conn, from: "LAST_ACK", to: "CLOSED" },
    ];
    assert.equal(hostStates(log.slice(0, 3)).server, "ESTABLISHED");
    // The connection is gone; the listener still listens.
    assert.equal(hostStates(log).server, "LISTEN");
    assert.equal(hostStates(log).client, "CLOSED");
  });

  it("shows each host's netstat table and running timer as of the step, counted down to its time", () => {
    const listener = { ...row("LISTEN", "0.0.0.0:*"), local: "0.0.0.0:80" };
    // SYN_SENT's retransmission timer read at t=500 with 1,000 ms left: it fires at 1,500.
    const synSent = { ...row("SYN_SENT", "10.0.0.2:80", "retransmission", 1000), timerAt: 500 };
    const withNetstat: MatchRecord = {
      ...record,
      netstat: [
        { from: 0, a: [], b: [listener] },
        { from: 2, a: [synSent], b: [listener] },
      ],
    };
    const named = { ...opts, timerName: (k: string) => `<${k}>` };
    const f1 = replayFrame(withNetstat, 1, named);
    assert.deepEqual(f1.netstat, { client: [], server: [listener] });
    assert.equal(f1.model.hosts.client.timer, null);
    // Step 4 is at t=900: the same table, its timer 600 ms from firing.
    const f4 = replayFrame(withNetstat, 4, named);
    assert.equal(f4.netstat.client[0]?.state, "SYN_SENT");
    assert.equal(f4.netstat.client[0]?.timerRemainingMs, 600);
    assert.equal(f4.netstat.client[0]?.timerAt, 900);
    assert.deepEqual(f4.model.hosts.client.timer, { name: "<retransmission>", firesAt: 1500 });
    assert.equal(f4.model.hosts.server.timer, null);
  });

  it("has empty tables and no timers for a record without netstat", () => {
    const f = replayFrame(record, 4, { ...opts, timerName: (k: string) => k });
    assert.deepEqual(f.netstat, { client: [], server: [] });
    assert.equal(f.model.hosts.client.timer, null);
  });
});

describe("a playing replay", () => {
  const log = [
    { t: 0, type: "call" },
    { t: 500, type: "send" },
    { t: 500, type: "decision" },
    { t: 900, type: "arrive" },
    { t: 9000, type: "timer" },
  ];

  it("moves on at the match's pace while segments fly, taking every entry it passes", () => {
    assert.deepEqual(playOn(log, 1, 500, 100, true), { time: 500 + 100 * REPLAY_RATE, step: 2 });
    const at = 900 - 1;
    assert.equal(playOn(log, 2, at, 2 / REPLAY_RATE, true).step, 3);
  });

  it("goes faster through a quiet stretch, but stops at the next entry", () => {
    assert.deepEqual(playOn(log, 3, 900, 100, false), { time: 900 + 100 * REPLAY_QUIET_RATE, step: 3 });
    assert.deepEqual(playOn(log, 3, 8990, 100, false), { time: 9000, step: 4 });
    // Not past it: a segment sent there is seen from the start of its flight.
    assert.deepEqual(playOn(log, 0, 0, 1000, false), { time: 500, step: 2 });
  });

  it("stays at the end", () => {
    assert.deepEqual(playOn(log, 4, 9000, 100, false), { time: 9000, step: 4 });
  });

  it("holds where it reaches a decision", () => {
    assert.equal(reachesDecision(log, 0, 2), true);
    assert.equal(reachesDecision(log, 2, 4), false, "the decision it was already at");
    assert.equal(reachesDecision(log, 0, 1), false);
  });
});

describe("a mistake's place in the replay", () => {
  const log: MatchRecord["log"] = [
    { t: 500, type: "decision", side: "a", trigger: "call" },
    { t: 900, type: "decision", side: "b", trigger: "segment" },
    { t: 1300, type: "decision", side: "a", trigger: "segment" },
    { t: 1300, type: "decision", side: "a", trigger: "timer" },
  ];

  it("is its own side's decision at its time, on its kind of event", () => {
    assert.equal(decisionStep(log, "client", 500, "call"), 0);
    assert.equal(decisionStep(log, "server", 900, "segment"), 1);
    assert.equal(decisionStep(log, "client", 1300, "timer"), 3);
  });

  it("is null where the record has no such decision", () => {
    assert.equal(decisionStep(log, "client", 900, "segment"), null, "the other side's");
    assert.equal(decisionStep(log, "client", 700, "call"), null);
  });

  it("reads the record's sides as roleSide and sideRole map them, each the other's inverse", () => {
    assert.equal(roleSide("client"), "a");
    assert.equal(roleSide("server"), "b");
    for (const role of ["client", "server"] as const) assert.equal(sideRole(roleSide(role)), role);
  });
});
