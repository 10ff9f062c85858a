// RFC 9293 Figure 5 as data: where each state's node sits on the stage, each edge's path and
// label, and which edge (if any) a transition takes. No drawing here: diagram.ts draws it.

import type { StageLabelKey } from "./labels.ts";
import type { Role, Transition, TransitionCause } from "./model.ts";

export type P = readonly [number, number];
export type EdgeLabelKey = Extract<StageLabelKey, `edge${string}`>;

export const NODE_W = 116;
export const NODE_H = 26;
export const COL = { L: 96, C: 348, R: 600 } as const;
export const ROW = [356, 408, 462, 516, 570, 624, 684] as const;

/** Canonical names: the engine's, plus the common spellings. */
export function canonicalState(s: string): string {
  const u = s
    .trim()
    .toUpperCase()
    .replace(/[-\s]+/g, "_");
  switch (u) {
    case "SYN_RCVD":
    case "SYN_RECV":
      return "SYN_RECEIVED";
    case "ESTAB":
      return "ESTABLISHED";
    case "FIN_WAIT1":
      return "FIN_WAIT_1";
    case "FIN_WAIT2":
      return "FIN_WAIT_2";
    case "TIMEWAIT":
      return "TIME_WAIT";
    default:
      return u;
  }
}

export interface NodeDef {
  id: string;
  label: string;
  x: number;
  y: number;
}

/** CLOSED appears twice, as in Figure 5: at the top and (after a close) at the bottom right. */
export const NODES: NodeDef[] = [
  { id: "CLOSED", label: "CLOSED", x: COL.C, y: ROW[0] },
  { id: "LISTEN", label: "LISTEN", x: COL.C, y: ROW[1] },
  { id: "SYN_RECEIVED", label: "SYN_RCVD", x: COL.L, y: ROW[2] },
  { id: "SYN_SENT", label: "SYN_SENT", x: COL.R, y: ROW[2] },
  { id: "ESTABLISHED", label: "ESTABLISHED", x: COL.C, y: ROW[3] },
  { id: "FIN_WAIT_1", label: "FIN_WAIT_1", x: COL.L, y: ROW[4] },
  { id: "CLOSE_WAIT", label: "CLOSE_WAIT", x: COL.R, y: ROW[4] },
  { id: "FIN_WAIT_2", label: "FIN_WAIT_2", x: COL.L, y: ROW[5] },
  { id: "CLOSING", label: "CLOSING", x: COL.C, y: ROW[5] },
  { id: "LAST_ACK", label: "LAST_ACK", x: COL.R, y: ROW[5] },
  { id: "TIME_WAIT", label: "TIME_WAIT", x: COL.L, y: ROW[6] },
  { id: "CLOSED_END", label: "CLOSED", x: COL.R, y: ROW[6] },
];
export const NODE_BY_ID = new Map(NODES.map((n) => [n.id, n]));

export interface EdgeDef {
  from: string;
  to: string;
  /** Its text in StageLabels. */
  label: EdgeLabelKey;
  pts: P[];
  /** Label anchor and origin. */
  lx: number;
  ly: number;
  ox: number;
}

export const hw = NODE_W / 2;
export const hh = NODE_H / 2;
const top = (n: string, dx = 0): P => [NODE_BY_ID.get(n)!.x + dx, NODE_BY_ID.get(n)!.y - hh];
const bot = (n: string, dx = 0): P => [NODE_BY_ID.get(n)!.x + dx, NODE_BY_ID.get(n)!.y + hh];
const lft = (n: string, dy = 0): P => [NODE_BY_ID.get(n)!.x - hw, NODE_BY_ID.get(n)!.y + dy];
const rgt = (n: string, dy = 0): P => [NODE_BY_ID.get(n)!.x + hw, NODE_BY_ID.get(n)!.y + dy];

