// A discrete-event scheduler in virtual time (milliseconds). Nothing here reads a clock or
// sets a timer: time only moves when an event is popped or runUntil is called.
//
// Events come out ordered by time; events at the same time come out in the order they were
// scheduled (FIFO), so a run is fully determined by the sequence of calls. The queue is a
// binary min-heap on (time, insertion number); cancellation is lazy (a cancelled entry stays
// in the heap and is skipped when it reaches the top; the heap is compacted when more than
// half of it is dead).

export type EventId = number;

export interface ScheduledEvent<E> {
  at: number;
  id: EventId;
  event: E;
}

interface Entry<E> {
  at: number;
  /** Insertion number: breaks ties between equal times (FIFO). Ids are used as-is. */
  id: EventId;
  event: E;
}

function before<E>(x: Entry<E>, y: Entry<E>): boolean {
  return x.at < y.at || (x.at === y.at && x.id < y.id);
}

export class Scheduler<E> {
  #now: number;
  #heap: Entry<E>[] = [];
  /** Ids of events scheduled and neither fired nor cancelled. */
  #live = new Set<EventId>();
  #nextId: EventId = 1;

  constructor(start = 0) {
    if (!Number.isFinite(start))
      throw new RangeError(`the scheduler must start at a finite time, got ${start}`);
    this.#now = start;
  }

  /** Current virtual time. */
  get now(): number {
    return this.#now;
  }

  /** Number of pending (not fired, not cancelled) events. */
  get size(): number {
    return this.#live.size;
  }

  /** Schedules `event` at absolute time `at` (>= now) and returns its id. */
  schedule(at: number, event: E): EventId {
    if (typeof at !== "number" || !Number.isFinite(at))
      throw new RangeError(`an event time must be a finite number, got ${String(at)}`);
    if (at < this.#now) throw new RangeError("Unable to travel back in time");
    const id = this.#nextId++;
    this.#live.add(id);
    this.#push({ at, id, event });
    return id;
  }

  /** Schedules `event` `delay` ms from now (delay >= 0). */
  scheduleIn(delay: number, event: E): EventId {
    return this.schedule(this.#now + delay, event);
  }

  /** Cancels a pending event. False when it already fired, was cancelled, or never existed. */
  cancel(id: EventId): boolean {
    if (!this.#live.delete(id)) return false;
    const dead = this.#heap.length - this.#live.size;
    if (dead > 32 && dead > this.#heap.length / 2) this.#compact();
    return true;
  }

  /** Time of the next pending event, without removing it. */
  peekTime(): number | undefined {
    return this.#top()?.at;
  }

  /** Removes the next pending event and advances `now` to its time. */
  pop(): ScheduledEvent<E> | undefined {
    const top = this.#top();
    if (!top) return undefined;
    this.#removeTop();
    this.#live.delete(top.id);
    this.#now = top.at;
    return { at: top.at, id: top.id, event: top.event };
  }

  /**
   * Fires, in order, every event with at <= t (including ones the handler schedules on the
   * way), with `now` set to each event's time; then sets now = t. Returns how many fired.
   */
  runUntil(t: number, handler: (event: E, at: number, id: EventId) => void): number {
    if (typeof t !== "number" || Number.isNaN(t))
      throw new RangeError(`runUntil needs a time, got ${String(t)}`);
    if (t < this.#now) throw new RangeError("Unable to travel back in time");
    let fired = 0;
    for (;;) {
      const top = this.#top();
      if (!top || top.at > t) break;
      const next = this.pop() as ScheduledEvent<E>;
      fired++;
      handler(next.event, next.at, next.id);
    }
    // A handler may not move time past t (pop is the only way and it stops at t), so this is
    // never a step backwards. Infinity is allowed as "run everything" and leaves now alone.
    if (Number.isFinite(t)) this.#now = t;
    return fired;
  }

  /** The earliest live entry, discarding cancelled ones on the way. */
  #top(): Entry<E> | undefined {
    for (;;) {
      const top = this.#heap[0];
      if (!top || this.#live.has(top.id)) return top;
      this.#removeTop();
    }
  }

  #push(entry: Entry<E>): void {
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent] as Entry<E>;
      if (!before(entry, p)) break;
      heap[i] = p;
      i = parent;
    }
    heap[i] = entry;
  }

  #removeTop(): void {
    const heap = this.#heap;
    const last = heap.pop();
    if (last === undefined || heap.length === 0) return;
    heap[0] = last;
    this.#siftDown(0);
  }

  #siftDown(start: number): void {
    const heap = this.#heap;
    const n = heap.length;
    const entry = heap[start] as Entry<E>;
    let i = start;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      let child = l;
      if (r < n && before(heap[r] as Entry<E>, heap[l] as Entry<E>)) child = r;
      const c = heap[child] as Entry<E>;
      if (!before(c, entry)) break;
      heap[i] = c;
      i = child;
    }
    heap[i] = entry;
  }

  /** Drops cancelled entries and rebuilds the heap (ordering is total, so nothing changes). */
  #compact(): void {
    this.#heap = this.#heap.filter((e) => this.#live.has(e.id));
    for (let i = (this.#heap.length >> 1) - 1; i >= 0; i--) this.#siftDown(i);
  }
}
