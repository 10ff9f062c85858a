// `npm start`: serves the game (the match server, with the built client when there is one), in a
// node process of its own that has the server's heap settings (server/src/nodeFlags.ts).
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { launcherNodeFlags } from "../server/src/nodeFlags.ts";

const flags = launcherNodeFlags();

const server = spawn(
  process.execPath,
  [...flags, fileURLToPath(new URL("../server/src/index.ts", import.meta.url))],
  { stdio: "inherit" },
);
// Ctrl-C reaches both processes; a kill of this one alone is passed on.
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.on(signal, () => {
    if (server.exitCode === null) server.kill(signal);
  });
server.on("exit", (code, signal) => {
  process.exitCode = code ?? (signal ? 1 : 0);
});
