// A per-address limit on creating matches (POST /matchmake/create/… and joinOrCreate): each create
// holds a place of the match cap (rooms/capacity.ts) for 30 s even if nobody joins, so one script
// creating in a loop could keep every player out. Joins and reconnections make no room and are
// not limited here (a classroom's network blip reconnects everyone at once). Colyseus answers
// matchmaking in an HTTP listener of its own, ahead of Express: the limit wraps the listeners.

import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { matchMaker } from "@colyseus/core";
import { RATE_LIMITED_CODE } from "@tcp-tango/shared/protocol/refusals.ts";
import { type RateLimit, tokenBuckets } from "./rateLimit.ts";

/** A class of 60 behind one address creating at once, then one a second. */
const CLASSROOM: RateLimit = { burst: 60, perSecond: 1 };

/** TANGO_MATCHMAKE_LIMIT="<burst>,<per second>" (bench:server raises it), else CLASSROOM. */
export function matchmakeLimitFrom(raw: string | undefined): RateLimit {
  const m = /^\s*(\d+)\s*,\s*(\d+(?:\.\d+)?)\s*$/.exec(raw ?? "");
  const burst = Number(m?.[1]);
  const perSecond = Number(m?.[2]);
  return m && burst >= 1 && perSecond > 0 ? { burst, perSecond } : CLASSROOM;
}

/** The matchmaking methods that may create a room. */
const CREATES = /^\/matchmake\/(create|joinOrCreate)\//;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * Puts `limit` per client address (`addressOf`) in front of the requests that create a match:
 * over it, 429 with `Retry-After` and the body Colyseus gives its own errors, so the SDK throws a
 * MatchMakeError of code 429. Call once the routes are bound (after `listen`).
 */
export function limitMatchmaking(
  server: Server,
  addressOf: (req: IncomingMessage) => string,
  limit: RateLimit = matchmakeLimitFrom(process.env.TANGO_MATCHMAKE_LIMIT),
  clock: () => number = Date.now,
): void {
  const buckets = tokenBuckets(limit);
  const listeners = server.listeners("request") as Listener[];
  server.removeAllListeners("request");
  server.on("request", (req: IncomingMessage, res: ServerResponse) => {
    if (req.method === "POST" && CREATES.test(req.url ?? "")) {
      const wait = buckets.take(addressOf(req), clock());
      if (wait > 0) {
        const body = JSON.stringify({
          code: RATE_LIMITED_CODE,
          error: `too many matches created from this address; try again in ${wait} s`,
        });
        const cors = {
          ...matchMaker.controller.DEFAULT_CORS_HEADERS,
          ...matchMaker.controller.getCorsHeaders(new Headers(req.headers as Record<string, string>)),
        };
        res.writeHead(RATE_LIMITED_CODE, {
          ...cors,
          "content-type": "application/json",
          "retry-after": String(wait),
        });
        res.end(body);
        return;
      }
    }
    for (const listener of listeners) listener.call(server, req, res);
  });
}