/** The edges of RFC 9293 Figure 5, labelled "event / action". */
export const EDGES: EdgeDef[] = [
  {
    from: "CLOSED",
    to: "LISTEN",
    label: "edgePassiveOpen",
    pts: [bot("CLOSED", -18), top("LISTEN", -18)],
    lx: COL.C - 26,
    ly: (ROW[0] + ROW[1]) / 2,
    ox: 1,
  },
  {
    from: "LISTEN",
    to: "CLOSED",
    label: "edgeClose",
    pts: [top("LISTEN", 18), bot("CLOSED", 18)],
    lx: COL.C + 26,
    ly: (ROW[0] + ROW[1]) / 2,
    ox: 0,
  },
  {
    from: "CLOSED",
    to: "SYN_SENT",
    label: "edgeActiveOpen",
    pts: [rgt("CLOSED", -5), [COL.R - 14, ROW[0] - 5], top("SYN_SENT", -14)],
    lx: COL.R - 22,
    ly: ROW[0] - 14,
    ox: 1,
  },
  {
    from: "SYN_SENT",
    to: "CLOSED",
    label: "edgeClose",
    pts: [top("SYN_SENT", 22), [COL.R + 22, ROW[0] + 6], rgt("CLOSED", 6)],
    lx: COL.R + 28,
    ly: (ROW[0] + ROW[1]) / 2 + 8,
    ox: 0,
  },
  {
    from: "LISTEN",
    to: "SYN_SENT",
    label: "edgeSend",
    pts: [rgt("LISTEN", 4), [COL.R - 50, ROW[2] - hh]],
    lx: COL.C + hw + 8,
    ly: ROW[1] + 22,
    ox: 0,
  },
  {
    from: "LISTEN",
    to: "SYN_RECEIVED",
    label: "edgeRcvSyn",
    pts: [lft("LISTEN", 4), [COL.L + 40, ROW[2] - hh]],
    lx: COL.C - hw - 8,
    ly: ROW[1] + 22,
    ox: 1,
  },
  {
    from: "SYN_RECEIVED",
    to: "LISTEN",
    label: "edgeRcvRst",
    pts: [top("SYN_RECEIVED", -30), [COL.L - 30, ROW[1] - 6], lft("LISTEN", -6)],
    lx: COL.L - 20,
    ly: ROW[1] - 16,
    ox: 0,
  },
  {
    from: "SYN_SENT",
    to: "SYN_RECEIVED",
    label: "edgeRcvSyn",
    pts: [lft("SYN_SENT", 3), rgt("SYN_RECEIVED", 3)],
    lx: COL.C,
    ly: ROW[2] + 14,
    ox: 0.5,
  },
  {
    from: "SYN_RECEIVED",
    to: "ESTABLISHED",
    label: "edgeRcvAckOfSyn",
    pts: [bot("SYN_RECEIVED", 30), lft("ESTABLISHED", -4)],
    lx: COL.L + 58,
    ly: ROW[3] - 16,
    ox: 0,
  },
  {
    from: "SYN_SENT",
    to: "ESTABLISHED",
    label: "edgeRcvSynAck",
    pts: [bot("SYN_SENT", -30), rgt("ESTABLISHED", -4)],
    lx: COL.R - 44,
    ly: ROW[3] - 16,
    ox: 1,
  },
  {
    from: "SYN_RECEIVED",
    to: "FIN_WAIT_1",
    label: "edgeCloseSndFin",
    pts: [bot("SYN_RECEIVED", -30), top("FIN_WAIT_1", -30)],
    lx: COL.L - 36,
    ly: ROW[3],
    ox: 0,
  },
  {
    from: "ESTABLISHED",
    to: "FIN_WAIT_1",
    label: "edgeCloseSndFin",
    pts: [bot("ESTABLISHED", -30), rgt("FIN_WAIT_1", -4)],
    lx: COL.C - 40,
    ly: ROW[4] - 8,
    ox: 1,
  },
  {
    from: "ESTABLISHED",
    to: "CLOSE_WAIT",
    label: "edgeRcvFin",
    pts: [bot("ESTABLISHED", 30), lft("CLOSE_WAIT", -4)],
    lx: COL.C + 40,
    ly: ROW[4] - 8,
    ox: 0,
  },
  {
    from: "FIN_WAIT_1",
    to: "FIN_WAIT_2",
    label: "edgeRcvAckOfFin",
    pts: [bot("FIN_WAIT_1", -30), top("FIN_WAIT_2", -30)],
    lx: COL.L - 24,
    ly: (ROW[4] + ROW[5]) / 2,
    ox: 0,
  },
  {
    from: "FIN_WAIT_1",
    to: "CLOSING",
    label: "edgeRcvFin",
    pts: [rgt("FIN_WAIT_1", 6), lft("CLOSING", -6)],
    // Right of the FIN_WAIT_1 → FIN_WAIT_2 label (clear of it in either language).
    lx: COL.L + hw + 30,
    ly: ROW[4] + 28,
    ox: 0,
  },
  {
    from: "CLOSE_WAIT",
    to: "LAST_ACK",
    label: "edgeCloseSndFin",
    pts: [bot("CLOSE_WAIT"), top("LAST_ACK")],
    lx: COL.R - 8,
    ly: (ROW[4] + ROW[5]) / 2,
    ox: 1,
  },
  {
    from: "FIN_WAIT_2",
    to: "TIME_WAIT",
    label: "edgeRcvFin",
    pts: [bot("FIN_WAIT_2", -30), top("TIME_WAIT", -30)],
    lx: COL.L - 24,
    ly: (ROW[5] + ROW[6]) / 2,
    ox: 0,
  },
  {
    from: "CLOSING",
    to: "TIME_WAIT",
    label: "edgeRcvAckOfFin",
    pts: [bot("CLOSING", -20), rgt("TIME_WAIT", -4)],
    lx: COL.C - 4,
    ly: ROW[6] - 22,
    ox: 0,
  },
  {
    from: "LAST_ACK",
    to: "CLOSED_END",
    label: "edgeRcvAckOfFin",
    pts: [bot("LAST_ACK"), top("CLOSED_END")],
    lx: COL.R - 8,
    ly: (ROW[5] + ROW[6]) / 2,
    ox: 1,
  },
  {
    from: "TIME_WAIT",
    to: "CLOSED_END",
    label: "edgeTimeout",
    pts: [rgt("TIME_WAIT", 4), lft("CLOSED_END", 4)],
    lx: (COL.L + COL.R) / 2 + 20,
    ly: ROW[6] + 14,
    ox: 0.5,
  },
];

