// `npm run dev`: the game server (restarted when its code changes) and the Vite dev server with
// hot reload, which proxies /api and the game's WebSocket to it. Open the URL Vite prints.
// Only the client dev server: `npm run dev:client` (then run `npm start` in another terminal).
import { spawn } from "node:child_process";
import { launcherNodeFlags } from "../server/src/nodeFlags.ts";

const flags = launcherNodeFlags();

const port = process.env.PORT ?? "2567";
const root = new URL("..", import.meta.url).pathname;
const children = [
  spawn(
    process.execPath,
    [...flags, "--watch-path=server/src", "--watch-path=shared/src", "server/src/index.ts"],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, PORT: port },
    },
  ),
  spawn(process.execPath, [`${root}node_modules/vite/bin/vite.js`, "client"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, TANGO_SERVER_PORT: port },
  }),
];
const stop = () => {
  for (const c of children) c.kill("SIGTERM");
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
for (const c of children)
  c.on("exit", (code) => {
    stop();
    process.exitCode = code ?? 0;
  });
