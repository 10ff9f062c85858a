// Loads the Phaser stage (client/src/stage/index.ts) lazily: Phaser is its own chunk, fetched on
// the way to a match. import.meta.glob yields nothing while the stage module does not exist yet,
// so the app builds and runs (with panels only) either way.

import type { MountStage, StageHandle, StageModel, StageView } from "../stage/model.ts";

const modules = import.meta.glob<{ mountStage: MountStage }>("../stage/index.ts");

let loading: Promise<MountStage | null> | undefined;

/** Start fetching Phaser early (e.g. when a match is being created). */
export function preloadStage(): Promise<MountStage | null> {
  loading ??= (async () => {
    const load = modules["../stage/index.ts"];
    if (!load) return null;
    try {
      const mod = await load();
      return typeof mod.mountStage === "function" ? mod.mountStage : null;
    } catch (e) {
      console.error("stage failed to load", e);
      return null;
    }
  })();
  return loading;
}

/**
 * A stage that may not be there yet: updates before it is mounted are kept and replayed.
 *
 * The canvas goes in an element of its own inside `box`, and `box` carries the view drawn
 * (`data-view`): on a phone the whole stage is drawn wider than the screen, at a size that can
 * be read, and `box` scrolls sideways (styles.css).
 */
export class LazyStage {
  private handle: StageHandle | null = null;
  private last: StageModel | null = null;
  private dead = false;
  private readonly box: HTMLElement;
  readonly ready: Promise<boolean>;

  constructor(box: HTMLElement) {
    this.box = box;
    const parent = document.createElement("div");
    parent.className = "stage-canvas";
    box.append(parent);
    this.ready = (async () => {
      const mount = await preloadStage();
      if (!mount || this.dead) return false;
      try {
        const handle = await mount(parent);
        if (this.dead) {
          handle.destroy();
          return false;
        }
        this.handle = handle;
        if (this.last) handle.update(this.last);
        return true;
      } catch (e) {
        console.error("stage failed to mount", e);
        return false;
      }
    })();
  }

  update(model: StageModel): void {
    this.last = model;
    const view = model.view ?? "all";
    if (this.box.dataset.view !== view) {
      this.box.dataset.view = view;
      // Where the whole stage is wider than its frame: the player's own host in sight first (the
      // server's is on the right). Nothing scrolls where it fits.
      this.box.scrollLeft = model.me === "server" ? this.box.scrollWidth : 0;
    }
    this.handle?.update(model);
  }

  /** For the test hook: the camera, once the stage is drawn. */
  camera(): { zoom: number; view: StageView; moving: boolean } | null {
    return this.handle?.camera() ?? null;
  }

  destroy(): void {
    this.dead = true;
    this.handle?.destroy();
    this.handle = null;
  }
}
