// Entry point: `npm start` serves the game on PORT (default 2567).
import { makeServer } from "./app.config.ts";
import { log } from "./log.ts";
import { catalogProblem } from "./missions/registry.ts";

const port = Number(process.env.PORT ?? 2567);
const server = makeServer();
await server.listen(port);
if (catalogProblem)
  log.warn({ problem: catalogProblem }, "shared mission catalog not loaded; sandbox mission only");
log.info({ port }, `TCP Tango listening on http://localhost:${port}`);
