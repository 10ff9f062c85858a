// Screenshots of the stage harness for visual review: node client/bench/stage-shots.ts [outPrefix]
// Writes <prefix>-<name>.png (default /tmp/stage-*.png).

import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildClient, closeServer, HARNESS_PATH, launchChromium, serveStatic } from "./harness-server.ts";

const prefix = process.argv[2] ?? "/tmp/stage";
const SHOTS: [string, string, { width: number; height: number }][] = [
  ["handshake", "t=300", { width: 1280, height: 720 }],
  ["data", "t=3450&me=client", { width: 1280, height: 720 }],
  ["lost", "t=1700", { width: 1280, height: 720 }],
  ["teardown", "t=5700&palette=colorblind", { width: 1280, height: 720 }],
  ["closed", "t=15000&reduced=1&me=server", { width: 1280, height: 720 }],
  ["wide", "t=4800", { width: 1600, height: 1000 }],
  ["storm", "storm=1&palette=colorblind", { width: 1280, height: 720 }],
];

const out = await mkdtemp(join(tmpdir(), "tango-stage-build-"));
const timer = setTimeout(() => {
  console.error("stage-shots: timed out");
  process.exit(2);
}, 120_000);
await buildClient(out);
const { server, origin } = await serveStatic(out);
const browser = await launchChromium();
try {
  for (const [name, query, viewport] of SHOTS) {
    const page = await browser.context.newPage();
    page.on("console", (m) => {
      if (m.type() === "error" || m.type() === "warning") console.log(`[${name}] ${m.type()}: ${m.text()}`);
    });
    page.on("pageerror", (e) => console.log(`[${name}] pageerror: ${e.message}`));
    await page.setViewportSize(viewport);
    await page.goto(`${origin}/${HARNESS_PATH}?${query}`);
    await page.waitForFunction(() => (window as unknown as { __stageReady?: boolean }).__stageReady === true);
    await page.waitForTimeout(Number(process.env.SHOT_WAIT ?? 2000));
    const file = `${prefix}-${name}.png`;
    await page.screenshot({ path: file });
    console.log(file);
    await page.close();
  }
} finally {
  await browser.close();
  await closeServer(server);
  await rm(out, { recursive: true, force: true });
  clearTimeout(timer);
}
