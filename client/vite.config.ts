// Vite builds the browser client into client/dist (served by the game server), and in
// `npm run dev` serves it with hot reload, proxying the game server (PORT 2567 by default).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const server = `http://localhost:${process.env.TANGO_SERVER_PORT ?? 2567}`;

export default defineConfig({
  root: fileURLToPath(new URL(".", import.meta.url)),
  base: "/",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    // Phaser is ~1.2 MB raw (its own chunk, loaded on the way to a match only).
    chunkSizeWarningLimit: 1600,
    rolldownOptions: {
      checks: { bundlerTimings: false },
      output: {
        codeSplitting: {
          groups: [
            { name: "phaser", test: /[\\/]node_modules[\\/]phaser[\\/]/ },
            { name: "colyseus", test: /[\\/]node_modules[\\/]@colyseus[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    port: Number(process.env.TANGO_DEV_PORT ?? 5173),
    proxy: {
      "/api": server,
      "/healthz": server,
      // The SDK is pointed at /colyseus in dev (client/src/app/session.ts): matchmaking and the
      // room WebSocket both go through here to the game server.
      "/colyseus": { target: server, ws: true, rewrite: (path) => path.replace(/^\/colyseus/, "") },
    },
  },
  preview: { port: 4173 },
});
