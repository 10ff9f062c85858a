// Region 3, the ladder (time-sequence diagram): two time lines, segments as slanted arrows from
// sender at sentAt to receiver at arriveAt, lost ones ending in an ✕ halfway, state names
// beside the lines where they change. It grows downward; a second camera, clipped to the panel,
// scrolls to keep "now" in view. Long idle gaps (a 2MSL wait) are squeezed and marked "≈".

import type * as Phaser from "phaser";
import { arrowHead, dashedLine, lossCross } from "./draw.ts";
import { EN_STAGE_LABELS, type StageLabels } from "./labels.ts";
import { LADDER, LADDER_VIEW } from "./layout.ts";
import type { LadderSegment, LadderState, Role, StageModel } from "./model.ts";
import { KeyedTexts, setColorIfChanged, type Texts } from "./texts.ts";
import { FONT_MONO, FONT_UI, mainFlagColor, type Theme } from "./theme.ts";

const LINE_X: Record<Role, number> = { client: LADDER.x + 118, server: LADDER.x + LADDER.w - 118 };
/** A host's head: its pill is the text plus this, at most HEAD_MAX_W, HEAD_INSET from the edge. */
const headWidth = (textW: number): number => Math.max(60, textW + 14);
const HEAD_INSET = 8;
const HEAD_MAX_W = LADDER.w / 2 - 2 * HEAD_INSET;
const TOP_PAD = 16;
const BOTTOM_PAD = 26;
/** Pixels a typical one-way trip takes. */
const TRIP_PX = 46;
const STATE_GAP = 15;
/** Minimum pixels between two send times, so that labels of close segments do not overlap. */
const MIN_SEND_GAP = 28;

interface TimeMap {
  times: number[];
  ys: number[];
  k: number;
  /** Squeezed gaps, as [yStart, yEnd] pairs, for the "≈" marks. */
  breaks: [number, number][];
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Builds the piecewise-linear time → y map: linear, except that long idle gaps are squeezed. */
export function buildTimeMap(segments: LadderSegment[], states: LadderState[]): TimeMap {
  const trips = segments.map((s) => s.arriveAt - s.sentAt).filter((d) => d > 0);
  const trip = median(trips) || 100;
  const k = TRIP_PX / trip;
  const maxGap = trip * 2.5;
  const set = new Set<number>();
  const sends = new Set<number>();
  for (const s of segments) {
    sends.add(s.sentAt);
    set.add(s.sentAt);
    set.add(s.arriveAt);
    set.add((s.sentAt + s.arriveAt) / 2);
  }
  for (const st of states) set.add(st.t);
  const times = [...set].sort((a, b) => a - b);
  const ys: number[] = [];
  const breaks: [number, number][] = [];
  let y = TOP_PAD;
  let lastSendY = -1e9;
  for (let i = 0; i < times.length; i++) {
    if (i > 0) {
      const gap = times[i]! - times[i - 1]!;
      const y0 = y;
      y += gapPx(gap, k, maxGap);
      if (gap > maxGap) breaks.push([y0, y]);
    }
    if (sends.has(times[i]!)) {
      y = Math.max(y, lastSendY + MIN_SEND_GAP);
      lastSendY = y;
    }
    ys.push(y);
  }
  return { times, ys, k, breaks };
}

function gapPx(gap: number, k: number, maxGap: number): number {
  if (gap <= maxGap) return gap * k;
  return maxGap * k + Math.min(24, (gap - maxGap) * k * 0.05);
}

export function timeToY(m: TimeMap, t: number): number {
  const { times, ys } = m;
  if (times.length === 0) return TOP_PAD;
  if (t <= times[0]!) return ys[0]! - (times[0]! - t) * m.k;
  const last = times.length - 1;
  if (t >= times[last]!) return ys[last]! + gapPx(t - times[last]!, m.k, (TRIP_PX / m.k) * 2.5);
  let lo = 0;
  let hi = last;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid;
  }
  const t0 = times[lo]!;
  const t1 = times[hi]!;
  return ys[lo]! + ((t - t0) / (t1 - t0)) * (ys[hi]! - ys[lo]!);
}

