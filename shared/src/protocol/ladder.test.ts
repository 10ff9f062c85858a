import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decodeLadderLine, encodeLadderLine, type LadderLine } from "./ladder.ts";

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
});
