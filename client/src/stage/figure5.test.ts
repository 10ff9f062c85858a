import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { canonicalState, findEdge, nodeFor, OFF_FIGURE_LABEL } from "./figure5.ts";
import type { Transition, TransitionCause } from "./model.ts";

const tr = (from: string, to: string, cause?: TransitionCause): Transition => ({
  role: "client",
  from,
  to,
  at: 0,
  ...(cause ? { cause } : {}),
});

describe("RFC 9293 Figure 5: which edge a transition takes", () => {
  it("SYN_SENT → CLOSED is the CLOSE edge for a call (or an unknown cause), no edge for an RST", () => {
    assert.equal(findEdge(tr("SYN_SENT", "CLOSED", "call"))?.label, "edgeClose");
    assert.equal(findEdge(tr("SYN_SENT", "CLOSED"))?.label, "edgeClose");
    assert.equal(findEdge(tr("SYN_SENT", "CLOSED", "rst")), null);
    assert.equal(findEdge(tr("SYN_SENT", "CLOSED", "timer")), null);
  });

  it("SYN_RECEIVED → LISTEN on an RST is Figure 5's 'rcv RST' edge", () => {
    assert.equal(findEdge(tr("SYN_RECEIVED", "LISTEN", "rst"))?.label, "edgeRcvRst");
    assert.equal(findEdge(tr("SYN_RCVD", "LISTEN", "call")), null);
  });

  it("TIME_WAIT → CLOSED is the 2MSL edge on its timer, not on an RST", () => {
    assert.equal(findEdge(tr("TIME_WAIT", "CLOSED", "timer"))?.label, "edgeTimeout");
    assert.equal(findEdge(tr("TIME_WAIT", "CLOSED", "rst")), null);
  });

  it("LAST_ACK → CLOSED is 'rcv ACK of FIN' on a segment, not on an RST", () => {
    assert.equal(findEdge(tr("LAST_ACK", "CLOSED", "segment"))?.label, "edgeRcvAckOfFin");
    assert.equal(findEdge(tr("LAST_ACK", "CLOSED", "rst")), null);
  });

  it("a transition off the figure is labelled by its cause where that says something", () => {
    assert.equal(findEdge(tr("ESTABLISHED", "CLOSED", "rst")), null);
    assert.equal(OFF_FIGURE_LABEL.rst, "edgeRcvRst");
    assert.equal(OFF_FIGURE_LABEL.timer, "offFigureTimeout");
    assert.equal(OFF_FIGURE_LABEL.call, undefined);
  });
});

describe("Figure 5's nodes", () => {
  it("knows the common spellings of a state", () => {
    for (const s of ["SYN_RCVD", "SYN-RECEIVED", "syn_recv"]) assert.equal(canonicalState(s), "SYN_RECEIVED");
    assert.equal(canonicalState("TIMEWAIT"), "TIME_WAIT");
  });

  it("puts CLOSED after TIME_WAIT or LAST_ACK at the bottom node, else at the top", () => {
    assert.equal(nodeFor("CLOSED", tr("TIME_WAIT", "CLOSED", "timer"), "client"), "CLOSED_END");
    assert.equal(nodeFor("CLOSED", tr("SYN_SENT", "CLOSED", "rst"), "client"), "CLOSED");
    assert.equal(nodeFor("CLOSED", tr("TIME_WAIT", "CLOSED"), "server"), "CLOSED");
  });
});