export class Ladder {
  private readonly g: Phaser.GameObjects.Graphics;
  /** Loss marks, above the labels. */
  private readonly markG: Phaser.GameObjects.Graphics;
  private readonly layer: Phaser.GameObjects.Layer;
  private layerDirty = false;
  private readonly headG: Phaser.GameObjects.Graphics;
  private readonly segTexts: KeyedTexts;
  private readonly stateTexts: KeyedTexts;
  private readonly heads: Record<Role, Phaser.GameObjects.Text>;
  /** Each head's text before fitting, as last given. */
  private readonly headSrc: Record<Role, string> = { client: "", server: "" };
  private readonly title: Phaser.GameObjects.Text;
  private readonly hint: Phaser.GameObjects.Text;
  private map: TimeMap = { times: [], ys: [], k: TRIP_PX / 100, breaks: [] };
  private ladderRef: StageModel["ladder"] | null = null;
  private lastNow = Number.NaN;
  private theme: Theme;
  private labels: StageLabels = EN_STAGE_LABELS;
  /** Top of the visible window, in ladder-world y. */
  scrollTop = 0;

  constructor(
    scene: Phaser.Scene,
    layer: Phaser.GameObjects.Layer,
    headLayer: Phaser.GameObjects.Layer,
    texts: Texts,
    theme: Theme,
  ) {
    this.theme = theme;
    this.headG = scene.make.graphics({}, false);
    headLayer.add(this.headG);
    this.g = scene.make.graphics({}, false);
    layer.add(this.g);
    this.title = texts.make(headLayer, {
      fontFamily: FONT_UI,
      fontSize: "13px",
      fontStyle: "bold",
      color: theme.textDim,
    });
    this.title.setText(EN_STAGE_LABELS.ladderTitle).setPosition(LADDER.x + 12, LADDER.y + 8);
    const headStyle = { fontFamily: FONT_MONO, fontSize: "12px", fontStyle: "bold", color: theme.text };
    this.heads = {
      client: texts.make(headLayer, headStyle).setOrigin(0.5, 0.5),
      server: texts.make(headLayer, headStyle).setOrigin(0.5, 0.5),
    };
    this.hint = texts.make(layer, { fontFamily: FONT_UI, fontSize: "12px", color: theme.textDim });
    this.hint.setText(EN_STAGE_LABELS.ladderHint).setOrigin(0.5, 0);
    this.hint.setPosition((LINE_X.client + LINE_X.server) / 2, LADDER_VIEW.y + 40);
    this.segTexts = new KeyedTexts(() => {
      const t = texts.make(layer, {
        fontFamily: FONT_MONO,
        fontSize: "11px",
        color: theme.text,
        backgroundColor: "#161d2cdd",
        padding: { x: 3, y: 1 },
      });
      this.layerDirty = true;
      return t.setOrigin(0.5, 0.5);
    });
    this.stateTexts = new KeyedTexts(() =>
      texts.make(layer, { fontFamily: FONT_MONO, fontSize: "11px", fontStyle: "bold", color: theme.text }),
    );
    this.markG = scene.make.graphics({}, false);
    layer.add(this.markG);
    this.layer = layer;
    this.drawHead();
  }

  /** The texts changed (a language switch). The host heads follow with setHosts. */
  setLabels(labels: StageLabels): void {
    this.labels = labels;
    this.title.setText(labels.ladderTitle);
    this.hint.setText(labels.ladderHint);
  }

  setTheme(theme: Theme): void {
    this.theme = theme;
    this.drawHead();
    this.lastNow = Number.NaN;
  }

