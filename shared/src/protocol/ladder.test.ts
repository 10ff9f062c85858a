import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  decodeLadderLine,
  encodeLadderLine,
  LADDER_MAX,
  LADDER_WINDOW,
  LadderBook,
  type LadderLine,
  ladderLineOf,
  ladderWindow,
  parseStateText,
} from "./ladder.ts";

describe("ladder lines", () => {
  it("round-trip every field, including text with quotes and separators", () => {
    const lines: LadderLine[] = [
      { t: 120.5, type: "send", role: "client", segId: 3, text: "SA seq=4294967295 ack=0 len=10" },
      { t: 0, type: "call", role: "server", segId: 0, text: 'connect() = ECONNREFUSED, "x"|y\tz' },
      { t: 9e9, type: "state", role: "server", segId: 0, text: "FIN_WAIT_1 -> TIME_WAIT" },
    ];
    for (const l of lines) assert.deepEqual(decodeLadderLine(encodeLadderLine(l)), l);
  });

  it("is a compact JSON array", () => {
    assert.equal(
      encodeLadderLine({ t: 7, type: "arrive", role: "client", segId: 2, text: "dup" }),
      '[7,"arrive","client",2,"dup"]',
    );
  });

  it("reads nothing from a malformed line", () => {
    for (const raw of [
      undefined,
      42,
      "",
      "not json",
      "{}",
      "[1,2,3]",
      '[1,"send","client",3]',
      '["1","send","client",3,""]',
      '[1,"teleport","client",3,""]',
      '[1,"send","router",3,""]',
      '[1,"send","client",-1,""]',
      '[1,"send","client",1.5,""]',
      '[1,"send","client",3,null]',
    ])
      assert.equal(decodeLadderLine(raw), undefined, String(raw));
  });

  it("are made from world log entries, one per entry but decision points", () => {
    const seg = { flags: "SA", seq: 1000, ack: 2001, len: 0 };
    const cases: [object, string][] = [
      [{ t: 5, type: "send", id: 3, seg }, '[5,"send","client",3,"SA seq=1000 ack=2001 len=0"]'],
      [{ t: 6, type: "arrive", id: 3, copy: 1 }, '[6,"arrive","client",3,"dup"]'],
      [{ t: 6, type: "lost", id: 4 }, '[6,"lost","client",4,""]'],
      [{ t: 7, type: "timer", timer: "retransmission" }, '[7,"timer","client",0,"retransmission"]'],
      [
        { t: 7, type: "state", from: "SYN_SENT", to: "ESTABLISHED", rule: "syn_sent.syn_ack.established" },
        '[7,"state","client",0,"SYN_SENT -> ESTABLISHED syn_sent.syn_ack.established"]',
      ],
      [
        { t: 8, type: "call", call: { op: "connect" }, error: "ECONNREFUSED" },
        '[8,"call","client",0,"connect() = ECONNREFUSED"]',
      ],
      [{ t: 8, type: "error", error: "ETIMEDOUT" }, '[8,"error","client",0,"ETIMEDOUT"]'],
      [{ t: 9, type: "decided", byReference: false, count: 2 }, '[9,"decided","client",0,"chosen 2"]'],
    ];
    for (const [e, line] of cases) {
      const made = ladderLineOf(e as Parameters<typeof ladderLineOf>[0], "client");
      assert.equal(made && encodeLadderLine(made), line);
    }
    assert.equal(ladderLineOf({ t: 9, type: "decision" }, "server"), undefined);
  });

  it("a state line's text reads back as its two states and its rule", () => {
    assert.deepEqual(parseStateText("SYN_SENT -> ESTABLISHED syn_sent.syn_ack.established"), {
      from: "SYN_SENT",
      to: "ESTABLISHED",
      rule: "syn_sent.syn_ack.established",
    });
    assert.deepEqual(parseStateText("FIN_WAIT_1 -> TIME_WAIT"), {
      from: "FIN_WAIT_1",
      to: "TIME_WAIT",
      rule: "",
    });
    assert.deepEqual(parseStateText("garbage"), { from: "garbage", to: "", rule: "" });
  });
});

const line = (n: number) => `[${n},"timer","client",0,"x"]`;
/** The state's ring after `end` lines. */
function ring(end: number): string[] {
  const slots: string[] = [];
  for (let n = 0; n < end; n++) slots[n % LADDER_WINDOW] = line(n);
  return slots;
}
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => line(from + i));

describe("the ladder's ring and the client's book", () => {
  it("reads the ring in order, oldest first", () => {
    assert.deepEqual(ladderWindow(ring(5), 5), { from: 0, lines: range(0, 5) });
    assert.deepEqual(ladderWindow(ring(LADDER_WINDOW + 3), LADDER_WINDOW + 3), {
      from: 3,
      lines: range(3, LADDER_WINDOW + 3),
    });
  });

  it("a client that sees every patch never asks for history and keeps the last LADDER_MAX lines", () => {
    const book = new LadderBook();
    for (let end = 0; end <= LADDER_MAX + 50; end += 7)
      assert.equal(book.takeWindow(ring(end), end), undefined, `at ${end}`);
    const end = LADDER_MAX + 50 - ((LADDER_MAX + 50) % 7);
    assert.equal(book.end, end);
    assert.deepEqual(book.lines, range(end - LADDER_MAX, end));
  });

  it("a client that joins mid-match asks for what came before the ring, and merges the reply", () => {
    const book = new LadderBook();
    const end = 100;
    assert.equal(book.takeWindow(ring(end), end), 0, "history from line 0");
    assert.equal(book.start, end - LADDER_WINDOW);
    // More lines arrive before the reply does.
    assert.equal(book.takeWindow(ring(end + 4), end + 4), 0, "still missing");
    book.takeHistory(0, range(0, end + 2));
    assert.deepEqual(book.lines, range(0, end + 4));
    assert.equal(book.takeWindow(ring(end + 5), end + 5), undefined);
  });

  it("a burst longer than the ring leaves a gap that history closes", () => {
    const book = new LadderBook();
    book.takeWindow(ring(10), 10);
    assert.equal(book.takeWindow(ring(80), 80), 0);
    book.takeHistory(0, range(0, 80));
    assert.deepEqual(book.lines, range(0, 80));
  });

  it("ignores a history reply that does not reach the book's first line", () => {
    const book = new LadderBook();
    book.takeWindow(ring(300), 300);
    book.takeHistory(0, range(0, 100));
    assert.equal(book.start, 300 - LADDER_WINDOW, "not adjacent: left as it was");
  });

  it("starts over when the ring is behind it (another match)", () => {
    const book = new LadderBook();
    book.takeWindow(ring(20), 20);
    assert.equal(book.takeWindow(ring(3), 3), undefined);
    assert.deepEqual(book.lines, range(0, 3));
  });
});
