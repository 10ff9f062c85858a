import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  canonicalState,
  EDGES,
  findEdge,
  hh,
  hw,
  NODE_BY_ID,
  NODES,
  nodeFor,
  OFF_FIGURE_LABEL,
  offFigurePath,
  type P,
} from "./figure5.ts";
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

describe("the arrow of a transition Figure 5 does not draw", () => {
  const box = (id: string) => {
    const n = NODE_BY_ID.get(id)!;
    return { x0: n.x - hw, x1: n.x + hw, y0: n.y - hh, y1: n.y + hh };
  };
  /** Whether the segment p-q passes through the inside of a node's box (sampled along it). */
  const crosses = (p: P, q: P, id: string) => {
    const b = box(id);
    for (let i = 1; i < 50; i++) {
      const [x, y] = [p[0] + ((q[0] - p[0]) * i) / 50, p[1] + ((q[1] - p[1]) * i) / 50];
      if (x > b.x0 + 1 && x < b.x1 - 1 && y > b.y0 + 1 && y < b.y1 - 1) return true;
    }
    return false;
  };
  const crossesAny = (pts: P[], except: string[]) =>
    NODES.filter((n) => !except.includes(n.id)).some((n) =>
      pts.slice(1).some((q, i) => crosses(pts[i]!, q, n.id)),
    );

  it("goes round the nodes of its own column: ESTABLISHED → CLOSED past LISTEN, CLOSING → CLOSED", () => {
    for (const from of ["ESTABLISHED", "CLOSING"]) {
      const path = offFigurePath(tr(from, "CLOSED", "rst"))!;
      assert.ok(path.pts.length > 2, from);
      assert.equal(crossesAny(path.pts, [from, "CLOSED"]), false, from);
    }
  });

  it("runs apart from a figure edge between the same two nodes: LAST_ACK → CLOSED on an RST", () => {
    const path = offFigurePath(tr("LAST_ACK", "CLOSED", "rst"))!;
    const edge = EDGES.find((e) => e.from === "LAST_ACK")!;
    const [p, q] = path.pts as [P, P];
    assert.equal(p[0], q[0]);
    assert.ok(Math.abs(p[0] - edge.pts[0]![0]) >= 16, "beside the figure's own arrow");
    // Its label is on the far side from the figure edge's label.
    assert.ok(Math.sign(path.label[0] - p[0]) !== Math.sign(edge.lx - p[0]));
  });

  it("is straight otherwise, from box border to box border: CLOSE_WAIT → CLOSED on an RST", () => {
    // SYN_SENT → CLOSED too: Figure 5's CLOSE edge between them goes round the side, not under it.
    assert.equal(offFigurePath(tr("SYN_SENT", "CLOSED", "rst"))?.pts.length, 2);
    const path = offFigurePath(tr("CLOSE_WAIT", "CLOSED", "rst"))!;
    assert.equal(path.pts.length, 2);
    for (const [pt, id] of [
      [path.pts[0]!, "CLOSE_WAIT"],
      [path.pts[1]!, "CLOSED"],
    ] as const) {
      const b = box(id);
      const onEdge =
        Math.abs(pt[0] - b.x0) < 0.01 ||
        Math.abs(pt[0] - b.x1) < 0.01 ||
        Math.abs(pt[1] - b.y0) < 0.01 ||
        Math.abs(pt[1] - b.y1) < 0.01;
      assert.ok(onEdge, `${id}: ${pt}`);
    }
    assert.equal(offFigurePath(tr("NO_SUCH_STATE", "CLOSED")), null);
  });
});