  private drawHead(): void {
    const g = this.headG;
    const th = this.theme;
    g.clear();
    g.fillStyle(th.panel, 1);
    g.fillRoundedRect(LADDER.x, LADDER.y, LADDER.w, LADDER.h, 10);
    for (const role of ["client", "server"] as const) {
      const head = this.heads?.[role];
      const w = headWidth(head?.width ?? 100);
      g.fillStyle(th.role[role], 1);
      g.fillRoundedRect((head?.x ?? LINE_X[role]) - w / 2, LADDER.y + 28, w, 20, 5);
    }
    g.lineStyle(1, th.grid, 1);
    g.lineBetween(
      LADDER.x + 8,
      LADDER.y + LADDER.headerH - 1,
      LADDER.x + LADDER.w - 8,
      LADDER.y + LADDER.headerH - 1,
    );
  }

  setHosts(model: StageModel): void {
    for (const role of ["client", "server"] as const) {
      const h = this.heads[role];
      const head = (label: string) => `${role === "client" ? "C" : "S"}  ${label}  ${model.hosts[role].ip}`;
      // A long nickname is cut in the middle (keeping the role and "(you)"), so that the two
      // heads stay apart and inside the panel; fitted again only when the text changes.
      const label = model.hosts[role].label || this.roleName(role);
      if (this.headSrc[role] === head(label)) continue;
      this.headSrc[role] = head(label);
      h.setText(head(label));
      for (let keep = label.length - 1; headWidth(h.width) > HEAD_MAX_W && keep > 1; keep--) {
        const front = Math.ceil(keep / 2);
        h.setText(
          head(
            `${label.slice(0, front).trimEnd()}…${label.slice(label.length - (keep - front)).trimStart()}`,
          ),
        );
      }
      setColorIfChanged(h, role === "client" ? "#0b0f18" : "#ffffff");
      // Centred on its time line, but never past the panel's edge.
      const half = headWidth(h.width) / 2;
      const x =
        role === "client"
          ? Math.max(LINE_X.client, LADDER.x + HEAD_INSET + half)
          : Math.min(LINE_X.server, LADDER.x + LADDER.w - HEAD_INSET - half);
      h.setPosition(x, LADDER.y + 38);
    }
    this.drawHead();
  }

  private roleName(role: Role): string {
    return role === "client" ? this.labels.roleClient : this.labels.roleServer;
  }

  /** World y of the ladder content for virtual time t (ladder world = logical coords + offset). */
  private y(t: number): number {
    return LADDER_VIEW.y + timeToY(this.map, t);
  }

  update(model: StageModel, now: number): void {
    const lad = model.ladder;
    const changed = lad !== this.ladderRef;
    if (changed) {
      this.ladderRef = lad;
      this.map = buildTimeMap(lad.segments, lad.states);
      this.hint.setVisible(lad.segments.length === 0 && lad.states.length === 0);
    }
    if (!changed && now === this.lastNow) return;
    this.lastNow = now;
    const nowY = this.y(now);
    const contentBottom = nowY + BOTTOM_PAD;
    this.scrollTop = Math.max(LADDER_VIEW.y, contentBottom - LADDER_VIEW.h);
    this.draw(lad, now, nowY);
  }

