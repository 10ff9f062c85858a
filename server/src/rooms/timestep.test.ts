import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MAX_CATCHUP_STEPS, SharedTimestep, type Stepper, type TimestepHost } from "./timestep.ts";

/** A host whose clock moves only when told; timers and immediates run in order as it moves. */
function fakeHost() {
  let now = 0;
  let timer: { at: number; fn: () => void } | undefined;
  const immediates: (() => void)[] = [];
  /** How long each step takes, ms (time passes while a stepper runs). */
  let stepCost = 0;
  const host: TimestepHost = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timer = { at: now + ms, fn };
      return timer;
    },
    clearTimeout: (t) => {
      if (timer === t) timer = undefined;
    },
    setImmediate: (fn) => immediates.push(fn),
  };
  return {
    host,
    setStepCost: (ms: number) => {
      stepCost = ms;
    },
    spend: () => {
      now += stepCost;
    },
    /** Let `ms` pass, running what falls due (`stall` moves the clock without running anything). */
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const imm = immediates.shift();
        if (imm) {
          imm();
          continue;
        }
        if (timer && timer.at <= end) {
          const t = timer;
          timer = undefined;
          now = Math.max(now, t.at);
          t.fn();
          continue;
        }
        break;
      }
      now = Math.max(now, end);
    },
    stall(ms: number) {
      now += ms;
    },
    /** Fire the armed timer at its time, and nothing else. */
    runTimer() {
      const t = timer;
      assert.ok(t, "a timer is armed");
      timer = undefined;
      now = Math.max(now, t.at);
      t.fn();
    },
    runImmediates() {
      for (let imm = immediates.shift(); imm; imm = immediates.shift()) imm();
    },
    pendingImmediates: () => immediates.length,
  };
}

function recorder(name: string, log: string[], spend: () => void = () => {}): Stepper {
  return {
    onTimestep(steps) {
      log.push(`${name}x${steps}`);
      spend();
    },
  };
}

describe("SharedTimestep", () => {
  it("steps each stepper once per step, in the order they were added", () => {
    const h = fakeHost();
    const loop = new SharedTimestep({ stepMs: 50, host: h.host, onError: assert.fail });
    const log: string[] = [];
    loop.add(recorder("a", log));
    h.advance(10);
    loop.add(recorder("b", log));
    h.advance(190); // to 200: a at 50, 100, 150, 200; b at 60, 110, 160
    assert.deepEqual(log, ["ax1", "bx1", "ax1", "bx1", "ax1", "bx1", "ax1"]);
  });

  it("after a stall, catches up with several steps at once, at most MAX_CATCHUP_STEPS", () => {
    const h = fakeHost();
    const loop = new SharedTimestep({ stepMs: 50, host: h.host, onError: assert.fail });
    const log: string[] = [];
    loop.add(recorder("a", log));
    h.advance(50);
    h.stall(170); // due at 100, run at 220: 3 steps (100, 150, 200)
    h.advance(0);
    h.stall(1000); // far behind: capped, then its clock runs slow
    h.advance(0);
    h.advance(50);
    assert.deepEqual(log, ["ax1", "ax3", `ax${MAX_CATCHUP_STEPS}`, "ax1"]);
  });

  it("stops a stepper whose handle is stopped, even mid-queue", () => {
    const h = fakeHost();
    const loop = new SharedTimestep({ stepMs: 50, host: h.host, onError: assert.fail });
    const log: string[] = [];
    const a = loop.add(recorder("a", log));
    loop.add(recorder("b", log));
    h.advance(50);
    a.stop();
    h.advance(100);
    assert.deepEqual(log, ["ax1", "bx1", "bx1", "bx1"]);
  });

  it("yields to I/O after sliceMs of steps, then carries on with what is due", () => {
    const h = fakeHost();
    const loop = new SharedTimestep({ stepMs: 50, sliceMs: 4, host: h.host, onError: assert.fail });
    const log: string[] = [];
    h.setStepCost(1);
    for (const n of ["a", "b", "c", "d", "e", "f"]) loop.add(recorder(n, log, h.spend));
    h.runTimer(); // at 50: four steps of 1 ms fill the slice
    assert.deepEqual(log, ["ax1", "bx1", "cx1", "dx1"]);
    assert.equal(h.pendingImmediates(), 1, "the rest waits until the sockets have been read");
    h.runImmediates();
    assert.deepEqual(log, ["ax1", "bx1", "cx1", "dx1", "ex1", "fx1"]);
  });

  it("a stepper that throws is reported, and the others go on", () => {
    const h = fakeHost();
    const errors: unknown[] = [];
    const loop = new SharedTimestep({ stepMs: 50, host: h.host, onError: (e) => errors.push(e) });
    const log: string[] = [];
    loop.add({
      onTimestep() {
        throw new Error("boom");
      },
    });
    loop.add(recorder("b", log));
    h.advance(100);
    assert.equal(errors.length, 2);
    assert.deepEqual(log, ["bx1", "bx1"]);
  });
});
