import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeLadderLine, encodeLadderLine, type LadderLine, ladderLineOf } from "./ladder.ts";

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
        { t: 7, type: "state", from: "SYN_SENT", to: "ESTABLISHED" },
        '[7,"state","client",0,"SYN_SENT -> ESTABLISHED"]',
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
});
