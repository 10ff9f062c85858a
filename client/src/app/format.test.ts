import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  describeTrigger,
  explanation,
  flagNames,
  formatMove,
  formatScoreChange,
  formatSegment,
  ladderEventText,
  mistakeLines,
  netstatCells,
  netstatTimer,
  normaliseFlags,
  parseSegmentText,
  parseTrigger,
} from "./format.ts";
import { translator } from "./i18n/index.ts";

const en = translator("en");
const zh = translator("zh-CN");

describe("segments", () => {
  it("names flags in SFRPA order", () => {
    assert.equal(flagNames("SA"), "SYN,ACK");
    assert.equal(flagNames("AF"), "FIN,ACK");
    assert.equal(normaliseFlags("as"), "SA");
  });
  it("formats a segment as the textbook writes it", () => {
    assert.equal(formatSegment({ flags: "A", seq: 1001, ack: 5001, len: 0 }), "ACK seq=1001 ack=5001");
    assert.equal(formatSegment({ flags: "S", seq: 1000, ack: 0, len: 0 }), "SYN seq=1000");
    assert.equal(formatSegment({ flags: "PA", seq: 1, ack: 2, len: 100 }), "PSH,ACK seq=1 ack=2 len=100");
  });
  it("says 'send nothing' for an empty move, in each language", () => {
    assert.equal(formatMove(en, []), "send nothing");
    assert.equal(formatMove(zh, []), "什么也不发送");
    assert.equal(formatMove(en, [{ flags: "A", seq: 1, ack: 2, len: 0 }]), "ACK seq=1 ack=2");
  });
  it("parses the server's segment text", () => {
    assert.deepEqual(parseSegmentText("SA seq=5000 ack=1001 len=0"), {
      flags: "SA",
      seq: 5000,
      ack: 1001,
      len: 0,
    });
    assert.equal(parseSegmentText("garbage"), undefined);
  });
});

describe("triggers", () => {
  it("parses the three kinds", () => {
    assert.deepEqual(parseTrigger("timer", "timer retransmission"), {
      kind: "timer",
      timer: "retransmission",
    });
    assert.deepEqual(parseTrigger("call", "call close"), { kind: "call", op: "close" });
    assert.equal(parseTrigger("segment", "SA seq=1 ack=2 len=0").kind, "segment");
  });
  it("describes them in words", () => {
    assert.equal(
      describeTrigger(en, "segment", "SA seq=5000 ack=1001 len=0"),
      "SYN,ACK arrived: seq=5000 ack=1001",
    );
    assert.equal(describeTrigger(en, "timer", "timer retransmission"), "Timer expired: RTO");
    assert.equal(describeTrigger(en, "call", "call close"), "The application called close()");
    assert.equal(describeTrigger(zh, "call", "call connect"), "应用程序调用了 connect()");
    assert.match(describeTrigger(zh, "timer", "timer time_wait"), /2MSL/);
  });
});

describe("netstat", () => {
  it("prints the timer column like netstat -o", () => {
    assert.equal(netstatTimer("retransmission", 980), "on (0.98/0/0)");
    assert.equal(netstatTimer("time_wait", 7500), "timewait (7.50/0/0)");
    assert.equal(netstatTimer("keepalive", 1000), "keepalive (1.00/0/0)");
    assert.equal(netstatTimer("", 0), "off (0.00/0/0)");
    assert.equal(netstatTimer("retransmission", -5), "on (0.00/0/0)");
  });
  it("gives the cells in column order", () => {
    const row = {
      proto: "tcp",
      recvQ: 0,
      sendQ: 1,
      local: "10.0.0.1:40000",
      foreign: "10.0.0.2:80",
      state: "SYN_SENT",
      timerKind: "retransmission",
      timerRemainingMs: 1000,
    };
    assert.deepEqual(netstatCells(row), [
      "tcp",
      "0",
      "1",
      "10.0.0.1:40000",
      "10.0.0.2:80",
      "SYN_SENT",
      "on (1.00/0/0)",
    ]);
    assert.equal(netstatCells(row, 400)[6], "on (0.40/0/0)");
  });
});

describe("judged moves", () => {
  it("writes one line per mistake with the part's name", () => {
    const m = [{ index: 0, part: "ack", expected: 5001, got: 5000 }];
    assert.deepEqual(mistakeLines(en, m, 1), ["Acknowledgment number: expected 5001, got 5000"]);
    assert.match(mistakeLines(zh, m, 1)[0]!, /确认号/);
    assert.match(mistakeLines(en, m, 2)[0]!, /^Segment 1/);
  });
  it("explains with the rule text and its RFC clause", () => {
    const ex = explanation(en, "syn_sent.syn_ack.established");
    assert.match(ex.text, /three-way handshake/);
    assert.equal(ex.rfc, "RFC 9293 §3.10.7.3");
    assert.match(explanation(zh, "syn_sent.syn_ack.established").text, /三次握手/);
  });
  it("formats score changes", () => {
    assert.equal(formatScoreChange(10), "+10");
    assert.equal(formatScoreChange(-3), "−3");
    assert.equal(formatScoreChange(0), "±0");
  });
});

describe("events in words", () => {
  const segs = new Map([[1, { flags: "S", seq: 1000, ack: 0, len: 0 }]]);
  it("says sends, arrivals, losses, state changes, timers and calls", () => {
    const e = (type: string, text: string, role = "client", segId = 1) => ({ t: 0, type, role, segId, text });
    assert.equal(
      ladderEventText(en, e("send", "S seq=1000 ack=0 len=0"), segs),
      "The client sent SYN seq=1000.",
    );
    assert.equal(ladderEventText(en, e("arrive", "", "server"), segs), "SYN seq=1000 arrived at the server.");
    // A loss is the ladder's at the host the segment was headed for (World logs it there).
    assert.equal(ladderEventText(en, e("lost", "", "server"), segs), "SYN seq=1000 to the server was lost.");
    assert.equal(
      ladderEventText(en, e("state", "SYN_SENT -> ESTABLISHED"), segs),
      "Client: SYN_SENT → ESTABLISHED.",
    );
    assert.equal(ladderEventText(en, e("timer", "retransmission"), segs), "Client: the RTO timer expired.");
    assert.equal(
      ladderEventText(en, e("call", "connect()"), segs),
      "Client: the application called connect().",
    );
    assert.equal(
      ladderEventText(en, e("call", "bind() = EADDRINUSE"), segs),
      "Client: the application's bind() failed with EADDRINUSE.",
    );
    assert.equal(
      ladderEventText(zh, e("send", "S seq=1000 ack=0 len=0"), segs),
      "客户端发送了 SYN seq=1000。",
    );
    assert.equal(ladderEventText(en, e("decided", ""), segs), null);
  });
});
