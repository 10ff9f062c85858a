// Region 1, the wire: the two hosts and every segment in flight between them.
//
// Each flight owns a pooled Text (its label, re-rasterised only when the flight changes) and a
// lane; all pills, icons and loss marks are drawn into two shared Graphics per frame, so 200
// flights cost 200 setPosition calls and one path batch, with no allocation per frame.

import type * as Phaser from "phaser";
import { arrowHead, clockIcon, dashedRect, flagShape, lossCross } from "./draw.ts";
import { EN_STAGE_LABELS, fillLabel, type StageLabelKey, type StageLabels } from "./labels.ts";
import { WIRE } from "./layout.ts";
import type { FlightModel, Role, StageModel } from "./model.ts";
import type { Texts } from "./texts.ts";
import { type FlagStyle, FONT_MONO, FONT_UI, flagStyles, mainFlagColor, type Theme } from "./theme.ts";

/**
 * With more segments in the air than this, only the newest ones carry their full label; the
 * rest fly as compact chips (flag shapes, fate outline, direction). Five lanes a side cannot show
 * more labels legibly, and it keeps a storm of 200 flights as cheap as an idle stage.
 */
export const MAX_LABELLED = 10;
const LOSS_POINT = 0.5;
/** Fraction of the flight time over which a lost segment dies after its loss point. */
const DIE_SPAN = 0.3;
const LEGEND_Y = 22;
const CHAR_W = 7.83; // DejaVu Sans Mono at 13px; only a first guess, corrected by the real width.

interface Slot {
  key: string;
  flight: FlightModel;
  text: Phaser.GameObjects.Text;
  lane: number;
  styles: FlagStyle[];
  color: number;
  labelW: number;
  /** Seeded wobble for the break-apart of a lost segment. */
  seed: number;
  /** Drawn with its label (else as a compact chip). */
  labelled: boolean;
}

interface HostView {
  box: { x: number; y: number; w: number; h: number };
  badge: Phaser.GameObjects.Text;
  label: Phaser.GameObjects.Text;
  ip: Phaser.GameObjects.Text;
  stateCaption: Phaser.GameObjects.Text;
  state: Phaser.GameObjects.Text;
  you: Phaser.GameObjects.Text;
  inFlight: Phaser.GameObjects.Text;
  count: number;
  /** The connection's running timer: a caption, its name, and the time left (counting down). */
  timerCaption: Phaser.GameObjects.Text;
  timerName: Phaser.GameObjects.Text;
  timerLeft: Phaser.GameObjects.Text;
  /** The label as last given, so that it is fitted only when it changes. */
  labelSrc: string;
}

/** Where a host's running timer is drawn, from the box's top: caption, name (with a clock), time left. */
const HOST_TIMER_Y = { caption: 176, name: 200, left: 224 } as const;
/** Width the host's name may take in the header band (from the badge to the box's edge). */
const HOST_LABEL_W = WIRE.hostW - 28 - 14 - 10;
/** A long name is shrunk down to this scale, then cut with "…". */
const MIN_LABEL_SCALE = 0.72;

export function flightLabel(f: FlightModel, labels: StageLabels = EN_STAGE_LABELS): string {
  const base = `${f.flags || "-"} seq=${f.seq} ack=${f.ack} len=${f.len}`;
  return f.fate === "duplicate" ? `${labels.dupPrefix} ${base}` : base;
}

export class Wire {
  private readonly staticG: Phaser.GameObjects.Graphics;
  private readonly pillG: Phaser.GameObjects.Graphics;
  private readonly markG: Phaser.GameObjects.Graphics;
  private readonly slots = new Map<string, Slot>();
  private readonly free: Phaser.GameObjects.Text[] = [];
  private readonly laneUse: Record<Role, number[]> = {
    client: new Array<number>(WIRE.lanesPerDir).fill(0),
    server: new Array<number>(WIRE.lanesPerDir).fill(0),
  };
  private readonly hosts: Record<Role, HostView>;
  private readonly dirLabels: Phaser.GameObjects.Text[];
  private flightsRef: FlightModel[] | null = null;
  private seedCounter = 1;
  private theme: Theme;
  private labels: StageLabels = EN_STAGE_LABELS;

