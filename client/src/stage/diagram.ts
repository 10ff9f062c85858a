// Region 2, the state diagram: RFC 9293 Figure 5, with both endpoints' states marked (C / S in
// their colours) and the most recent transition's edge highlighted (a pulse for ~1.5 s, or a
// static highlight with reduced motion). Drawn once; per frame only the highlight may change.

import type * as Phaser from "phaser";
import { arrowPath, dashedLine } from "./draw.ts";
import {
  COL,
  EDGES,
  findEdge,
  hh,
  hw,
  NODE_BY_ID,
  NODE_H,
  NODE_W,
  NODES,
  nodeFor,
  OFF_FIGURE_LABEL,
  offFigurePath,
  type P,
  ROW,
} from "./figure5.ts";
import { EN_STAGE_LABELS, type StageLabels } from "./labels.ts";
import { DIAGRAM } from "./layout.ts";
import type { Role, StageModel, Transition } from "./model.ts";
import { setColorIfChanged, type Texts } from "./texts.ts";
import { css, FONT_MONO, FONT_UI, type Theme } from "./theme.ts";

const PULSE_MS = 1500;

export class Diagram {
  private readonly staticG: Phaser.GameObjects.Graphics;
  private readonly hiG: Phaser.GameObjects.Graphics;
  private readonly markG: Phaser.GameObjects.Graphics;
  private readonly nodeTexts = new Map<string, Phaser.GameObjects.Text>();
  private readonly edgeTexts: Phaser.GameObjects.Text[] = [];
  /** The label of a highlighted transition that Figure 5 does not draw ("rcv RST" ...). */
  private readonly offFigureText: Phaser.GameObjects.Text;
  private labels: StageLabels = EN_STAGE_LABELS;
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
    this.offFigureText = texts
      .make(layer, { ...edgeStyle, color: "#ffffff" })
      .setOrigin(0.5)
      .setVisible(false);
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
    this.labels = labels;
    this.hiDrawn = "";
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
        this.offFigureText.setVisible(false);
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
    const off = e ? null : offFigurePath(t);
    const pts: P[] = e ? e.pts : (off?.pts ?? []);
    const offLabel = off && t.cause ? OFF_FIGURE_LABEL[t.cause] : undefined;
    this.offFigureText.setVisible(offLabel !== undefined);
    if (off && offLabel)
      this.offFigureText.setText(this.labels[offLabel]).setPosition(off.label[0], off.label[1]);
    if (pts.length >= 2) {
      if (glow > 0) arrowPath(g, pts, 4 + glow * 8, this.theme.highlight, 0.25 * glow, 12 + glow * 6);
      arrowPath(g, pts, 4, this.theme.highlight, 1, 12);
      arrowPath(g, pts, 2, color, 1, 9);
    }
    this.hiDrawn = pulsing ? "" : key;
  }
}