/** Which node stands for a state, given how it was reached (CLOSED after a close is the bottom one). */
export function nodeFor(state: string, t: Transition | null | undefined, role: Role): string {
  const s = canonicalState(state);
  if (s !== "CLOSED") return s;
  if (t && t.role === role && canonicalState(t.to) === "CLOSED") {
    const from = canonicalState(t.from);
    if (from === "TIME_WAIT" || from === "LAST_ACK") return "CLOSED_END";
  }
  return "CLOSED";
}

/** What each Figure 5 edge is taken on. */
export const EDGE_CAUSE: Record<EdgeLabelKey, TransitionCause> = {
  edgePassiveOpen: "call",
  edgeClose: "call",
  edgeActiveOpen: "call",
  edgeSend: "call",
  edgeCloseSndFin: "call",
  edgeRcvSyn: "segment",
  edgeRcvAckOfSyn: "segment",
  edgeRcvSynAck: "segment",
  edgeRcvFin: "segment",
  edgeRcvAckOfFin: "segment",
  edgeRcvRst: "rst",
  edgeTimeout: "timer",
};

/** Figure 5's edge for a transition: same states, and taken on the same cause when that is known. */
export function findEdge(t: Transition): EdgeDef | null {
  const from = canonicalState(t.from);
  const to = canonicalState(t.to);
  for (const e of EDGES) {
    const eto = e.to === "CLOSED_END" ? "CLOSED" : e.to;
    if (e.from === from && eto === to && (!t.cause || EDGE_CAUSE[e.label] === t.cause)) return e;
  }
  return null;
}

