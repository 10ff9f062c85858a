import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LADDER_VIEW, LOGICAL_H, LOGICAL_W } from "./layout.ts";
import { STAGE_VIEWS } from "./model.ts";
import { centreOf, fitRect, lerpRect, placeLadderCam, type Rect, VIEW_RECTS } from "./views.ts";

const inside = (a: Rect, b: Rect) =>
  a.x >= b.x && a.y >= b.y && a.x + a.w <= b.x + b.w && a.y + a.h <= b.y + b.h;
const overlap = (a: Rect, b: Rect) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
// A laptop's stage box (1366×800 window) and a phone's (390 px wide).
const LAPTOP = { w: 870, h: 489 };
const PHONE = { w: 358, h: 234 };

describe("stage views", () => {
  it("each view is a part of the 1280×720 drawing; the diagram's and the ladder's do not overlap", () => {
    const drawing = { x: 0, y: 0, w: LOGICAL_W, h: LOGICAL_H };
    for (const v of STAGE_VIEWS) assert.ok(inside(VIEW_RECTS[v], drawing), v);
    assert.equal(overlap(VIEW_RECTS.diagram, VIEW_RECTS.ladder), false);
  });

  it("a region alone is drawn at least 1.6 times as large as in the whole stage", () => {
    for (const box of [LAPTOP, PHONE]) {
      const all = fitRect(VIEW_RECTS.all, box.w, box.h).zoom;
      for (const v of ["diagram", "ladder"] as const) {
        const zoom = fitRect(VIEW_RECTS[v], box.w, box.h).zoom;
        assert.ok(zoom >= 1.6 * all, `${v} at ${box.w}×${box.h}: ${zoom} vs ${all}`);
      }
    }
  });
});

describe("fitRect", () => {
  it("fits the whole drawing to a 1280×720 canvas at zoom 1 over the whole canvas", () => {
    const fit = fitRect(VIEW_RECTS.all, 1280, 720);
    assert.deepEqual(fit, { zoom: 1, cx: 640, cy: 360, viewport: { x: 0, y: 0, w: 1280, h: 720 } });
  });

  it("zooms by the tighter side and centres the viewport on the canvas", () => {
    const r = VIEW_RECTS.diagram;
    const fit = fitRect(r, LAPTOP.w, LAPTOP.h);
    assert.equal(fit.zoom, Math.min(LAPTOP.w / r.w, LAPTOP.h / r.h));
    const v = fit.viewport;
    assert.ok(Math.abs(v.x + v.w / 2 - LAPTOP.w / 2) <= 1);
    assert.ok(Math.abs(v.y + v.h / 2 - LAPTOP.h / 2) <= 1);
    assert.ok(Math.abs(v.w - r.w * fit.zoom) <= 1 && Math.abs(v.h - r.h * fit.zoom) <= 1);
    // The camera centres on the logical point under the viewport's centre: the rectangle's own.
    const c = centreOf(fit, v, LAPTOP.w, LAPTOP.h);
    assert.ok(Math.abs(c.x - (r.x + r.w / 2)) < 1 && Math.abs(c.y - (r.y + r.h / 2)) < 1);
  });
});

describe("placeLadderCam", () => {
  it("in the whole stage at zoom 1, is LADDER_VIEW itself, centred on the view's middle", () => {
    const place = placeLadderCam(fitRect(VIEW_RECTS.all, 1280, 720), 1280, 720);
    assert.deepEqual(place.viewport, LADDER_VIEW);
    assert.equal(place.cx, LADDER_VIEW.x + LADDER_VIEW.w / 2);
    assert.equal(place.cy, LADDER_VIEW.h / 2);
  });

  it("with the diagram alone, is out of sight", () => {
    const fit = fitRect(VIEW_RECTS.diagram, LAPTOP.w, LAPTOP.h);
    assert.equal(placeLadderCam(fit, LAPTOP.w, LAPTOP.h).viewport, null);
  });

  it("stays inside the main camera's viewport, whatever the view and the point of a glide", () => {
    for (const box of [LAPTOP, PHONE, { w: 1280, h: 720 }])
      for (const t of [0, 0.3, 0.7, 1]) {
        const fit = fitRect(lerpRect(VIEW_RECTS.all, VIEW_RECTS.ladder, t), box.w, box.h);
        const v = placeLadderCam(fit, box.w, box.h).viewport;
        assert.ok(v && inside(v, fit.viewport), `${box.w}×${box.h} at ${t}`);
      }
  });
});

describe("lerpRect", () => {
  it("goes from one rectangle to the other", () => {
    const a = { x: 0, y: 0, w: 100, h: 50 };
    const b = { x: 10, y: 20, w: 50, h: 30 };
    assert.deepEqual(lerpRect(a, b, 0), a);
    assert.deepEqual(lerpRect(a, b, 1), b);
    assert.deepEqual(lerpRect(a, b, 0.5), { x: 5, y: 10, w: 75, h: 40 });
  });
});
