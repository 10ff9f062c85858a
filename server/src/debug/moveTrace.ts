// Benchmarks only (TANGO_BENCH=1): when each move reached the match room's handler and when the
// handler returned, in µs of the machine's monotonic clock (process.hrtime), which the bench's
// clients read too. Colyseus writes a request's reply as soon as its handler returns (in the same
// turn), so a slow round trip splits into the way to the handler (the server's loop, busy or
// paused), the handler itself, and the way back (the clients' loop: the load generator's share).

/** [client session, decision id, reached the handler, handler returned] (µs, monotonic). */
export type MoveTraceEntry = [sessionId: string, decisionId: number, reachedUs: number, returnedUs: number];

/** The machine's monotonic clock in µs: the same in every process on the machine. */
export const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);

/** At most this many entries are kept between two take()s (a 30 s window at 4,000 players: ~40,000). */
export const MAX_TRACED = 500_000;

export class MoveTrace {
  private entries: MoveTraceEntry[] = [];

  /** `handler`, recording when each call began and returned (the payload's `decisionId`, or -1). */
  wrap<C extends { sessionId: string }, X, R>(
    handler: (client: C, payload: unknown, ctx: X) => R,
  ): (client: C, payload: unknown, ctx: X) => R {
    return (client, payload, ctx) => {
      const reachedUs = monotonicUs();
      try {
        return handler(client, payload, ctx);
      } finally {
        if (this.entries.length < MAX_TRACED) {
          const id = (payload as { decisionId?: unknown } | null)?.decisionId;
          this.entries.push([client.sessionId, typeof id === "number" ? id : -1, reachedUs, monotonicUs()]);
        }
      }
    };
  }

  /** What was recorded since the last take(), and forget it. */
  take(): MoveTraceEntry[] {
    const out = this.entries;
    this.entries = [];
    return out;
  }
}

/** The match rooms' trace, on under TANGO_BENCH=1 only. */
export const moveTrace: MoveTrace | undefined = process.env.TANGO_BENCH === "1" ? new MoveTrace() : undefined;

/** A move as the bench's client saw it: [session, decision id, sent, reply read] (µs, monotonic). */
export type MoveSeen = [sessionId: string, decisionId: number, sentUs: number, readUs: number];

/** One move's round trip in three legs, µs. */
export interface MoveLegs {
  /** From the client's send to the server's handler. */
  toServer: number;
  /** In the handler (the reply is written as it returns). */
  handler: number;
  /** From the handler's return to the client reading the reply. */
  back: number;
}

/**
 * Each seen move with the server's record of it: the same session and decision id, inside the
 * round trip (decision ids start again with each match of a room). Moves with no record are left out.
 */
export function joinLegs(seen: readonly MoveSeen[], traced: readonly MoveTraceEntry[]): MoveLegs[] {
  const byKey = new Map<string, MoveTraceEntry[]>();
  for (const t of traced) {
    const k = `${t[0]}:${t[1]}`;
    const list = byKey.get(k);
    if (list) list.push(t);
    else byKey.set(k, [t]);
  }
  const out: MoveLegs[] = [];
  for (const [sid, id, sent, read] of seen) {
    const t = byKey.get(`${sid}:${id}`)?.find((e) => e[2] >= sent && e[3] <= read);
    if (t) out.push({ toServer: t[2] - sent, handler: t[3] - t[2], back: read - t[3] });
  }
  return out;
}
