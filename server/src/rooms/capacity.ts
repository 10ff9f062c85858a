// How many matches one process holds at most: a flood of room creations (a script, a runaway
// client) is refused with a clear error instead of growing the heap until the process dies.

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
export type FullNotice = { msg: string; refused: number; sinceMs?: number } | undefined;

/**
 * Tells the operator that the server is full without a line per refusal (a server at its cap
 * refuses as fast as clients ask): the first refusal after a quiet minute is told at once, and
 * later ones are counted and told with the next refusal a minute or more after that.
 */
export class FullNotices {
  private lastToldAt: number | undefined;
  private untold = 0;
  private readonly everyMs: number;
  constructor(everyMs = 60_000) {
    this.everyMs = everyMs;
  }

  /** A create was refused at `nowMs` (wall clock). */
  refused(nowMs: number): FullNotice {
    this.untold++;
    if (this.lastToldAt !== undefined && nowMs - this.lastToldAt < this.everyMs) return undefined;
    const first = this.lastToldAt === undefined || this.untold === 1;
    const notice: FullNotice = first
      ? { msg: "the server is full: new matches are refused (TANGO_MAX_MATCHES)", refused: this.untold }
      : {
          msg: "the server is full: new matches were refused since the last notice",
          refused: this.untold,
          sinceMs: nowMs - (this.lastToldAt ?? nowMs),
        };
    this.lastToldAt = nowMs;
    this.untold = 0;
    return notice;
  }
}

/** This process's notices. */
export const fullNotices = new FullNotices();
