// Entry point: `npm start` serves the game on PORT (default 2567).
import pm2 from "@pm2/io";
import { listen, makeServer } from "./app.config.ts";
import { log } from "./log.ts";

const port = Number(process.env.PORT ?? 2567);
const server = makeServer();
await listen(server, port);
// @colyseus/core starts pm2's monitoring agent for its metrics. This server does not run under
// pm2, and the agent lists every open socket each second (process._getActiveHandles()): with
// thousands of players, a measurable share of the CPU and a stall each time.
pm2.destroy();
log.info({ port }, `TCP Tango listening on http://localhost:${port}`);
