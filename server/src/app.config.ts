// The server definition: Colyseus rooms and Express 5 routes on one port.

import { existsSync } from "node:fs";
import type { IncomingMessage } from "node:http";
import { fileURLToPath } from "node:url";
import { writeHeapSnapshot } from "node:v8";
import { defineRoom, defineServer, matchMaker } from "@colyseus/core";
import express from "express";
import proxyAddr from "proxy-addr";
import { allocationSampling } from "./debug/allocations.ts";
import { FloorRoom } from "./debug/FloorRoom.ts";
import { watchLoop } from "./debug/loopStats.ts";
import { moveTrace } from "./debug/moveTrace.ts";
import { limitMatchmaking } from "./http/matchmakeLimit.ts";
import { CODE_LOOKUPS, LOG_READS, rateLimited } from "./http/rateLimit.ts";
import { trustProxySetting } from "./http/trustProxy.ts";
import { log } from "./log.ts";
import { colyseusLogger } from "./logThrottle.ts";
import { IndexedLocalDriver } from "./matchmaking/IndexedLocalDriver.ts";
import { offeredMissionIds } from "./missions/registry.ts";
import { matchCapacity } from "./rooms/capacity.ts";
import { MatchRoom } from "./rooms/MatchRoom.ts";
import { matchRecord, roomForCode } from "./store.ts";
import { StaggeredPingTransport } from "./transport/StaggeredPingTransport.ts";

const clientDist = fileURLToPath(new URL("../../client/dist", import.meta.url));

/** The client's address of a request: the socket's peer, or what trusted proxies forward. */
let clientAddress = (req: IncomingMessage): string => req.socket.remoteAddress ?? "";

export function makeServer() {
  return defineServer({
    transport: new StaggeredPingTransport(),
    greet: false,
    driver: new IndexedLocalDriver(),
    logger: colyseusLogger(log),
    rooms: {
      match: defineRoom(MatchRoom),
      // Benchmarks only: Colyseus's own cost per player (see FloorRoom).
      ...(process.env.TANGO_BENCH === "1" ? { floor: defineRoom(FloorRoom) } : {}),
    },
    express: (app) => {
      const trustProxy = trustProxySetting(process.env.TANGO_TRUST_PROXY);
      if (trustProxy !== undefined) app.set("trust proxy", trustProxy);
      // Express's own reading of the setting, for the requests Colyseus answers before Express.
      const trust = app.get("trust proxy fn") as Parameters<typeof proxyAddr>[1];
      clientAddress = (req) => proxyAddr(req, trust);
      // For a load balancer and an operator: the process answers, and how full it is.
      app.get("/healthz", (_req, res) => {
        res.json({
          ok: true,
          matches: matchCapacity.size,
          maxMatches: matchCapacity.max,
          full: matchCapacity.size >= matchCapacity.max,
          refusedMatches: matchCapacity.refused,
          players: matchMaker.stats.local.ccu,
        });
      });
      if (process.env.TANGO_BENCH === "1") {
        // Benchmarks only (npm run bench:server): the heap in use, for bytes per connected player.
        // With `?gc=1` and node --expose-gc, garbage is collected first (live heap only).
        app.get("/debug/heap", (req, res) => {
          const gc = (globalThis as { gc?: () => void }).gc;
          if (req.query.gc === "1" && gc) gc();
          const m = process.memoryUsage();
          res.json({
            rooms: matchMaker.stats.local.roomCount,
            ccu: matchMaker.stats.local.ccu,
            heapUsed: m.heapUsed,
            external: m.external,
            rss: m.rss,
            gc: req.query.gc === "1" && !!gc,
          });
        });
        // Event-loop delay and GC pauses since the last `?reset=1`.
        const loop = watchLoop();
        app.get("/debug/loop", (req, res) => {
          const stats = loop.read();
          if (req.query.reset === "1") loop.reset();
          res.json(stats);
        });
        // Allocation sampling, garbage included (what makes the scavenges): start, then stop to
        // write a .heapprofile in the working directory; replies with its file name.
        // `start?survivors=1` leaves out what died young: what the scavenges copy and promote.
        app.get("/debug/allocations/:action", async (req, res) => {
          const action = req.params.action === "start" ? "start" : "stop";
          res.json(await allocationSampling(action, { survivors: req.query.survivors === "1" }));
        });
        // When each move reached the match room's handler and left it since the last call
        // (debug/moveTrace.ts): the bench splits its round trips with them.
        app.get("/debug/moves", (_req, res) => {
          res.json(moveTrace?.take() ?? []);
        });
        // A heap snapshot in the working directory; replies with its file name.
        app.get("/debug/heapsnapshot", (_req, res) => {
          res.json({ file: writeHeapSnapshot() });
        });
      }
      app.get("/api/missions", (_req, res) => {
        res.json({ missions: offeredMissionIds() });
      });
      app.get("/api/rooms/by-code/:code", rateLimited(CODE_LOOKUPS, "join code lookups"), (req, res) => {
        const code = String(req.params.code ?? "").toUpperCase();
        if (!/^[A-Z0-9]{6}$/.test(code)) {
          res.status(400).json({ error: "invalid_code", message: "a join code is 6 letters or digits" });
          return;
        }
        const roomId = roomForCode(code);
        if (!roomId) {
          res.status(404).json({ error: "unknown_code", message: `no open match has the join code ${code}` });
          return;
        }
        res.json({ roomId });
      });
      app.get("/api/matches/:matchId/log", rateLimited(LOG_READS, "match log reads"), (req, res) => {
        const rec = matchRecord(String(req.params.matchId));
        if (!rec) {
          res
            .status(404)
            .json({ error: "unknown_match", message: `no match ${req.params.matchId} on this server` });
          return;
        }
        res.json(rec);
      });
      if (existsSync(clientDist)) {
        app.use(express.static(clientDist));
      } else {
        app.get("/", (_req, res) => {
          res
            .type("html")
            .send(
              "<!doctype html><meta charset=utf-8><title>TCP Tango</title><h1>TCP Tango</h1>" +
                "<p>The match server is running, but the client is not built yet (client/dist is missing).</p>",
            );
        });
      }
    },
  });
}

/** Serve `server` on `port`, with the matchmaking requests limited per address (once bound). */
export async function listen(server: ReturnType<typeof makeServer>, port: number): Promise<void> {
  await server.listen(port);
  const http = server.transport.server;
  if (http) limitMatchmaking(http, (req) => clientAddress(req));
}
