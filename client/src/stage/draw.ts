// Small drawing helpers on Phaser Graphics: flag shapes, arrows, dashes, the loss cross, a clock.
// They only issue path commands; callers own the Graphics objects and clear them.

import type * as Phaser from "phaser";
import type { FlagShape } from "./theme.ts";

type G = Phaser.GameObjects.Graphics;

const OCT = Array.from({ length: 8 }, (_, i) => {
  const a = Math.PI / 8 + (i * Math.PI) / 4;
  return [Math.cos(a), Math.sin(a)] as const;
});

/** A filled flag shape of "radius" r centred on (x, y), with a thin dark outline. */
export function flagShape(g: G, shape: FlagShape, x: number, y: number, r: number, color: number): void {
  g.fillStyle(color, 1);
  g.lineStyle(1, 0x0b0f18, 0.9);
  switch (shape) {
    case "triangle":
      g.fillTriangle(x, y - r, x + r * 1.05, y + r * 0.85, x - r * 1.05, y + r * 0.85);
      g.strokeTriangle(x, y - r, x + r * 1.05, y + r * 0.85, x - r * 1.05, y + r * 0.85);
      break;
    case "square":
      g.fillRect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      g.strokeRect(x - r * 0.85, y - r * 0.85, r * 1.7, r * 1.7);
      break;
    case "diamond":
      g.beginPath();
      g.moveTo(x, y - r * 1.1);
      g.lineTo(x + r, y);
      g.lineTo(x, y + r * 1.1);
      g.lineTo(x - r, y);
      g.closePath();
      g.fillPath();
      g.strokePath();
      break;
    case "octagon":
      g.beginPath();
      for (let i = 0; i < 8; i++) {
        const p = OCT[i]!;
        if (i === 0) g.moveTo(x + p[0] * r, y + p[1] * r);
        else g.lineTo(x + p[0] * r, y + p[1] * r);
      }
      g.closePath();
      g.fillPath();
      g.strokePath();
      break;
    case "circle":
      g.fillCircle(x, y, r * 0.9);
      g.strokeCircle(x, y, r * 0.9);
      break;
  }
}

/** Adds the dashes of a straight line to the current path (one stroke for all of them). */
function dashes(g: G, x1: number, y1: number, x2: number, y2: number, dash: number, gap: number): void {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const len = Math.hypot(dx, dy);
  if (len === 0) return;
  const ux = dx / len;
  const uy = dy / len;
  for (let d = 0; d < len; d += dash + gap) {
    const e = Math.min(len, d + dash);
    g.moveTo(x1 + ux * d, y1 + uy * d);
    g.lineTo(x1 + ux * e, y1 + uy * e);
  }
}

/** A straight dashed line, stroked once with the current line style. */
export function dashedLine(g: G, x1: number, y1: number, x2: number, y2: number, dash = 6, gap = 4): void {
  g.beginPath();
  dashes(g, x1, y1, x2, y2, dash, gap);
  g.strokePath();
}

/** A dashed rectangle outline, stroked once. */
export function dashedRect(g: G, x: number, y: number, w: number, h: number, dash = 5, gap = 3): void {
  g.beginPath();
  dashes(g, x, y, x + w, y, dash, gap);
  dashes(g, x + w, y, x + w, y + h, dash, gap);
  dashes(g, x + w, y + h, x, y + h, dash, gap);
  dashes(g, x, y + h, x, y, dash, gap);
  g.strokePath();
}

/** A filled arrowhead at (x2, y2) pointing along (x1, y1) → (x2, y2). */
export function arrowHead(
  g: G,
  x1: number,
  y1: number,
  x2: number,
  y2: number,
  size: number,
  color: number,
  alpha = 1,
): void {
  const a = Math.atan2(y2 - y1, x2 - x1);
  const s = size;
  g.fillStyle(color, alpha);
  g.fillTriangle(
    x2,
    y2,
    x2 - s * Math.cos(a - 0.45),
    y2 - s * Math.sin(a - 0.45),
    x2 - s * Math.cos(a + 0.45),
    y2 - s * Math.sin(a + 0.45),
  );
}

/** A polyline with an arrowhead at its last point. */
export function arrowPath(
  g: G,
  pts: readonly (readonly [number, number])[],
  width: number,
  color: number,
  alpha = 1,
  head = 8,
): void {
  if (pts.length < 2) return;
  g.lineStyle(width, color, alpha);
  const last = pts[pts.length - 1]!;
  const prev = pts[pts.length - 2]!;
  // Stop the shaft short of the tip so the line does not poke through the head.
  const a = Math.atan2(last[1] - prev[1], last[0] - prev[0]);
  const tipX = last[0] - Math.cos(a) * head * 0.6;
  const tipY = last[1] - Math.sin(a) * head * 0.6;
  g.beginPath();
  g.moveTo(pts[0]![0], pts[0]![1]);
  for (let i = 1; i < pts.length - 1; i++) g.lineTo(pts[i]![0], pts[i]![1]);
  g.lineTo(tipX, tipY);
  g.strokePath();
  arrowHead(g, prev[0], prev[1], last[0], last[1], head, color, alpha);
}

/** The ✕ that marks where a segment was lost. */
export function lossCross(g: G, x: number, y: number, r: number, color: number, alpha = 1, width = 3): void {
  g.lineStyle(width + 2, 0x0b0f18, alpha * 0.8);
  g.lineBetween(x - r, y - r, x + r, y + r);
  g.lineBetween(x - r, y + r, x + r, y - r);
  g.lineStyle(width, color, alpha);
  g.lineBetween(x - r, y - r, x + r, y + r);
  g.lineBetween(x - r, y + r, x + r, y - r);
}

/** A small clock face (for delayed and reordered segments). */
export function clockIcon(g: G, x: number, y: number, r: number, color: number, alpha = 1): void {
  g.fillStyle(0x0b0f18, alpha);
  g.fillCircle(x, y, r);
  g.lineStyle(1.5, color, alpha);
  g.strokeCircle(x, y, r);
  g.lineBetween(x, y, x, y - r * 0.7);
  g.lineBetween(x, y, x + r * 0.55, y + r * 0.2);
}
