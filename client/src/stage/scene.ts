// The one Phaser scene of the stage. It keeps the latest StageModel and draws it every frame at
// the interpolated virtual time. Layout is in logical 1280×720 units; the main camera zooms that
// to fit the canvas (RESIZE scale mode, so the canvas is always the parent's size and nothing is
// stretched), and texts are rasterised at that zoom so they stay sharp.

import * as Phaser from "phaser";
import { StageClock } from "./clock.ts";
import { Diagram } from "./diagram.ts";
import { EN_STAGE_LABELS, type StageLabels } from "./labels.ts";
import { LADDER_VIEW, Ladder } from "./ladder.ts";
import type { Palette, StageModel } from "./model.ts";
import { Texts } from "./texts.ts";
import { makeTheme, type Theme } from "./theme.ts";
import { Wire } from "./wire.ts";

export const LOGICAL_W = 1280;
export const LOGICAL_H = 720;

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

  /** Fit the logical 1280×720 stage into the canvas, centred. */
  private layout(): void {
    const w = this.scale.width;
    const h = this.scale.height;
    const z = Math.max(0.05, Math.min(w / LOGICAL_W, h / LOGICAL_H));
    this.zoom = z;
    const cam = this.cameras.main;
    cam.setViewport(0, 0, w, h);
    cam.setZoom(z);
    cam.centerOn(LOGICAL_W / 2, LOGICAL_H / 2);
    const ox = w / 2 - (LOGICAL_W / 2) * z;
    const oy = h / 2 - (LOGICAL_H / 2) * z;
    const vx = Math.round(ox + LADDER_VIEW.x * z);
    const vy = Math.round(oy + LADDER_VIEW.y * z);
    this.ladderCam.setViewport(vx, vy, Math.round(LADDER_VIEW.w * z), Math.round(LADDER_VIEW.h * z));
    this.ladderCam.setZoom(z);
    this.texts.setResolution(z * (window.devicePixelRatio || 1));
    this.placeLadderCam();
  }

  private placeLadderCam(): void {
    this.ladderCam.centerOn(LADDER_VIEW.x + LADDER_VIEW.w / 2, this.ladder.scrollTop + LADDER_VIEW.h / 2);
  }

  setModel(model: StageModel): void {
    this.model = model;
    const wall = performance.now();
    this.clock.sync(model.time, model.paused, wall);
    this.diagram.observe(model, wall);
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
    const now = this.clock.now(wall);
    this.wire.update(model, now);
    this.diagram.update(model, wall);
    const before = this.ladder.scrollTop;
    this.ladder.update(model, now);
    if (this.ladder.scrollTop !== before) this.placeLadderCam();
  }

  /** For tests and the bench: the current zoom. */
  get stageZoom(): number {
    return this.zoom;
  }
}
