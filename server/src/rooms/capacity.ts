// How many matches one process holds at most: a flood of room creations (a script, a runaway
// client) is refused with a clear error instead of growing the heap until the process dies.

import { LineThrottle } from "../logThrottle.ts";

/** TANGO_MAX_MATCHES, else 5,000: 2.5 times the 2,000 matches of bench:server's 4,000 players. */
export const MAX_MATCHES = limitFrom(process.env.TANGO_MAX_MATCHES) ?? 5000;

function limitFrom(raw: string | undefined): number | undefined {
  const n = Number(raw);
  return raw !== undefined && raw !== "" && Number.isInteger(n) && n > 0 ? n : undefined;
}

/** The matches (by room id) this process holds now. */
export class MatchCapacity {
  private readonly open = new Set<string>();
  readonly max: number;
  /** Creates refused because every place was taken, since the process started. */
  refused = 0;
  constructor(max: number = MAX_MATCHES) {
    this.max = max;
  }

  /** Take a place for `roomId`: false when every place is taken (the room must not be created). */
  admit(roomId: string): boolean {
    if (this.open.has(roomId)) return true;
    if (this.open.size >= this.max) {
      this.refused++;
      return false;
    }
    this.open.add(roomId);
    return true;
  }

  /** Give `roomId`'s place back (its room is disposed; a room never admitted changes nothing). */
  release(roomId: string): void {
    this.open.delete(roomId);
  }

  get size(): number {
    return this.open.size;
  }
}

/** This process's matches. */
export const matchCapacity = new MatchCapacity();

/** What the operator's log says about refused creates: one line, or nothing this time. */
export type FullNotice = { msg: string; refused: number } | undefined;

/**
 * Tells the operator that the server is full without a line per refusal (a server at its cap
 * refuses as fast as clients ask): one line a minute at most, with the refusals since the last.
 */
export class FullNotices {
  private readonly throttle: LineThrottle;
  constructor(everyMs = 60_000) {
    this.throttle = new LineThrottle(1, everyMs);
  }

  /** A create was refused at `nowMs` (wall clock). */
  refused(nowMs: number): FullNotice {
    const v = this.throttle.take(nowMs);
    if (!v.write) return undefined;
    return v.dropped === 0
      ? { msg: "the server is full: new matches are refused (TANGO_MAX_MATCHES)", refused: 1 }
      : { msg: "the server is full: new matches were refused since the last notice", refused: v.dropped + 1 };
  }
}

/** This process's notices. */
export const fullNotices = new FullNotices();
