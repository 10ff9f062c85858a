// What part of the stage the camera shows: all three regions, or the state diagram or the ladder
// alone, filling the canvas. On a laptop the whole 1280×720 drawing is zoomed to about 0.7, and
// the diagram's 13 px labels come out at 9 px; either region alone is drawn at about 1.2. (The
// wire alone would gain nothing: it is as wide as the whole drawing.)

import { DIAGRAM, LADDER, LADDER_VIEW, LOGICAL_H, LOGICAL_W } from "./layout.ts";
import type { StageView } from "./model.ts";

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

const PAD = 6;
const around = (r: Rect): Rect => ({ x: r.x - PAD, y: r.y - PAD, w: r.w + 2 * PAD, h: r.h + 2 * PAD });

/** Each view's rectangle in logical (1280×720) units. */
export const VIEW_RECTS: Readonly<Record<StageView, Rect>> = {
  all: { x: 0, y: 0, w: LOGICAL_W, h: LOGICAL_H },
  diagram: around(DIAGRAM),
  ladder: around(LADDER),
};

/** How the main camera shows a rectangle: zoomed to fit the canvas, centred, the rest cut away. */
export interface Fit {
  zoom: number;
  /** The logical point at the canvas's centre. */
  cx: number;
  cy: number;
  /** The canvas pixels the rectangle covers (integers): the main camera's viewport. */
  viewport: Rect;
}

/** The canvas pixels a logical rectangle covers under a fit, cut to `clip`; null if none. */
function onCanvas(
  fit: Omit<Fit, "viewport">,
  r: Rect,
  canvasW: number,
  canvasH: number,
  clip: Rect,
): Rect | null {
  const toX = (x: number) => canvasW / 2 + (x - fit.cx) * fit.zoom;
  const toY = (y: number) => canvasH / 2 + (y - fit.cy) * fit.zoom;
  const x0 = Math.max(clip.x, Math.round(toX(r.x)));
  const y0 = Math.max(clip.y, Math.round(toY(r.y)));
  const x1 = Math.min(clip.x + clip.w, Math.round(toX(r.x + r.w)));
  const y1 = Math.min(clip.y + clip.h, Math.round(toY(r.y + r.h)));
  return x1 - x0 >= 1 && y1 - y0 >= 1 ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : null;
}

export function fitRect(r: Rect, canvasW: number, canvasH: number): Fit {
  const zoom = Math.max(0.05, Math.min(canvasW / r.w, canvasH / r.h));
  const fit = { zoom, cx: r.x + r.w / 2, cy: r.y + r.h / 2 };
  const canvas = { x: 0, y: 0, w: canvasW, h: canvasH };
  return { ...fit, viewport: onCanvas(fit, r, canvasW, canvasH, canvas) ?? canvas };
}

/** The logical point under a viewport's centre: where a camera with that viewport centres. */
export function centreOf(
  fit: Fit,
  viewport: Rect,
  canvasW: number,
  canvasH: number,
): { x: number; y: number } {
  return {
    x: fit.cx + (viewport.x + viewport.w / 2 - canvasW / 2) / fit.zoom,
    y: fit.cy + (viewport.y + viewport.h / 2 - canvasH / 2) / fit.zoom,
  };
}

/** A rectangle part way from `a` to `b` (t in 0..1), for the camera's glide between views. */
export function lerpRect(a: Rect, b: Rect, t: number): Rect {
  const k = (p: number, q: number) => p + (q - p) * t;
  return { x: k(a.x, b.x), y: k(a.y, b.y), w: k(a.w, b.w), h: k(a.h, b.h) };
}

/** Where the ladder's scrolling camera goes: its viewport on the canvas and its centre. */
export interface LadderCamPlace {
  /** Integer canvas pixels inside the main camera's; null when none of the ladder is in sight. */
  viewport: Rect | null;
  /** The ladder-view point (x logical; y from the view's top, before scrolling) at its centre. */
  cx: number;
  cy: number;
}

/**
 * The ladder's rows are drawn for a second camera clipped to LADDER_VIEW. Under any fit, that
 * camera's viewport is LADDER_VIEW mapped to the canvas and cut to the main camera's viewport;
 * its centre is then whatever logical point lies under the cut viewport's centre.
 */
export function placeLadderCam(fit: Fit, canvasW: number, canvasH: number): LadderCamPlace {
  const viewport = onCanvas(fit, LADDER_VIEW, canvasW, canvasH, fit.viewport);
  if (!viewport) return { viewport, cx: 0, cy: 0 };
  const c = centreOf(fit, viewport, canvasW, canvasH);
  return { viewport, cx: c.x, cy: c.y - LADDER_VIEW.y };
}