  private readonly layer: Phaser.GameObjects.Layer;
  private readonly texts: Texts;

  constructor(scene: Phaser.Scene, layer: Phaser.GameObjects.Layer, texts: Texts, theme: Theme) {
    this.layer = layer;
    this.texts = texts;
    this.theme = theme;
    this.staticG = scene.make.graphics({}, false);
    this.pillG = scene.make.graphics({}, false);
    layer.add([this.staticG, this.pillG]);
    this.hosts = { client: this.makeHost("client"), server: this.makeHost("server") };
    const dirStyle = { fontFamily: FONT_UI, fontSize: "12px", color: theme.textDim };
    this.dirLabels = [texts.make(layer, dirStyle), texts.make(layer, dirStyle)];
    this.dirLabels[0]!.setText(this.labels.dirClientServer)
      .setOrigin(0, 0.5)
      .setPosition(WIRE.laneX0 + 8, WIRE.upperY0 - 20);
    this.dirLabels[1]!.setText(this.labels.dirServerClient)
      .setOrigin(1, 0.5)
      .setPosition(WIRE.laneX1 - 8, WIRE.lowerY0 + WIRE.lanePitch * (WIRE.lanesPerDir - 1) + 20);
    // Text objects sit above the pills; the loss marks above everything.
    this.markG = scene.make.graphics({}, false);
    layer.add(this.markG);
    this.makeLegend();
    this.drawStatic();
  }

  /** Called after new flight texts were made so the marks stay on top; cheap. */
  private raiseMarks(): void {
    this.layer.bringToTop(this.markG);
  }

  private readonly legend: {
    text: Phaser.GameObjects.Text;
    x: number;
    draw: string;
    /** Its text: a flag's name (a protocol word, never translated) or a StageLabels key. */
    name: string | { key: StageLabelKey };
  }[] = [];

  /** The key: flag shapes and fate outlines, along the top of the wire. */
  private makeLegend(): void {
    const style = { fontFamily: FONT_UI, fontSize: "12px", color: this.theme.textDim };
    const items: [string, string | { key: StageLabelKey }][] = [
      ["S", "SYN"],
      ["A", "ACK"],
      ["F", "FIN"],
      ["R", "RST"],
      ["P", "PSH"],
      ["late", { key: "legendLate" }],
      ["dup", { key: "legendDuplicate" }],
      ["lost", { key: "legendLost" }],
    ];
    for (const [draw, name] of items) {
      const t = this.texts.make(this.layer, style);
      t.setOrigin(0, 0.5);
      this.legend.push({ text: t, x: 0, draw, name });
    }
    this.layoutLegend();
  }

  /** Texts and places of the legend's items (again after a language change: widths differ). */
  private layoutLegend(): void {
    let x = WIRE.laneX0 + 10;
    for (const item of this.legend) {
      item.text.setText(typeof item.name === "string" ? item.name : this.labels[item.name.key]);
      item.text.setPosition(x + 16, LEGEND_Y);
      item.x = x;
      x += 16 + item.text.width + 16;
    }
  }

  /** The texts changed (a language switch): the only time the fixed texts are set. */
  setLabels(labels: StageLabels): void {
    if (labels === this.labels) return;
    this.labels = labels;
    this.dirLabels[0]!.setText(labels.dirClientServer);
    this.dirLabels[1]!.setText(labels.dirServerClient);
    this.layoutLegend();
    for (const role of ["client", "server"] as const) {
      const h = this.hosts[role];
      h.stateCaption.setText(labels.hostState);
      h.you.setText(labels.hostYou);
      h.inFlight.setText(this.sendingText(h.count));
      h.timerCaption.setText(labels.hostTimer);
    }
    // Duplicates carry the prefix in their label.
    for (const s of this.slots.values()) {
      if (s.flight.fate !== "duplicate") continue;
      s.text.setText(flightLabel(s.flight, labels));
      s.labelW = s.text.width || flightLabel(s.flight, labels).length * CHAR_W;
    }
    this.drawStatic();
  }

  private sendingText(n: number): string {
    return n === 0 ? this.labels.hostSendingNone : fillLabel(this.labels.hostSending, { n });
  }

