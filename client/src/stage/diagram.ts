// Region 2, the state diagram: RFC 9293 Figure 5, with both endpoints' states marked (C / S in
// their colours) and the most recent transition's edge highlighted (a pulse for ~1.5 s, or a
// static highlight with reduced motion). Drawn once; per frame only the highlight may change.

import type * as Phaser from "phaser";
import { arrowPath, dashedLine } from "./draw.ts";
import { EN_STAGE_LABELS, type StageLabelKey, type StageLabels } from "./labels.ts";
import { DIAGRAM } from "./layout.ts";
import type { Role, StageModel, Transition } from "./model.ts";
import { setColorIfChanged, type Texts } from "./texts.ts";
import { css, FONT_MONO, FONT_UI, type Theme } from "./theme.ts";

type P = readonly [number, number];
type EdgeLabelKey = Extract<StageLabelKey, `edge${string}`>;

const NODE_W = 116;
const NODE_H = 26;
const COL = { L: 96, C: 348, R: 600 } as const;
const ROW = [356, 408, 462, 516, 570, 624, 684] as const;

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

interface NodeDef {
  id: string;
  label: string;
  x: number;
  y: number;
}

/** CLOSED appears twice, as in Figure 5: at the top and (after a close) at the bottom right. */
const NODES: NodeDef[] = [
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
const NODE_BY_ID = new Map(NODES.map((n) => [n.id, n]));

interface EdgeDef {
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

const hw = NODE_W / 2;
const hh = NODE_H / 2;
const top = (n: string, dx = 0): P => [NODE_BY_ID.get(n)!.x + dx, NODE_BY_ID.get(n)!.y - hh];
const bot = (n: string, dx = 0): P => [NODE_BY_ID.get(n)!.x + dx, NODE_BY_ID.get(n)!.y + hh];
const lft = (n: string, dy = 0): P => [NODE_BY_ID.get(n)!.x - hw, NODE_BY_ID.get(n)!.y + dy];
const rgt = (n: string, dy = 0): P => [NODE_BY_ID.get(n)!.x + hw, NODE_BY_ID.get(n)!.y + dy];

/** The edges of RFC 9293 Figure 5, labelled "event / action". */
const EDGES: EdgeDef[] = [
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
function nodeFor(state: string, t: Transition | null | undefined, role: Role): string {
  const s = canonicalState(state);
  if (s !== "CLOSED") return s;
  if (t && t.role === role && canonicalState(t.to) === "CLOSED") {
    const from = canonicalState(t.from);
    if (from === "TIME_WAIT" || from === "LAST_ACK") return "CLOSED_END";
  }
  return "CLOSED";
}

function findEdge(t: Transition): EdgeDef | null {
  const from = canonicalState(t.from);
  const to = canonicalState(t.to);
  for (const e of EDGES) {
    const eto = e.to === "CLOSED_END" ? "CLOSED" : e.to;
    if (e.from === from && eto === to) return e;
  }
  return null;
}

const PULSE_MS = 1500;

export class Diagram {
  private readonly staticG: Phaser.GameObjects.Graphics;
  private readonly hiG: Phaser.GameObjects.Graphics;
  private readonly markG: Phaser.GameObjects.Graphics;
  private readonly nodeTexts = new Map<string, Phaser.GameObjects.Text>();
  private readonly edgeTexts: Phaser.GameObjects.Text[] = [];
  private readonly markers: Record<Role, Phaser.GameObjects.Text>;
  private readonly title: Phaser.GameObjects.Text;
  private theme: Theme;
  private nodes: Record<Role, string> = { client: "CLOSED", server: "CLOSED" };
  private transition: Transition | null = null;
  private transitionWall = -1e9;
  private hiDrawn = "";
  private pending: Record<Role, string> = { client: "CLOSED", server: "CLOSED" };

  constructor(scene: Phaser.Scene, layer: Phaser.GameObjects.Layer, texts: Texts, theme: Theme) {
    this.theme = theme;
    this.staticG = scene.make.graphics({}, false);
    this.hiG = scene.make.graphics({}, false);
    this.markG = scene.make.graphics({}, false);
    layer.add([this.staticG, this.hiG]);
    this.title = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "13px",
      fontStyle: "bold",
      color: theme.textDim,
    });
    this.title.setPosition(DIAGRAM.x + 12, DIAGRAM.y + 8);
    const edgeStyle = {
      fontFamily: FONT_UI,
      fontSize: "11px",
      color: theme.textDim,
      backgroundColor: css(theme.panel),
      padding: { x: 2, y: 0 },
    };
    for (const e of EDGES) {
      const t = texts.make(layer, edgeStyle);
      t.setOrigin(e.ox, 0.5).setPosition(e.lx, e.ly);
      this.edgeTexts.push(t);
    }
    for (const n of NODES) {
      const t = texts.make(layer, {
        fontFamily: FONT_MONO,
        fontSize: "12px",
        fontStyle: "bold",
        color: theme.text,
      });
      t.setOrigin(0.5).setPosition(n.x, n.y).setText(n.label);
      this.nodeTexts.set(n.id, t);
    }
    layer.add(this.markG);
    const markerStyle = { fontFamily: FONT_UI, fontSize: "13px", fontStyle: "bold", color: "#0b0f18" };
    this.markers = {
      // Hidden until placed on a node: a host with no socket yet has none (the lobby).
      client: texts.make(layer, markerStyle, "C").setOrigin(0.5).setVisible(false),
      server: texts
        .make(layer, { ...markerStyle, color: "#ffffff" }, "S")
        .setOrigin(0.5)
        .setVisible(false),
    };
    this.setLabels(EN_STAGE_LABELS);
    this.drawStatic();
  }

  /** The texts changed (a language switch): the only time they are set. */
  setLabels(labels: StageLabels): void {
    this.title.setText(labels.diagramTitle);
    EDGES.forEach((e, i) => {
      this.edgeTexts[i]!.setText(labels[e.label]);
    });
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.drawStatic();
    this.hiDrawn = "";
    this.placeMarkers();
  }

  private drawStatic(): void {
    const g = this.staticG;
    const th = this.theme;
    g.clear();
    g.fillStyle(th.panel, 1);
    g.fillRoundedRect(DIAGRAM.x, DIAGRAM.y, DIAGRAM.w, DIAGRAM.h, 10);
    // Column captions' guide: the active-close side on the left, the passive one on the right.
    g.lineStyle(1, th.grid, 1);
    dashedLine(g, COL.L, ROW[4] - 40, COL.L, ROW[4] - 30, 3, 3);
    for (const e of EDGES) arrowPath(g, e.pts, 1.5, th.dim, 1, 8);
    for (const n of NODES) {
      g.fillStyle(0x0b0f18, 1);
      g.fillRoundedRect(n.x - hw, n.y - hh, NODE_W, NODE_H, 6);
      g.lineStyle(1.5, th.panelEdge, 1);
      g.strokeRoundedRect(n.x - hw, n.y - hh, NODE_W, NODE_H, 6);
    }
  }

  /** Every model, as it arrives (several may come between two frames). */
  observe(model: StageModel, wall: number): void {
    const t = model.lastTransition;
    if (t !== this.transition) {
      const same =
        t &&
        this.transition &&
        t.at === this.transition.at &&
        t.role === this.transition.role &&
        t.to === this.transition.to;
      if (!same && t) this.transitionWall = wall;
      this.transition = t;
    }
    const nodes = {
      client: nodeFor(model.hosts.client.state, model.lastTransitionOf.client, "client"),
      server: nodeFor(model.hosts.server.state, model.lastTransitionOf.server, "server"),
    };
    this.pending = nodes;
  }

  /** Per frame. */
  update(model: StageModel, wall: number): void {
    const nodes = this.pending;
    if (nodes.client !== this.nodes.client || nodes.server !== this.nodes.server) {
      this.nodes = nodes;
      this.placeMarkers();
    }
    this.drawHighlight(model, wall);
  }

  private placeMarkers(): void {
    const g = this.markG;
    const th = this.theme;
    g.clear();
    for (const role of ["client", "server"] as const) {
      const n = NODE_BY_ID.get(this.nodes[role]);
      const m = this.markers[role];
      if (!n) {
        m.setVisible(false);
        continue;
      }
      // The node lights up in the side's colour; the badge (C left, S right) names the side.
      g.lineStyle(3, th.role[role], 1);
      const inset = role === "client" ? 0 : 3;
      g.strokeRoundedRect(n.x - hw - inset, n.y - hh - inset, NODE_W + inset * 2, NODE_H + inset * 2, 7);
      const bx = role === "client" ? n.x - hw - 4 : n.x + hw + 4;
      g.fillStyle(th.role[role], 1);
      g.fillCircle(bx, n.y, 10);
      g.lineStyle(2, 0x0b0f18, 1);
      g.strokeCircle(bx, n.y, 10);
      m.setVisible(true).setPosition(bx, n.y);
    }
  }

  private drawHighlight(model: StageModel, wall: number): void {
    const t = this.transition;
    const g = this.hiG;
    if (!t) {
      if (this.hiDrawn !== "") {
        g.clear();
        this.hiDrawn = "";
        for (const et of this.edgeTexts) setColorIfChanged(et, this.theme.textDim);
      }
      return;
    }
    const age = wall - this.transitionWall;
    const pulsing = !model.reducedMotion && age < PULSE_MS;
    const key = `${t.role}|${t.from}|${t.to}|${t.at}|${model.reducedMotion}`;
    if (!pulsing && this.hiDrawn === key) return; // the static highlight is already drawn
    g.clear();
    const color = this.theme.role[t.role];
    const e = findEdge(t);
    // The highlighted edge's label turns white; the others stay dim.
    EDGES.forEach((d, i) => {
      setColorIfChanged(this.edgeTexts[i]!, d === e ? "#ffffff" : this.theme.textDim);
    });
    // Pulse: a glow that swells and fades three times over 1.5 s, then settles.
    const glow = pulsing ? 0.5 + 0.5 * Math.sin((age / PULSE_MS) * Math.PI * 6 - Math.PI / 2) : 0;
    const pts: P[] = e ? e.pts : this.fallbackPts(t);
    if (pts.length >= 2) {
      if (glow > 0) arrowPath(g, pts, 4 + glow * 8, this.theme.highlight, 0.25 * glow, 12 + glow * 6);
      arrowPath(g, pts, 4, this.theme.highlight, 1, 12);
      arrowPath(g, pts, 2, color, 1, 9);
    }
    this.hiDrawn = pulsing ? "" : key;
  }

  /** A transition Figure 5 does not draw (an RST, FIN+ACK at once ...): a straight arrow. */
  private fallbackPts(t: Transition): P[] {
    const a = NODE_BY_ID.get(canonicalState(t.from));
    const b = NODE_BY_ID.get(nodeFor(t.to, t, t.role));
    if (!a || !b || a === b) return [];
    const ang = Math.atan2(b.y - a.y, b.x - a.x);
    const edge = (n: NodeDef, sign: number): P => {
      // Leave the node box through its border along the line between centres.
      const dx = Math.cos(ang) * sign;
      const dy = Math.sin(ang) * sign;
      const s = Math.min(dx === 0 ? 1e9 : hw / Math.abs(dx), dy === 0 ? 1e9 : hh / Math.abs(dy));
      return [n.x + dx * s, n.y + dy * s];
    };
    return [edge(a, 1), edge(b, -1)];
  }
}
