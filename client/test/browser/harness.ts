// Browser tests: the real server on a free loopback port, the built client, Debian's Chromium
// driven by playwright-core. A failing test saves a screenshot to test-results/.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, type TestContext } from "node:test";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { freePort } from "../../../scripts/free-port.ts";
import { CHROMIUM_ARGS } from "../../bench/harness-server.ts";

const root = new URL("../../../", import.meta.url).pathname;
export const CHROMIUM = "/usr/bin/chromium";

export interface GameServer {
  url: string;
  stop(): Promise<void>;
}

/** Start the match server as its own process, serving client/dist (on `port`, else a free one). */
export async function startServer(opts: { port?: number } = {}): Promise<GameServer> {
  if (!existsSync(join(root, "client/dist/index.html")))
    throw new Error("client/dist is missing: run `npm run build:client` (npm install does it)");
  const port = opts.port ?? (await freePort());
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
    args: [...CHROMIUM_ARGS, "--disable-quic"],
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

/**
 * For a describe block: the game server, started before its tests and stopped after them, and
 * browsers (one fresh profile each) closed after them.
 */
export function serverAndBrowsers(): {
  readonly url: string;
  browser(locale?: string): Promise<{ b: Browser; page: Page }>;
} {
  let server: GameServer | undefined;
  const browsers: Browser[] = [];
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    for (const b of browsers) await b.close().catch(() => undefined);
    await server?.stop();
  });
  return {
    get url() {
      if (!server) throw new Error("the server starts before the tests");
      return server.url;
    },
    async browser(locale = "en-US") {
      const b = await launch({ locale });
      browsers.push(b);
      return { b, page: await b.newPage() };
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

/** What the app's test hook (`window.__tango.state()`) reports. */
export interface TangoState {
  screen: string | null;
  locale: string;
  phase: string | null;
  role: string | null;
  decisionId: number | null;
  candidates?: number;
  score: number;
  roomId?: string;
  result?: string;
  missionId?: string;
  guessState?: boolean;
  connection?: string;
  joinCode?: string;
  feedback?: { correct: boolean } | null;
  appPanel?: boolean;
  canCall?: boolean;
  /** The error that stopped the match screen from starting (in the page's language), or null. */
  error?: string | null;
  /** The stage's camera, once the stage is drawn. */
  camera?: { zoom: number; view: string; moving: boolean } | null;
  /** The result screen's replay: the step shown (from 0), how many, and whether it plays. */
  replayStep?: number;
  replaySteps?: number;
  replayPlaying?: boolean;
}

export const st = (page: Page): Promise<TangoState> =>
  page.evaluate(() => window.__tango?.state() as unknown as TangoState);

export async function waitFor(
  page: Page,
  pred: (s: TangoState) => boolean,
  what: string,
  ms = 20_000,
): Promise<TangoState> {
  const t0 = Date.now();
  for (;;) {
    const s = await st(page);
    if (pred(s)) return s;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(s)}`);
    await page.waitForTimeout(100);
  }
}

/** Answer the pending decision in pick difficulty by keyboard: try candidates 1..n until one is right. */
export async function answerByKeyboard(page: Page, s: TangoState): Promise<void> {
  const n = s.candidates ?? 4;
  let score = s.score;
  for (let k = 1; k <= n; k++) {
    await page.keyboard.press(String(k));
    await page.keyboard.press("Enter");
    // Every judged move changes the score (+10, +5 after a retry, -3 when wrong).
    const after = await waitFor(
      page,
      (x) => x.decisionId !== s.decisionId || x.score !== score || x.phase === "finished",
      "a judged move",
    );
    score = after.score;
    if (after.decisionId !== s.decisionId || after.feedback?.correct || after.phase === "finished") return;
  }
  throw new Error("no candidate was accepted");
}
