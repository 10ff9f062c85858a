// Where the stage's three regions sit, in logical units: the wire across the top, the state
// diagram below left, the ladder below right. The camera zooms this 1280×720 drawing to the canvas.

export const LOGICAL_W = 1280;
export const LOGICAL_H = 720;

/** Region 1, the wire: the two hosts and the segments in flight. */
export const WIRE = {
  top: 8,
  bottom: 296,
  hostW: 196,
  hostTop: 40,
  hostBottom: 292,
  left: 14,
  right: 1266,
  laneX0: 222,
  laneX1: 1058,
  pillH: 20,
  lanePitch: 22,
  lanesPerDir: 5,
  upperY0: 60,
  lowerY0: 180,
} as const;

/** Region 2, the state diagram. */
export const DIAGRAM = { x: 12, y: 304, w: 672, h: 408 } as const;

/** Region 3, the ladder (time-sequence diagram). */
export const LADDER = { x: 696, y: 304, w: 572, h: 408, headerH: 52 } as const;
/** The scrolled view, in logical (unzoomed) coordinates. */
export const LADDER_VIEW = {
  x: LADDER.x + 2,
  y: LADDER.y + LADDER.headerH,
  w: LADDER.w - 4,
  h: LADDER.h - LADDER.headerH - 4,
} as const;
