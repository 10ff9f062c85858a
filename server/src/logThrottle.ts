// Log lines that a client can cause at will (a refused create, a frame Colyseus cannot read) are
// throttled, so that nobody can fill the operator's log or disk: the first few in a window are
// written, the rest are counted and the count is written with the next line after the window.

import type { Logger } from "pino";

/** What to do with one line: write it (telling how many were dropped before it), or drop it. */
export type Verdict = { write: true; dropped: number } | { write: false };

export class LineThrottle {
  private windowEndsAt = Number.NEGATIVE_INFINITY;
  private written = 0;
  private dropped = 0;
  private readonly perWindow: number;
  private readonly windowMs: number;
  constructor(perWindow: number, windowMs = 60_000) {
    this.perWindow = perWindow;
    this.windowMs = windowMs;
  }

  /** A line at `nowMs` (wall clock). */
  take(nowMs: number): Verdict {
    if (nowMs >= this.windowEndsAt) {
      const dropped = this.dropped;
      this.windowEndsAt = nowMs + this.windowMs;
      this.written = 1;
      this.dropped = 0;
      return { write: true, dropped };
    }
    if (this.written < this.perWindow) {
      this.written++;
      return { write: true, dropped: 0 };
    }
    this.dropped++;
    return { write: false };
  }
}

/** Colyseus's own error lines a minute, at most (each is a stack trace). */
export const COLYSEUS_ERRORS_PER_MINUTE = 20;

/**
 * The logger Colyseus writes to: `log`, with Colyseus's error lines throttled. Colyseus logs a
 * stack trace for each frame it cannot read and each socket error (a message over the size
 * limit), which any client can send again and again, reconnecting each time.
 */
export function colyseusLogger(
  log: Logger,
  throttle = new LineThrottle(COLYSEUS_ERRORS_PER_MINUTE),
  now: () => number = Date.now,
): Pick<Logger, "debug" | "info" | "trace" | "warn" | "error"> {
  return {
    debug: log.debug.bind(log),
    info: log.info.bind(log),
    trace: log.trace.bind(log),
    warn: log.warn.bind(log),
    error: ((...args: Parameters<Logger["error"]>) => {
      const v = throttle.take(now());
      if (!v.write) return;
      if (v.dropped > 0)
        log.warn({ dropped: v.dropped }, "more of Colyseus's errors came and were not logged");
      log.error(...args);
    }) as Logger["error"],
  };
}
