import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeCandidates,
  decodeFlight,
  decodeFlights,
  decodeHost,
  encodeCandidates,
  encodeFlight,
  encodeFlights,
  encodeHost,
  type FlightRecord,
  type HostRecord,
} from "./records.ts";

const host: HostRecord = {
  ip: "10.0.0.1",
  rows: [
    {
      proto: "tcp",
      recvQ: 0,
      sendQ: 0,
      local: "10.0.0.1:80",
      foreign: "0.0.0.0:*",
      state: "LISTEN",
      timerKind: "",
      timerRemainingMs: 0,
      timerAt: 0,
    },
    {
      proto: "tcp",
      recvQ: 12,
      sendQ: 3,
      local: "10.0.0.1:80",
      foreign: "10.0.0.2:40000",
      state: "SYN_RECV",
      timerKind: "retransmission",
      timerRemainingMs: 1000.5,
      timerAt: 250,
    },
  ],
};

const flight: FlightRecord = {
  id: 4,
  copy: 1,
  from: "server",
  flags: "SA",
  seq: 4294967295,
  ack: 0,
  len: 10,
  sentAt: 100,
  arriveAt: 350.25,
  fate: "duplicate",
  by: "bot-mistake",
};

describe("host records", () => {
  it("round-trip the address and every row field", () => {
    assert.deepEqual(decodeHost(encodeHost(host)), host);
    assert.deepEqual(decodeHost(encodeHost({ ip: "10.0.0.2", rows: [] })), { ip: "10.0.0.2", rows: [] });
  });

  it("read nothing from a malformed record", () => {
    for (const raw of [undefined, 7, "", "x", "{}", '["10.0.0.1"]', '["10.0.0.1",[[0,0,"a","b"]]]', "[1,[]]"])
      assert.equal(decodeHost(raw), undefined, String(raw));
  });
});

describe("flight records", () => {
  it("round-trip every field", () => {
    assert.deepEqual(decodeFlight(encodeFlight(flight)), flight);
  });

  it("is a compact JSON array", () => {
    assert.equal(
      encodeFlight(flight),
      '[4,1,"server","SA",4294967295,0,10,100,350.25,"duplicate","bot-mistake"]',
    );
  });

  it("read nothing from an unknown fate, sender or a short record", () => {
    const bad = [
      encodeFlight({ ...flight, fate: "vanished" as never }),
      encodeFlight({ ...flight, from: "router" }),
      encodeFlight({ ...flight, by: "nobody" }),
      "[4,1]",
      "null",
    ];
    for (const raw of bad) assert.equal(decodeFlight(raw), undefined, raw);
  });

  it("travel together as one array: none, then several in order", () => {
    assert.equal(encodeFlights([]), "[]");
    assert.deepEqual(decodeFlights(encodeFlights([])), []);
    const second = { ...flight, id: 5, copy: 0, fate: "lost" as const };
    assert.deepEqual(decodeFlights(encodeFlights([encodeFlight(flight), encodeFlight(second)])), [
      flight,
      second,
    ]);
  });

  it("read no list with an unreadable element, and no list from anything but an array", () => {
    const bad = encodeFlight({ ...flight, by: "nobody" });
    for (const raw of [`[${encodeFlight(flight)},${bad}]`, "[[4,1]]", "[7]", "{}", "", undefined])
      assert.equal(decodeFlights(raw), undefined, String(raw));
  });
});

describe("candidate records", () => {
  it("round-trip the moves in order, the empty move included", () => {
    const moves = [
      [{ flags: "SA", seq: 1, ack: 2, len: 0 }],
      [],
      [
        { flags: "A", seq: 3, ack: 4, len: 5 },
        { flags: "F", seq: 8, ack: 4, len: 0 },
      ],
    ];
    assert.deepEqual(decodeCandidates(encodeCandidates(moves)), moves);
  });

  it("read the empty string as no candidates and reject malformed ones", () => {
    assert.deepEqual(decodeCandidates(""), []);
    for (const raw of [undefined, "x", "[[1]]", '[[["A",1,2]]]', '[["A"]]'])
      assert.equal(decodeCandidates(raw), undefined, String(raw));
  });
});
