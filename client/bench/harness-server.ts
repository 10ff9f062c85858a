// Shared by the client bench and the stage screenshot script: build the stage harness with Vite,
// serve the output on a free loopback port, and launch Debian's Chromium via playwright-core.

import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const CLIENT_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const HARNESS_PATH = "src/stage/harness.html";

/**
 * Builds the client into `outDir`: with client/vite.config.ts when there is one (adding the
 * stage harness as an extra page), else a minimal build of the harness alone.
 */
export async function buildClient(outDir: string): Promise<void> {
  const { build } = await import("vite");
  const configFile = join(CLIENT_DIR, "vite.config.ts");
  const hasConfig = existsSync(configFile);
  const input: Record<string, string> = { harness: join(CLIENT_DIR, HARNESS_PATH) };
  const appHtml = join(CLIENT_DIR, "index.html");
  if (hasConfig && existsSync(appHtml)) input.index = appHtml;
  await build({
    configFile: hasConfig ? configFile : false,
    root: CLIENT_DIR,
    base: "./",
    logLevel: "warn",
    build: {
      outDir,
      emptyOutDir: true,
      reportCompressedSize: false,
      chunkSizeWarningLimit: 4096,
      rolldownOptions: { input },
    },
  });
}

const MIME: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".png": "image/png",
  ".svg": "image/svg+xml",
  ".woff2": "font/woff2",
};

/** A static file server for `root` on 127.0.0.1 and a free port. */
export async function serveStatic(root: string): Promise<{ server: Server; origin: string }> {
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? "/", "http://x");
      const rel = normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, "");
      const file = join(root, rel || "index.html");
      if (!file.startsWith(root) || !(await stat(file)).isFile()) throw new Error("not found");
      res.writeHead(200, { "content-type": MIME[extname(file)] ?? "application/octet-stream" });
      res.end(await readFile(file));
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address() as AddressInfo;
  return { server, origin: `http://127.0.0.1:${port}` };
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Launches Chromium with a fresh profile; `close()` shuts it and removes the profile. */
export async function launchChromium(viewport = { width: 1280, height: 720 }, deviceScaleFactor = 1) {
  const { chromium } = await import("playwright-core");
  const profile = await mkdtemp(join(tmpdir(), "tango-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    deviceScaleFactor,
  });
  return {
    context,
    async close(): Promise<void> {
      await context.close().catch(() => {});
      await rm(profile, { recursive: true, force: true });
    },
  };
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((ok) => {
    server.closeAllConnections();
    server.close(() => ok());
  });
}
