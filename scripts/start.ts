// `npm start`: serves the game. Until the match server exists, say what works already.
import { existsSync } from "node:fs";

const server = new URL("../server/src/index.ts", import.meta.url);
if (existsSync(server)) {
  await import(server.href);
} else {
  process.stdout.write(
    "TCP Tango: the match server is not built yet.\n" +
      "The engine works: `npm run -s probe -- FILE.json`, `npm test`, `npm run bench:engine`.\n",
  );
}
