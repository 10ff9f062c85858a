// Segments: flags, SEG.LEN, the engine's input check and the one-line description.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  ACK,
  describeSegment,
  FIN,
  flagsFromString,
  flagsToString,
  hasFlag,
  PSH,
  RST,
  type Segment,
  SYN,
  segLen,
  segmentProblem,
} from "./segment.ts";

function seg(over: Partial<Segment> = {}): Segment {
  return {
    srcIp: "10.0.0.1",
    srcPort: 40000,
    dstIp: "10.0.0.2",
    dstPort: 80,
    seq: 0,
    ack: 0,
    flags: ACK,
    wnd: 65535,
    len: 0,
    ...over,
  };
}

describe("flags", () => {
  it("the bits are TCP's: FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10", () => {
    assert.deepEqual([FIN, SYN, RST, PSH, ACK], [1, 2, 4, 8, 16]);
  });

  it("print in S F R P A order", () => {
    assert.equal(flagsToString(SYN | ACK), "SA");
    assert.equal(flagsToString(FIN | PSH | ACK), "FPA");
    assert.equal(flagsToString(RST | ACK), "RA");
    assert.equal(flagsToString(SYN | FIN | RST | PSH | ACK), "SFRPA");
    assert.equal(flagsToString(0), "");
  });

  it("parse in any order and case", () => {
    assert.equal(flagsFromString("AS"), SYN | ACK);
    assert.equal(flagsFromString("apf"), FIN | PSH | ACK);
    assert.equal(flagsFromString(""), 0);
  });

  it("refuse an unknown letter, naming it", () => {
    assert.throws(() => flagsFromString("SU"), /unknown TCP flag letter "U"/);
  });

  it("hasFlag tests one bit", () => {
    assert.ok(hasFlag({ flags: SYN | ACK }, ACK));
    assert.ok(!hasFlag({ flags: SYN | ACK }, FIN));
  });
});

describe("segLen (RFC 9293 §3.4)", () => {
  it("counts SYN and FIN as one octet each", () => {
    assert.equal(segLen({ flags: ACK, len: 0 }), 0);
    assert.equal(segLen({ flags: SYN, len: 0 }), 1);
    assert.equal(segLen({ flags: FIN | ACK, len: 10 }), 11);
    assert.equal(segLen({ flags: SYN | FIN, len: 5 }), 7);
    assert.equal(segLen({ flags: RST | PSH | ACK, len: 3 }), 3);
  });
});

describe("segmentProblem: what the engine refuses", () => {
  it("a well-formed segment has none", () => {
    assert.equal(segmentProblem(seg()), null);
    assert.equal(segmentProblem(seg({ len: 3, data: new Uint8Array(3) })), null);
    assert.equal(segmentProblem(seg({ seq: 0xffff_ffff, ack: 0xffff_ffff, flags: 0x1f })), null);
  });

  const cases: Array<[string, Partial<Segment>, RegExp]> = [
    ["seq >= 2^32", { seq: 0x1_0000_0000 }, /^seq 4294967296 is not a 32-bit sequence number$/],
    ["a negative seq", { seq: -1 }, /^seq -1/],
    ["a fractional ack", { ack: 0.5 }, /^ack 0.5/],
    ["a negative len", { len: -1 }, /^len -1 must be an integer from 0 to 65535$/],
    ["len above 65535", { len: 65536 }, /^len 65536/],
    ["a negative window", { wnd: -1 }, /^wnd -1/],
    ["flags > 0x1f", { flags: 0x20 }, /^flags 32 must be a combination of SYN, FIN, RST, PSH, ACK$/],
    ["negative flags", { flags: -1 }, /^flags -1/],
    ["port 0", { dstPort: 0 }, /^port 0 is out of range$/],
    ["port 65536", { srcPort: 65536 }, /^port 65536/],
    ["data longer than len", { len: 1, data: new Uint8Array(2) }, /payload length differs from len/],
  ];
  for (const [what, over, message] of cases) {
    it(`refuses ${what}`, () => {
      assert.match(segmentProblem(seg(over)) ?? "", message);
    });
  }
});

describe("describeSegment", () => {
  it("prints flags, seq, ack only with ACK, and len", () => {
    assert.equal(describeSegment(seg({ flags: SYN, seq: 7 })), "S seq=7 len=0");
    assert.equal(describeSegment(seg({ flags: PSH | ACK, seq: 1, ack: 9, len: 4 })), "PA seq=1 ack=9 len=4");
  });
});
