// npm run bench:client — builds the client with Vite, serves it on loopback, opens the stage
// harness in Debian's Chromium (playwright-core) and measures frames per second with (a) an empty
// model and (b) 200 segments always in flight, plus the gzip size of the built JavaScript.
// Bounded: every step has a deadline; it closes the browser and the server and exits by itself.
// Last line: `ratio: X` = fps with 200 flights / fps empty (goal ≥ 0.95).

import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { buildClient, closeServer, HARNESS_PATH, launchChromium, serveStatic } from "./harness-server.ts";

const MEASURE_MS = 5000;
const DEADLINE_MS = 180_000;

interface Result {
  fps: number;
  frames: number;
  worstMs: number;
}

const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;

async function jsSizes(dist: string): Promise<void> {
  const dir = join(dist, "assets");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".js"));
  let total = 0;
  let largest = { name: "", gz: 0 };
  let phaser = { name: "(not found)", gz: 0 };
  for (const f of files) {
    const src = await readFile(join(dir, f));
    const gz = gzipSync(src, { level: 9 }).length;
    total += gz;
    if (gz > largest.gz) largest = { name: f, gz };
    // Phaser's chunk carries its version banner and its renderer names.
    const text = src.toString("utf8");
    if (/Phaser v|phaser\.io|"4\.2\.\d+"/.test(text) && gz > phaser.gz) phaser = { name: f, gz };
    console.log(`js gzip ${f}: ${kb(gz)} (raw ${kb(src.length)})`);
  }
  console.log(`js gzip total (${files.length} files): ${kb(total)}`);
  console.log(`js gzip largest chunk: ${largest.name} ${kb(largest.gz)}`);
  console.log(`js gzip phaser chunk: ${phaser.name} ${kb(phaser.gz)}`);
}

async function main(): Promise<void> {
  const dist = await mkdtemp(join(tmpdir(), "tango-client-bench-"));
  const t0 = Date.now();
  await buildClient(dist);
  console.log(`vite build: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  await jsSizes(dist);

  const { server, origin } = await serveStatic(dist);
  const browser = await launchChromium({ width: 1280, height: 720 });
  try {
    const page = await browser.context.newPage();
    page.on("pageerror", (e) => console.log(`page error: ${e.message}`));
    await page.goto(`${origin}/${HARNESS_PATH}?bench=1`, { timeout: 30_000 });
    await page.waitForFunction(() => "__bench" in window, undefined, { timeout: 30_000 });
    const renderer = await page.evaluate(() => {
      const c = document.querySelector("canvas");
      if (!c) return "none";
      return c.getContext("webgl2") || c.getContext("webgl") ? "webgl" : "canvas";
    });
    const run = (kind: "empty" | "busy"): Promise<Result> =>
      page.evaluate(
        ([k, ms]) =>
          (
            window as unknown as {
              __bench: { run(k: string, ms: number): Promise<Result> };
            }
          ).__bench.run(k, ms),
        [kind, MEASURE_MS] as const,
      );
    const empty = await run("empty");
    const busy = await run("busy");
    console.log(`renderer: ${renderer}`);
    console.log(
      `fps empty: ${empty.fps.toFixed(1)} (${empty.frames} frames, worst frame ${empty.worstMs.toFixed(1)} ms)`,
    );
    console.log(
      `fps 200 flights: ${busy.fps.toFixed(1)} (${busy.frames} frames, worst frame ${busy.worstMs.toFixed(1)} ms)`,
    );
    console.log(`ratio: ${(busy.fps / empty.fps).toFixed(2)}`);
  } finally {
    await browser.close();
    await closeServer(server);
    await rm(dist, { recursive: true, force: true });
  }
}

const deadline = setTimeout(() => {
  console.error(`bench:client: gave up after ${DEADLINE_MS / 1000} s`);
  process.exit(2);
}, DEADLINE_MS);
deadline.unref();

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
