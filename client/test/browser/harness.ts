// Browser tests: the real server on a free loopback port, the built client, Debian's Chromium
// driven by playwright-core. A failing test saves a screenshot to test-results/.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestContext } from "node:test";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const root = new URL("../../../", import.meta.url).pathname;
export const CHROMIUM = "/usr/bin/chromium";
const ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const address = s.address();
      const port = typeof address === "object" && address ? address.port : 0;
      s.close(() => resolve(port));
    });
  });
}

export interface GameServer {
  url: string;
  stop(): Promise<void>;
}

/** Start the match server as its own process, serving client/dist. */
export async function startServer(): Promise<GameServer> {
  if (!existsSync(join(root, "client/dist/index.html")))
    throw new Error("client/dist is missing: run `npm run build:client` (npm install does it)");
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [join(root, "server/src/index.ts")], {
    cwd: root,
    env: { ...process.env, PORT: String(port), NODE_ENV: "test" },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      const r = await fetch(`${url}/healthz`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export interface Browser {
  context: BrowserContext;
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

/** A fresh Chromium profile per browser, as two students on two laptops. */
export async function launch(opts: { locale?: string } = {}): Promise<Browser> {
  const dir = mkdtempSync(join(tmpdir(), "tango-chromium-"));
  const context = await chromium.launchPersistentContext(dir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    locale: opts.locale ?? "en-US",
  });
  return {
    context,
    newPage: async () => context.pages()[0] ?? (await context.newPage()),
    close: async () => {
      await context.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Save a screenshot of every open page when the test failed. */
export async function screenshotOnFailure(t: TestContext, pages: Page[], failed: boolean): Promise<void> {
  if (!failed) return;
  const dir = join(root, "test-results");
  mkdirSync(dir, { recursive: true });
  for (const [i, page] of pages.entries()) {
    const name = `${t.name.replace(/[^a-z0-9]+/gi, "-").slice(0, 60)}-${i}.png`;
    await page.screenshot({ path: join(dir, name), fullPage: true }).catch(() => undefined);
    process.stdout.write(`screenshot saved: test-results/${name}\n`);
  }
}
