// The one Phaser scene of the stage. It keeps the latest StageModel and draws it every frame at
// the interpolated virtual time. Layout is in logical 1280×720 units; the main camera zooms that
// to fit the canvas (RESIZE scale mode, so the canvas is always the parent's size and nothing is
// stretched), and texts are rasterised at that zoom so they stay sharp.

import * as Phaser from "phaser";
import { StageClock } from "./clock.ts";
import { Diagram } from "./diagram.ts";
import { EN_STAGE_LABELS, type StageLabels } from "./labels.ts";
import { Ladder } from "./ladder.ts";
import { LOGICAL_H, LOGICAL_W } from "./layout.ts";
import type { Palette, StageModel, StageView } from "./model.ts";
import { Texts } from "./texts.ts";
import { makeTheme, type Theme } from "./theme.ts";
import { centreOf, type Fit, fitRect, lerpRect, placeLadderCam, type Rect, VIEW_RECTS } from "./views.ts";
import { Wire } from "./wire.ts";

/** How long the camera glides from one view to another (none with reduced motion). */
const GLIDE_MS = 280;

export class StageScene extends Phaser.Scene {
  private model: StageModel | null = null;
  private readonly clock = new StageClock();
  private palette: Palette = "default";
  private theme: Theme = makeTheme("default");
  private texts!: Texts;
  private wire!: Wire;
  private diagram!: Diagram;
  private ladder!: Ladder;
  private ladderCam!: Phaser.Cameras.Scene2D.Camera;
  private zoom = 1;
  private fit: Fit = fitRect(VIEW_RECTS.all, LOGICAL_W, LOGICAL_H);
  private view: StageView = "all";
  /** The logical rectangle the camera shows now; during a glide, part way between two views. */
  private rect: Rect = VIEW_RECTS.all;
  private glide: { from: Rect; to: Rect; start: number } | null = null;
  private hostsRef: StageModel["hosts"] | null = null;
  private meRef: StageModel["me"] | undefined;
  /** The texts now drawn; a new object (a language switch) re-renders them, nothing else does. */
  private labels: StageLabels = EN_STAGE_LABELS;

  private readonly onReady: (scene: StageScene) => void;

  constructor(onReady: (scene: StageScene) => void) {
    super({ key: "stage" });
    this.onReady = onReady;
  }

  create(): void {
    this.texts = new Texts(this);
    const main = this.add.layer();
    const ladderLayer = this.add.layer();
    this.wire = new Wire(this, main, this.texts, this.theme);
    this.diagram = new Diagram(this, main, this.texts, this.theme);
    this.ladder = new Ladder(this, ladderLayer, main, this.texts, this.theme);
    const cam = this.cameras.main;
    cam.setBackgroundColor(this.theme.bg);
    cam.ignore(ladderLayer);
    this.ladderCam = this.cameras.add(0, 0, 1, 1, false, "ladder");
    this.ladderCam.ignore(main);
    this.layout();
    this.scale.on(Phaser.Scale.Events.RESIZE, this.layout, this);
    this.events.once(Phaser.Scenes.Events.SHUTDOWN, () => {
      this.scale.off(Phaser.Scale.Events.RESIZE, this.layout, this);
    });
    this.onReady(this);
  }

  /** Fit the view's rectangle into the canvas, centred (on a resize, and as the camera glides). */
  private layout(): void {
    this.show(this.rect, true);
  }

  private show(rect: Rect, rasterise: boolean): void {
    const w = this.scale.width;
    const h = this.scale.height;
    this.fit = fitRect(rect, w, h);
    this.zoom = this.fit.zoom;
    // The camera sees only the view's rectangle: a region alone shows none of its neighbours.
    const cam = this.cameras.main;
    const v = this.fit.viewport;
    cam.setViewport(v.x, v.y, v.w, v.h);
    cam.setZoom(this.zoom);
    const c = centreOf(this.fit, v, w, h);
    cam.centerOn(c.x, c.y);
    // Texts are rasterised again only once the camera stops: mid-glide they keep their old size.
    if (rasterise) this.texts.setResolution(this.zoom * (window.devicePixelRatio || 1));
    this.placeLadderCam();
  }

  private placeLadderCam(): void {
    const place = placeLadderCam(this.fit, this.scale.width, this.scale.height);
    const cam = this.ladderCam;
    cam.setVisible(place.viewport !== null);
    if (!place.viewport) return;
    const v = place.viewport;
    cam.setViewport(v.x, v.y, v.w, v.h);
    cam.setZoom(this.zoom);
    cam.centerOn(place.cx, this.ladder.scrollTop + place.cy);
  }

  private setView(view: StageView, atOnce: boolean): void {
    if (view === this.view) return;
    this.view = view;
    // The page may size the canvas by its view (a phone draws the whole stage wider than the
    // screen): take the new size now, not at the scale manager's next check (every 500 ms).
    if (this.scale.getParentBounds()) this.scale.refresh();
    const to = VIEW_RECTS[view];
    if (atOnce) {
      this.glide = null;
      this.rect = to;
      this.show(to, true);
    } else {
      this.glide = { from: this.rect, to, start: performance.now() };
    }
  }

  setModel(model: StageModel): void {
    // The first model puts the camera on its view at once; a later change of view glides there.
    const first = this.model === null;
    this.model = model;
    const wall = performance.now();
    this.clock.sync(model.time, model.paused, wall, model.seek === true);
    this.diagram.observe(model, wall);
    this.setView(model.view ?? "all", first || model.reducedMotion);
    if (model.palette !== this.palette) {
      this.palette = model.palette;
      this.theme = makeTheme(model.palette);
      this.cameras.main.setBackgroundColor(this.theme.bg);
      this.wire.setTheme(this.theme);
      this.diagram.setTheme(this.theme);
      this.ladder.setTheme(this.theme);
    }
    const labels = model.labels ?? EN_STAGE_LABELS;
    const relabel = labels !== this.labels;
    if (relabel) {
      this.labels = labels;
      this.wire.setLabels(labels);
      this.diagram.setLabels(labels);
      this.ladder.setLabels(labels);
    }
    if (relabel || model.hosts !== this.hostsRef || model.me !== this.meRef) {
      this.hostsRef = model.hosts;
      this.meRef = model.me;
      this.wire.setHosts(model);
      this.ladder.setHosts(model);
    }
  }

  override update(): void {
    const model = this.model;
    if (!model) return;
    const wall = performance.now();
    if (this.glide) {
      const t = Math.min(1, (wall - this.glide.start) / GLIDE_MS);
      const eased = 1 - (1 - t) ** 3;
      this.rect = lerpRect(this.glide.from, this.glide.to, eased);
      if (t >= 1) this.glide = null;
      this.show(this.rect, this.glide === null);
    }
    const now = this.clock.now(wall);
    this.wire.update(model, now);
    this.diagram.update(model, wall);
    const before = this.ladder.scrollTop;
    this.ladder.update(model, now);
    if (this.ladder.scrollTop !== before) this.placeLadderCam();
  }

  /** For tests and the bench: the current zoom, the view asked for, and whether it is gliding. */
  get camera(): { zoom: number; view: StageView; moving: boolean } {
    return { zoom: this.zoom, view: this.view, moving: this.glide !== null };
  }
}
