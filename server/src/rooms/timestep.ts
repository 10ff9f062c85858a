// One fixed-timestep loop for all rooms. Each room still advances in fixed steps, catching up at
// most MAX_CATCHUP_STEPS after a stall, as with Colyseus's per-room `setFixedTimestep`. What
// changes is who fires them: with one interval per room, a stall (a GC pause) left thousands of
// intervals due at once, and Node runs every due timer before it reads a socket again: players'
// moves waited behind 100-180 ms of other rooms' steps (CPU profile, 4,000 players). Here one
// timer steps the rooms in order of due time, at most SLICE_MS at a time; the rest continues after
// the sockets have been read (setImmediate runs after the poll phase).

/** A room's part: `steps` fixed steps (1 unless catching up), then whatever follows a firing. */
export interface Stepper {
  onTimestep(steps: number): void;
}

export interface TimestepHandle {
  stop(): void;
}

/** What the loop reads and arms: injectable so tests drive time themselves. */
export interface TimestepHost {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(t: unknown): void;
  setImmediate(fn: () => void): unknown;
}

export const MAX_CATCHUP_STEPS = 5;

const realHost: TimestepHost = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (t) => clearTimeout(t as ReturnType<typeof setTimeout>),
  setImmediate: (fn) => setImmediate(fn),
};

interface Entry {
  stepper: Stepper;
  /** When its next step is due (host.now() ms). */
  due: number;
  /** Order of arming, so that steppers due at the same time keep their order. */
  seq: number;
  active: boolean;
}

const before = (a: Entry, b: Entry) => a.due < b.due || (a.due === b.due && a.seq < b.seq);

/** A binary min-heap of entries by due time. */
class DueHeap {
  private readonly items: Entry[] = [];

  peek(): Entry | undefined {
    return this.items[0];
  }

  push(e: Entry): void {
    const a = this.items;
    let i = a.push(e) - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!before(e, a[p] as Entry)) break;
      a[i] = a[p] as Entry;
      i = p;
    }
    a[i] = e;
  }

  pop(): Entry | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length === 0 || !last) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const r = l + 1;
      const c = r < a.length && before(a[r] as Entry, a[l] as Entry) ? r : l;
      if (!before(a[c] as Entry, last)) break;
      a[i] = a[c] as Entry;
      i = c;
    }
    a[i] = last;
    return top;
  }
}

export class SharedTimestep {
  private readonly stepMs: number;
  private readonly sliceMs: number;
  private readonly host: TimestepHost;
  private readonly onError: (e: unknown, s: Stepper) => void;
  private readonly heap = new DueHeap();
  private seq = 0;
  private timer: unknown;
  private immediate = false;

  constructor(opts: {
    stepMs: number;
    sliceMs?: number;
    host?: TimestepHost;
    onError: (e: unknown, s: Stepper) => void;
  }) {
    this.stepMs = opts.stepMs;
    this.sliceMs = opts.sliceMs ?? 4;
    this.host = opts.host ?? realHost;
    this.onError = opts.onError;
  }

  /** Step `stepper` every stepMs from one step from now, until the handle is stopped. */
  add(stepper: Stepper): TimestepHandle {
    const entry: Entry = { stepper, due: this.host.now() + this.stepMs, seq: this.seq++, active: true };
    this.heap.push(entry);
    this.arm();
    return {
      stop: () => {
        entry.active = false; // dropped when it reaches the front
      },
    };
  }

  /** The earliest active entry; stopped ones in front are dropped. */
  private front(): Entry | undefined {
    for (;;) {
      const e = this.heap.peek();
      if (!e || e.active) return e;
      this.heap.pop();
    }
  }

  private arm(): void {
    if (this.immediate) return;
    if (this.timer !== undefined) this.host.clearTimeout(this.timer);
    this.timer = undefined;
    const next = this.front();
    if (next)
      this.timer = this.host.setTimeout(this.fire, Math.max(0, Math.ceil(next.due - this.host.now())));
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.immediate = false;
    const start = this.host.now();
    let now = start;
    for (;;) {
      const e = this.front();
      if (!e || e.due > now) break;
      this.heap.pop();
      const behind = now - e.due;
      const steps = Math.min(MAX_CATCHUP_STEPS, 1 + Math.floor(behind / this.stepMs));
      try {
        e.stepper.onTimestep(steps);
      } catch (err) {
        this.onError(err, e.stepper);
      }
      e.due += steps * this.stepMs;
      // Still behind after the most catching up allowed: its clock runs slow rather than spiralling.
      if (e.due <= now) e.due = now + this.stepMs;
      e.seq = this.seq++;
      if (e.active) this.heap.push(e);
      now = this.host.now();
      if (now - start >= this.sliceMs) {
        const more = this.front();
        if (more && more.due <= now) {
          // Sockets first, then the rest of what is due.
          this.immediate = true;
          this.host.setImmediate(this.fire);
          return;
        }
        break;
      }
    }
    this.arm();
  };
}