/** The label of a transition Figure 5 does not draw, by its cause (none for a call or a segment). */
export const OFF_FIGURE_LABEL: Partial<Record<TransitionCause, StageLabelKey>> = {
  rst: "edgeRcvRst",
  timer: "offFigureTimeout",
};

/** How far a detour runs beside the nodes it passes, and how far an arrow keeps off a figure edge. */
const DETOUR = 30;
const STEP = 10;
const BESIDE_EDGE = 16;

/**
 * The arrow for a transition Figure 5 does not draw, and where its label goes. Straight from box
 * to box, except:
 * - past a node in the same column, it leaves through the box's top (or bottom) near the corner,
 *   runs beside the column (right of it, left in the right-hand column) and comes in the same way,
 *   clear of the side where a host's marker sits;
 * - alongside a straight figure edge between the same two nodes (taken for another cause), it runs
 *   a little apart from it, on the side away from that edge's label, and so does its own label.
 */
export function offFigurePath(t: Transition): { pts: P[]; label: P } | null {
  const a = NODE_BY_ID.get(canonicalState(t.from));
  const b = NODE_BY_ID.get(nodeFor(t.to, t, t.role));
  if (!a || !b || a === b) return null;
  if (a.x === b.x) {
    const [lo, hi] = [Math.min(a.y, b.y), Math.max(a.y, b.y)];
    if (NODES.some((n) => n.x === a.x && n.y > lo && n.y < hi)) {
      const side = a.x === COL.R ? -1 : 1;
      const dir = Math.sign(b.y - a.y);
      const corner = a.x + side * (hw - 6);
      const x = a.x + side * (hw + DETOUR);
      const out = a.y + dir * (hh + STEP);
      const back = b.y - dir * (hh + STEP);
      const pts: P[] = [
        [corner, a.y + dir * hh],
        [corner, out],
        [x, out],
        [x, back],
        [corner, back],
        [corner, b.y - dir * hh],
      ];
      return { pts, label: [x, (a.y + b.y) / 2] };
    }
  }
  const ang = Math.atan2(b.y - a.y, b.x - a.x);
  // Leave each node box through its border along the line between the centres.
  const rim = (n: NodeDef, sign: number): P => {
    const dx = Math.cos(ang) * sign;
    const dy = Math.sin(ang) * sign;
    const s = Math.min(dx === 0 ? 1e9 : hw / Math.abs(dx), dy === 0 ? 1e9 : hh / Math.abs(dy));
    return [n.x + dx * s, n.y + dy * s];
  };
  const [p, q] = [rim(a, 1), rim(b, -1)];
  const mid: P = [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2];
  // A figure edge between the same nodes that is itself straight would lie under this arrow.
  const drawn = EDGES.find((e) => e.from === a.id && e.to === b.id && e.pts.length === 2);
  if (!drawn) return { pts: [p, q], label: mid };
  let [nx, ny] = [-Math.sin(ang), Math.cos(ang)];
  if (nx * (drawn.lx - mid[0]) + ny * (drawn.ly - mid[1]) > 0) [nx, ny] = [-nx, -ny];
  const pts: P[] = [
    [p[0] + nx * BESIDE_EDGE, p[1] + ny * BESIDE_EDGE],
    [q[0] + nx * BESIDE_EDGE, q[1] + ny * BESIDE_EDGE],
  ];
  return { pts, label: [mid[0] + nx * BESIDE_EDGE * 2.6, mid[1] + ny * BESIDE_EDGE * 2.6] };
}