  private drawLegend(g: Phaser.GameObjects.Graphics): void {
    const th = this.theme;
    for (const { x, draw } of this.legend) {
      const cx = x + 6;
      const y = LEGEND_Y;
      if (draw === "late") {
        g.lineStyle(1.5, th.textNum, 1);
        dashedRect(g, cx - 6, y - 5, 12, 10, 3, 2);
      } else if (draw === "dup") {
        g.lineStyle(1.5, th.textNum, 1);
        g.strokeRect(cx - 6, y - 6, 10, 9);
        g.strokeRect(cx - 3, y - 3, 10, 9);
      } else if (draw === "lost") {
        lossCross(g, cx, y, 5, th.lost, 1, 2.5);
      } else {
        const st = th.flags[draw as keyof Theme["flags"]];
        flagShape(g, st.shape, cx, y, 6, st.color);
      }
    }
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.drawStatic();
    for (const s of this.slots.values()) {
      s.styles = flagStyles(theme, s.flight.flags);
      s.color = mainFlagColor(theme, s.flight.flags);
    }
  }

  private makeHost(role: Role): HostView {
    const { texts, layer } = this;
    const x = role === "client" ? WIRE.left : WIRE.right - WIRE.hostW;
    const box = { x, y: WIRE.hostTop, w: WIRE.hostW, h: WIRE.hostBottom - WIRE.hostTop };
    const cx = x + 14;
    const badge = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "15px",
      fontStyle: "bold",
      color: "#0b0f18",
    });
    badge.setOrigin(0.5).setPosition(cx + 10, box.y + 22);
    badge.setText(role === "client" ? "C" : "S");
    const label = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "17px",
      fontStyle: "bold",
      color: "#fff",
    });
    label.setOrigin(0, 0.5).setPosition(cx + 28, box.y + 22);
    const ip = texts.make(layer, { fontFamily: FONT_MONO, fontSize: "14px", color: this.theme.textDim });
    ip.setPosition(cx, box.y + 46);
    const stateCaption = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "12px",
      color: this.theme.textDim,
    });
    stateCaption.setPosition(cx, box.y + 80).setText(this.labels.hostState);
    const state = texts.make(layer, {
      fontFamily: FONT_MONO,
      fontSize: "19px",
      fontStyle: "bold",
      color: "#fff",
    });
    state.setOrigin(0, 0.5).setPosition(cx + 4, box.y + 115);
    const inFlight = texts.make(layer, { fontFamily: FONT_UI, fontSize: "13px", color: this.theme.textDim });
    inFlight.setPosition(cx, box.y + 150).setText(this.labels.hostSendingNone);
    const you = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "12px",
      fontStyle: "bold",
      color: "#0b0f18",
      backgroundColor: "#e8ecf4",
      padding: { x: 6, y: 2 },
    });
    you
      .setOrigin(1, 0.5)
      .setPosition(x + WIRE.hostW - 12, box.y + 54)
      .setText(this.labels.hostYou)
      .setVisible(false);
    const timerCaption = texts.make(layer, {
      fontFamily: FONT_UI,
      fontSize: "12px",
      color: this.theme.textDim,
    });
    timerCaption
      .setPosition(cx, box.y + HOST_TIMER_Y.caption)
      .setText(this.labels.hostTimer)
      .setVisible(false);
    const timerName = texts.make(layer, { fontFamily: FONT_UI, fontSize: "13px", color: "#fff" });
    timerName
      .setOrigin(0, 0.5)
      .setPosition(cx + 18, box.y + HOST_TIMER_Y.name)
      .setVisible(false);
    const timerLeft = texts.make(layer, {
      fontFamily: FONT_MONO,
      fontSize: "19px",
      fontStyle: "bold",
      color: "#fff",
    });
    timerLeft
      .setOrigin(0, 0.5)
      .setPosition(cx + 4, box.y + HOST_TIMER_Y.left)
      .setVisible(false);
    return {
      box,
      badge,
      label,
      ip,
      stateCaption,
      state,
      you,
      inFlight,
      count: 0,
      labelSrc: "",
      timerCaption,
      timerName,
      timerLeft,
    };
  }

  setHosts(model: StageModel): void {
    for (const role of ["client", "server"] as const) {
      const h = this.hosts[role];
      const m = model.hosts[role];
      this.fitLabel(h, m.label || (role === "client" ? this.labels.roleClient : this.labels.roleServer));
      h.ip.setText(m.ip);
      h.state.setText(m.state);
      h.you.setVisible(model.me === role);
      const timer = m.timer ?? null;
      if (timer) h.timerName.setText(timer.name);
      for (const t of [h.timerCaption, h.timerName, h.timerLeft]) t.setVisible(timer !== null);
    }
  }

  /** Each host's timer: the time left at virtual time `now`, to the tenth of a second. */
  private updateTimers(model: StageModel, now: number): void {
    for (const role of ["client", "server"] as const) {
      const timer = model.hosts[role].timer;
      if (!timer) continue;
      const h = this.hosts[role];
      const left = `${(Math.max(0, timer.firesAt - now) / 1000).toFixed(1)} s`;
      if (h.timerLeft.text !== left) h.timerLeft.setText(left);
      clockIcon(this.markG, h.box.x + 21, h.box.y + HOST_TIMER_Y.name, 6.5, this.theme.textNum);
    }
  }

  /** The host's name in its header band: shrunk a little if long, cut with "…" if longer. */
  private fitLabel(h: HostView, text: string): void {
    if (h.labelSrc === text) return;
    h.labelSrc = text;
    const t = h.label;
    t.setScale(1).setText(text);
    if (t.width <= HOST_LABEL_W) return;
    if (t.width * MIN_LABEL_SCALE <= HOST_LABEL_W) {
      t.setScale(HOST_LABEL_W / t.width);
      return;
    }
    t.setScale(MIN_LABEL_SCALE);
    const chars = Array.from(text);
    let lo = 0;
    let hi = chars.length;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      t.setText(`${chars.slice(0, mid).join("").trimEnd()}…`);
      if (t.width * MIN_LABEL_SCALE <= HOST_LABEL_W) lo = mid;
      else hi = mid;
    }
    t.setText(`${chars.slice(0, lo).join("").trimEnd()}…`);
  }

  private drawStatic(): void {
    const g = this.staticG;
    const th = this.theme;
    g.clear();
    // Lanes: faint guide lines for each direction, and the midpoint where losses happen.
    g.fillStyle(th.panel, 1);
    g.fillRoundedRect(
      WIRE.laneX0 - 4,
      WIRE.top + 4,
      WIRE.laneX1 - WIRE.laneX0 + 8,
      WIRE.bottom - WIRE.top - 4,
      10,
    );
    for (let i = 0; i < WIRE.lanesPerDir; i++) {
      const yu = WIRE.upperY0 + i * WIRE.lanePitch;
      const yl = WIRE.lowerY0 + i * WIRE.lanePitch;
      g.lineStyle(1, th.grid, 1);
      g.lineBetween(WIRE.laneX0 + 4, yu, WIRE.laneX1 - 12, yu);
      g.lineBetween(WIRE.laneX0 + 12, yl, WIRE.laneX1 - 4, yl);
      arrowHead(g, WIRE.laneX1 - 20, yu, WIRE.laneX1 - 6, yu, 7, th.grid);
      arrowHead(g, WIRE.laneX0 + 20, yl, WIRE.laneX0 + 6, yl, 7, th.grid);
    }
    this.drawLegend(g);
    const midY = (WIRE.upperY0 + WIRE.lanePitch * (WIRE.lanesPerDir - 1) + WIRE.lowerY0) / 2;
    g.lineStyle(1, th.panelEdge, 1);
    g.lineBetween(WIRE.laneX0 + 8, midY, WIRE.laneX1 - 8, midY);
    // The network's midpoint, where a lost segment dies.
    g.lineStyle(1, th.panelEdge, 1);
    for (let y = WIRE.top + 30; y < WIRE.bottom - 8; y += 8) g.lineBetween(640, y, 640, y + 4);
    for (const role of ["client", "server"] as const) {
      const h = this.hosts?.[role];
      if (!h) continue;
      const { x, y, w, h: hh } = h.box;
      g.fillStyle(th.panel, 1);
      g.fillRoundedRect(x, y, w, hh, 10);
      g.lineStyle(3, th.role[role], 1);
      g.strokeRoundedRect(x, y, w, hh, 10);
      // Header band in the side's colour with its letter badge (colour + letter).
      g.fillStyle(th.role[role], 0.22);
      g.fillRect(x + 2, y + 4, w - 4, 36);
      g.fillStyle(th.role[role], 1);
      g.fillCircle(x + 24, y + 22, 12);
      // The state, in a well of its own.
      g.fillStyle(0x0b0f18, 1);
      g.fillRoundedRect(x + 12, y + 98, w - 24, 34, 6);
      g.lineStyle(1.5, th.role[role], 0.8);
      g.strokeRoundedRect(x + 12, y + 98, w - 24, 34, 6);
      // The socket: a port-like notch on the wire side.
      const px = role === "client" ? x + w : x;
      g.fillStyle(th.role[role], 1);
      g.fillRect(role === "client" ? px - 2 : px - 6, y + hh / 2 - 30, 8, 60);
    }
  }

  /** Sync slots with the model's flights (only when the array changed). */
  private sync(flights: FlightModel[]): void {
    if (flights === this.flightsRef) return;
    this.flightsRef = flights;
    const seen = new Set<string>();
    for (const f of flights) {
      seen.add(f.key);
      let s = this.slots.get(f.key);
      if (!s) {
        const text =
          this.free.pop() ??
          this.texts.make(this.layer, { fontFamily: FONT_MONO, fontSize: "13px", color: this.theme.text });
        text.setVisible(true).setAlpha(1).setOrigin(0, 0.5);
        s = {
          key: f.key,
          flight: f,
          text,
          lane: this.takeLane(f.from),
          styles: [],
          color: 0,
          labelW: 0,
          seed: this.seedCounter++,
          labelled: true,
        };
        this.slots.set(f.key, s);
      }
      s.flight = f;
      s.styles = flagStyles(this.theme, f.flags);
      s.color = mainFlagColor(this.theme, f.flags);
      const label = flightLabel(f, this.labels);
      s.text.setText(label);
      s.labelW = s.text.width || label.length * CHAR_W;
    }
    // The newest MAX_LABELLED flights keep their labels.
    let cutoff = Number.NEGATIVE_INFINITY;
    if (flights.length > MAX_LABELLED) {
      const sent = flights.map((f) => f.sentAt).sort((a, b) => b - a);
      cutoff = sent[MAX_LABELLED - 1]!;
    }
    let labelled = 0;
    for (const f of flights) {
      const s = this.slots.get(f.key)!;
      s.labelled = f.sentAt >= cutoff && labelled < MAX_LABELLED;
      if (s.labelled) labelled++;
    }
    let fromClient = 0;
    for (const f of flights) if (f.from === "client") fromClient++;
    this.setCount("client", fromClient);
    this.setCount("server", flights.length - fromClient);
    for (const [key, s] of this.slots) {
      if (seen.has(key)) continue;
      s.text.setVisible(false);
      this.free.push(s.text);
      const use = this.laneUse[s.flight.from];
      use[s.lane] = Math.max(0, (use[s.lane] ?? 1) - 1);
      this.slots.delete(key);
    }
    this.raiseMarks();
  }

  private setCount(role: Role, n: number): void {
    const h = this.hosts[role];
    if (h.count === n) return;
    h.count = n;
    h.inFlight.setText(this.sendingText(n));
  }

  private takeLane(from: Role): number {
    const use = this.laneUse[from];
    let best = 0;
    for (let i = 1; i < use.length; i++) if (use[i]! < use[best]!) best = i;
    use[best] = (use[best] ?? 0) + 1;
    return best;
  }

  /** Per frame: place every flight at virtual time `now`. */
  update(model: StageModel, now: number): void {
    this.sync(model.flights);
    const g = this.pillG;
    const mg = this.markG;
    g.clear();
    mg.clear();
    this.updateTimers(model, now);
    const th = this.theme;
    const reduced = model.reducedMotion;
    const H = WIRE.pillH;
    for (const s of this.slots.values()) {
      const f = s.flight;
      const span = Math.max(1, f.arriveAt - f.sentAt);
      let p = (now - f.sentAt) / span;
      if (p < 0) p = 0;
      if (p > 1) p = 1;
      const lost = f.fate === "lost";
      const late = f.fate === "delayed" || f.fate === "reordered";
      const dup = f.fate === "duplicate";
      let alpha = 1;
      let crack = 0;
      if (lost && p > LOSS_POINT) {
        const d = (p - LOSS_POINT) / DIE_SPAN;
        if (reduced) alpha = d < 1 ? 0.45 : 0;
        else {
          alpha = Math.max(0, 1 - d);
          crack = Math.min(1, d * 1.5);
        }
        p = LOSS_POINT;
      }
      const badgeW = 8 + 15 * Math.max(1, s.styles.length);
      const w = s.labelled ? badgeW + s.labelW + 12 + (late ? 18 : 0) : badgeW + (late ? 16 : 0);
      const toRight = f.from === "client";
      const y0 = toRight ? WIRE.upperY0 : WIRE.lowerY0;
      const y = y0 + s.lane * WIRE.lanePitch + (dup ? 4 : 0);
      const xs = WIRE.laneX0 + 8 + w / 2;
      const xe = WIRE.laneX1 - 8 - w / 2;
      const cx = toRight ? xs + (xe - xs) * p : xe - (xe - xs) * p;
      const left = cx - w / 2;
      const top = y - H / 2;
      // Breaking apart: the badge and the label drift away from each other, slightly tilted.
      const jitter = crack > 0 ? Math.sin(s.seed * 12.9898 + crack * 6) * 2 : 0;
      const by = -crack * 7 + jitter;
      const ly = crack * 7 - jitter;

      if (alpha > 0) {
        if (dup) {
          // A second card behind: this copy is the duplicate.
          g.lineStyle(1.5, s.color, alpha * 0.8);
          g.strokeRect(left - 4, top - 4, w, H);
        }
        if (s.labelled) {
          g.fillStyle(th.packetBgNum, alpha);
          g.fillRect(left, top + ly, w, H);
        }
        g.fillStyle(0x0b0f18, alpha);
        g.fillRect(left, top + by, s.labelled ? badgeW : w, H);
        if (late) {
          g.lineStyle(th.cueWidth, s.color, alpha);
          dashedRect(g, left, top + ly, w, H, 5, 3);
          clockIcon(g, left + w - 11, y + ly, 6.5, th.textNum, alpha);
        } else {
          g.lineStyle(th.cueWidth, s.color, alpha);
          g.strokeRect(left, top + (ly + by) / 2, w, H);
        }
        // Direction of travel: a nose on the front edge.
        const nx = toRight ? left + w : left;
        arrowHead(g, toRight ? nx - 8 : nx + 8, y, toRight ? nx + 7 : nx - 7, y, 9, s.color, alpha);
        // Flag shapes, each in its colour (shape + colour + the letter in the label).
        let ix = left + 4 + 7.5;
        if (s.styles.length === 0) {
          g.fillStyle(th.dim, alpha);
          g.fillRect(ix - 4, y + by - 1, 8, 2);
        }
        for (const st of s.styles) {
          flagShape(g, st.shape, ix, y + by, 5.5, st.color);
          ix += 15;
        }
        if (!s.labelled) {
          if (s.text.visible) s.text.setVisible(false);
        } else {
          s.text.setVisible(true);
          s.text.setPosition(left + badgeW + 6, y + ly);
          if (s.text.alpha !== alpha) s.text.setAlpha(alpha);
          if (crack > 0) s.text.setRotation((toRight ? 1 : -1) * crack * 0.06);
          else if (s.text.rotation !== 0) s.text.setRotation(0);
        }
      } else {
        s.text.setVisible(false);
      }
      if (lost && (now - f.sentAt) / span > LOSS_POINT) {
        // The ✕ at the loss point, which outlives the dying packet a little.
        const d = ((now - f.sentAt) / span - LOSS_POINT) / (1 - LOSS_POINT);
        const xa = reduced ? 1 : d < 0.8 ? 1 : Math.max(0, 1 - (d - 0.8) / 0.2);
        lossCross(mg, 640, y, 9, th.lost, xa, 3.5);
      }
    }
  }

  destroy(): void {
    this.slots.clear();
  }
}