  private draw(lad: StageModel["ladder"], now: number, nowY: number): void {
    const g = this.g;
    const th = this.theme;
    const viewTop = this.scrollTop - 20;
    const viewBot = this.scrollTop + LADDER_VIEW.h + 20;
    g.clear();
    // The time lines, from the top of the view down to now, with a faint future.
    for (const role of ["client", "server"] as const) {
      const x = LINE_X[role];
      g.lineStyle(3, th.role[role], 1);
      g.lineBetween(x, Math.max(viewTop, LADDER_VIEW.y + 4), x, nowY);
      g.lineStyle(1, th.dim, 0.6);
      dashedLine(g, x, nowY, x, viewBot, 3, 4);
    }
    // Squeezed gaps: a "≈" on each line.
    for (const [a, b] of this.map.breaks) {
      const ym = LADDER_VIEW.y + (a + b) / 2;
      if (ym < viewTop || ym > viewBot) continue;
      for (const role of ["client", "server"] as const) {
        const x = LINE_X[role];
        g.fillStyle(th.panel, 1);
        g.fillRect(x - 7, ym - 5, 14, 10);
        g.lineStyle(1.5, th.textNum, 0.8);
        g.lineBetween(x - 7, ym - 1, x + 7, ym - 4);
        g.lineBetween(x - 7, ym + 4, x + 7, ym + 1);
      }
    }
    // The "now" line.
    g.lineStyle(1, th.dim, 0.8);
    dashedLine(g, LINE_X.client, nowY, LINE_X.server, nowY, 2, 5);

    this.segTexts.begin();
    const mg = this.markG;
    mg.clear();
    let prevFrom: Role | null = null;
    let prevSent = Number.NaN;
    for (const s of lad.segments) {
      // A second segment sent at the same instant (a duplicate): its label goes further along.
      const twin = s.from === prevFrom && s.sentAt === prevSent;
      prevFrom = s.from;
      prevSent = s.sentAt;
      if (s.sentAt > now) continue;
      const y0 = this.y(s.sentAt);
      const y1 = this.y(s.arriveAt);
      if (Math.max(y0, y1) < viewTop || Math.min(y0, y1) > viewBot) continue;
      const x0 = LINE_X[s.from];
      const x1 = LINE_X[s.from === "client" ? "server" : "client"];
      const color = mainFlagColor(th, s.label.split(" ", 1)[0] ?? "");
      const endFrac = s.lost ? 0.5 : 1;
      const span = Math.max(1, s.arriveAt - s.sentAt);
      const frac = Math.min(endFrac, (now - s.sentAt) / span);
      const xe = x0 + (x1 - x0) * frac;
      const ye = y0 + (y1 - y0) * frac;
      g.lineStyle(2, color, 1);
      if (s.lost) dashedLine(g, x0, y0, xe, ye, 6, 3);
      else g.lineBetween(x0, y0, xe, ye);
      if (s.lost && frac >= 0.5) lossCross(mg, xe, ye, 6, th.lost, 1, 2.5);
      else if (frac >= 1 || frac > 0.05) arrowHead(g, x0, y0, xe, ye, 9, color);
      // The label sits on the arrow (a boxed label, as in the textbook figures).
      const text = this.segTexts.get(s.key);
      // The label starts at the sender, just above its arrow (below it for a same-instant twin,
      // which leaves at a steeper angle): it never moves while the segment flies, and stays
      // clear of the ✕ of a lost one.
      text.setText(s.label);
      const right = x1 > x0;
      text.setOrigin(right ? 0 : 1, twin ? 0 : 1);
      text.setPosition(x0 + (right ? 10 : -10), twin ? y0 + 4 : y0 - 2);
    }
    this.segTexts.end();
    if (this.layerDirty) {
      this.layer.bringToTop(mg);
      this.layerDirty = false;
    }

    // State names beside the time lines, nudged apart when they crowd.
    this.stateTexts.begin();
    const lastY: Record<Role, number> = { client: -1e9, server: -1e9 };
    for (const st of lad.states) {
      if (st.t > now) continue;
      let y = this.y(st.t);
      y = Math.max(y, lastY[st.role] + STATE_GAP);
      lastY[st.role] = y;
      if (y < viewTop || y > viewBot) continue;
      const x = LINE_X[st.role];
      const right = st.role === "server";
      g.fillStyle(th.role[st.role], 1);
      g.fillRect(right ? x : x - 8, y - 1.5, 8, 3);
      const text = this.stateTexts.get(`${st.role}|${st.t}|${st.state}`);
      text.setText(st.state);
      text.setOrigin(right ? 0 : 1, 0.5);
      text.setPosition(right ? x + 12 : x - 12, y);
    }
    this.stateTexts.end();
  }
}
