// The stage: one Phaser canvas showing the wire, the state diagram and the ladder. The app
// imports this module lazily (it pulls in Phaser) and feeds it a StageModel on every patch.

import * as Phaser from "phaser";
import type { MountStage, StageHandle, StageModel } from "./model.ts";
import { StageScene } from "./scene.ts";
import { makeTheme } from "./theme.ts";

export type { StageHandle, StageModel } from "./model.ts";

/**
 * WebGL (falling back to Canvas), except where WebGL itself is emulated on the CPU (SwiftShader,
 * llvmpipe: no GPU, or GPU blocklisted): there Canvas 2D draws this stage several times faster.
 */
export function pickRenderer(): number {
  try {
    const c = document.createElement("canvas");
    const gl = c.getContext("webgl");
    if (!gl) return Phaser.CANVAS;
    const info = gl.getExtension("WEBGL_debug_renderer_info");
    const name = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
    gl.getExtension("WEBGL_lose_context")?.loseContext();
    return /swiftshader|llvmpipe|softpipe|software|basic render/i.test(name) ? Phaser.CANVAS : Phaser.AUTO;
  } catch {
    return Phaser.AUTO;
  }
}

export const mountStage: MountStage = (parent: HTMLElement) =>
  new Promise<StageHandle>((resolve, reject) => {
    let game: Phaser.Game | null = null;
    let latest: StageModel | null = null;
    let ready: StageScene | null = null;
    const scene = new StageScene((s) => {
      ready = s;
      if (latest) s.setModel(latest);
      resolve(handle);
    });
    const handle: StageHandle = {
      update(model) {
        latest = model;
        ready?.setModel(model);
      },
      camera() {
        return ready?.camera ?? { zoom: 0, view: latest?.view ?? "all", moving: false };
      },
      destroy() {
        ready = null;
        latest = null;
        game?.destroy(true);
        game = null;
      },
    };
    try {
      const bg = makeTheme("default").bg;
      game = new Phaser.Game({
        type: pickRenderer(),
        parent,
        banner: false,
        audio: { noAudio: true },
        input: { keyboard: false, mouse: false, touch: false, gamepad: false },
        disableContextMenu: false,
        backgroundColor: `#${bg.toString(16).padStart(6, "0")}`,
        scale: { mode: Phaser.Scale.RESIZE, width: "100%", height: "100%" },
        render: {
          antialias: true,
          antialiasGL: false,
          roundPixels: false,
          powerPreference: "high-performance",
        },
        scene,
      });
    } catch (err) {
      reject(err);
    }
  });
