// Virtual time between patches. The room sends `time` (virtual ms) with every patch; between
// patches the stage extrapolates with the wall clock, at the rate virtual time has been seen to
// run (a mission may scale the clock), so packets fly smoothly. Pure: no Phaser, no DOM.

/** How far past the last patch we extrapolate, in wall ms, before holding still. */
const MAX_EXTRAPOLATE_MS = 1500;

export class StageClock {
  private baseTime = 0;
  private baseWall = 0;
  private paused = true;
  private rate = 1;
  private shown = 0;
  private started = false;

  /** A new model arrived at wall time `wall` (ms); `seek`: show its time exactly (a replay's step). */
  sync(time: number, paused: boolean, wall: number, seek = false): void {
    if (!seek && this.started && !this.paused && !paused) {
      const dWall = wall - this.baseWall;
      const dTime = time - this.baseTime;
      if (dWall >= 20 && dTime > 0) {
        const r = dTime / dWall;
        // Smooth, and keep sane: a mission's time scale is a small factor either way.
        this.rate = Math.min(50, Math.max(0.02, this.rate * 0.7 + r * 0.3));
      }
    }
    // A jump back of more than a second means a new match: follow it at once.
    if (seek || time < this.shown - 1000) this.shown = time;
    this.baseTime = time;
    this.baseWall = wall;
    this.paused = paused;
    this.started = true;
  }

  /** Virtual ms to draw at wall time `wall`; never runs backwards by small corrections. */
  now(wall: number): number {
    let t = this.baseTime;
    if (!this.paused) t += Math.min(MAX_EXTRAPOLATE_MS, Math.max(0, wall - this.baseWall)) * this.rate;
    // A patch slightly behind our extrapolation: hold still rather than jump back.
    if (t < this.shown && this.shown - t < 1000) return this.shown;
    this.shown = t;
    return t;
  }
}
