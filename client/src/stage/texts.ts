// Text objects for the stage: created once, reused, re-rendered only when their content or
// style really changes (Phaser's Text re-rasterises on every setText/setStyle call that
// differs). The factory also keeps every text at the camera's zoom, so glyphs stay crisp.

import * as Phaser from "phaser";

export type TextStyle = Phaser.Types.GameObjects.Text.TextStyle;

export class Texts {
  private readonly all: Phaser.GameObjects.Text[] = [];
  private resolution = 1;

  private readonly scene: Phaser.Scene;

  constructor(scene: Phaser.Scene) {
    this.scene = scene;
  }

  make(layer: Phaser.GameObjects.Layer, style: TextStyle, text = ""): Phaser.GameObjects.Text {
    const t = new Phaser.GameObjects.Text(this.scene, 0, 0, text, { ...style, resolution: this.resolution });
    layer.add(t);
    this.all.push(t);
    return t;
  }

  /** Rasterise all texts at this many device pixels per logical pixel (on resize only). */
  setResolution(r: number): void {
    const q = Math.max(1, Math.min(3, Math.ceil(r * 4) / 4));
    if (q === this.resolution) return;
    this.resolution = q;
    for (const t of this.all) t.setResolution(q);
  }
}

/** Change a text's colour only when it differs (a colour change re-rasterises the text). */
export function setColorIfChanged(t: Phaser.GameObjects.Text, color: string): void {
  if (t.style.color !== color) t.setColor(color);
}

/**
 * Texts handed out by key for one frame at a time: a key keeps its Text from frame to frame (so
 * nothing is re-rasterised while it stays visible); texts of keys not used in a frame go back to
 * the free list and are hidden.
 */
export class KeyedTexts {
  private active = new Map<string, Phaser.GameObjects.Text>();
  private next = new Map<string, Phaser.GameObjects.Text>();
  private readonly free: Phaser.GameObjects.Text[] = [];

  private readonly create: () => Phaser.GameObjects.Text;

  constructor(create: () => Phaser.GameObjects.Text) {
    this.create = create;
  }

  begin(): void {
    this.next.clear();
  }

  get(key: string): Phaser.GameObjects.Text {
    let t = this.active.get(key);
    if (t) this.active.delete(key);
    else t = this.free.pop() ?? this.create();
    this.next.set(key, t);
    return t.setVisible(true);
  }

  end(): void {
    for (const t of this.active.values()) {
      t.setVisible(false);
      this.free.push(t);
    }
    this.active.clear();
    const a = this.active;
    this.active = this.next;
    this.next = a;
  }

  /** Re-style every text (theme change). */
  forEach(fn: (t: Phaser.GameObjects.Text) => void): void {
    for (const t of this.active.values()) fn(t);
    for (const t of this.free) fn(t);
  }
}
