// A per-address token bucket for the HTTP API: guessing join codes or replaying match logs in a
// loop gets 429 and a Retry-After, while a classroom behind one address (one NAT) still gets
// through: the buckets are sized for a class arriving at once.

import type { RequestHandler } from "express";

export interface RateLimit {
  /** Requests an address may make at once (the bucket's size). */
  burst: number;
  /** Requests per second given back to each address. */
  perSecond: number;
}

/** GET /api/rooms/by-code: a class of 60 may join within a few seconds; a guesser gets 2 a second. */
export const CODE_LOOKUPS: RateLimit = { burst: 60, perSecond: 2 };
/** GET /api/matches/:id/log: each replays a match (under half a millisecond; see store.ts). */
export const LOG_READS: RateLimit = { burst: 60, perSecond: 5 };

/** Addresses remembered at most; past that, buckets that are full again are forgotten first. */
const MAX_ADDRESSES = 10_000;

interface Bucket {
  tokens: number;
  /** ms of the last refill. */
  at: number;
}

export interface TokenBuckets {
  /** Take one token for `key` at `now` (ms): 0 if granted, else the whole seconds until one is back. */
  take(key: string, now: number): number;
  /** Addresses remembered now. */
  readonly size: number;
}

export function tokenBuckets(limit: RateLimit, maxKeys = MAX_ADDRESSES): TokenBuckets {
  const buckets = new Map<string, Bucket>();
  const refill = (b: Bucket, now: number) => {
    b.tokens = Math.min(limit.burst, b.tokens + ((now - b.at) / 1000) * limit.perSecond);
    b.at = now;
  };
  const forget = (now: number) => {
    for (const [key, b] of buckets) {
      refill(b, now);
      if (b.tokens >= limit.burst) buckets.delete(key);
    }
    // Still too many (a flood from many addresses): the oldest first, Map order, down to 90 %
    // so that the next sweep is some way off.
    const keep = Math.floor(maxKeys * 0.9);
    for (const key of buckets.keys()) {
      if (buckets.size <= keep) break;
      buckets.delete(key);
    }
  };
  return {
    take(key, now) {
      let b = buckets.get(key);
      if (!b) {
        if (buckets.size >= maxKeys) forget(now);
        b = { tokens: limit.burst, at: now };
        buckets.set(key, b);
      }
      refill(b, now);
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - b.tokens) / limit.perSecond));
    },
    get size() {
      return buckets.size;
    },
  };
}

/**
 * Express middleware: `limit` per client address (`req.ip`: the socket's peer unless Express is
 * told to trust a proxy). Over it: 429, `Retry-After`, and `{ error: "rate_limited", message,
 * retryAfter }` like the API's other errors.
 */
export function rateLimited(limit: RateLimit, what: string, clock: () => number = Date.now): RequestHandler {
  const buckets = tokenBuckets(limit);
  return (req, res, next) => {
    const wait = buckets.take(req.ip ?? req.socket.remoteAddress ?? "", clock());
    if (wait === 0) return next();
    res
      .status(429)
      .set("Retry-After", String(wait))
      .json({
        error: "rate_limited",
        message: `too many ${what} from this address; try again in ${wait} s`,
        retryAfter: wait,
      });
  };
}
