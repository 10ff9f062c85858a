// `npm install` (postinstall) and `npm run build:client`: build the browser client into
// client/dist, which `npm start` serves. Skipped with a note when Vite is not installed
// (e.g. `npm install --omit=dev`).
let vite: typeof import("vite");
try {
  vite = await import("vite");
} catch {
  process.stderr.write(
    "TCP Tango: vite is not installed, so the browser client was not built (client/dist).\n",
  );
  process.exit(0);
}
const root = new URL("../client", import.meta.url).pathname;
await vite.build({
  root,
  configFile: `${root}/vite.config.ts`,
  logLevel: process.argv.includes("--quiet") ? "warn" : "info",
});
