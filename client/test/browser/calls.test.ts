// Free play in a real headless Chromium: the player's program makes its own system calls from the
// Application panel, by keyboard, and answers for its TCP until the mission succeeds.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import type { Page } from "playwright-core";
import {
  answerByKeyboard,
  type Browser,
  type GameServer,
  launch,
  screenshotOnFailure,
  st,
  startServer,
  waitFor,
} from "./harness.ts";

/** Answer decisions until `done` holds with none pending (or the match ends). */
async function answerUntil(page: Page, done: () => Promise<boolean>, what: string): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const s = await st(page);
    if (s.phase === "finished") return;
    if (s.decisionId !== null) await answerByKeyboard(page, s);
    else if (await done()) return;
    if (Date.now() - t0 > 30_000) throw new Error(`timed out waiting for ${what}`);
    await page.waitForTimeout(100);
  }
}

const clientState = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll(".netstat.role-client td.state")].map((td) => td.textContent ?? ""),
  );

const clientSendQ = (page: Page) =>
  page.evaluate(() => document.querySelector(".netstat.role-client tbody tr td:nth-child(3)")?.textContent);

/**
 * Press A (the Application panel), then Tab to the call's button and press Enter. A segment may
 * still arrive and ask for an answer first (the bot's program runs on): it is answered.
 */
async function callByKeyboard(page: Page, op: string): Promise<void> {
  await answerUntil(page, async () => (await st(page)).canCall === true, `${op}() to be possible`);
  await page.keyboard.press("a");
  const id = `app-${op}`;
  for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement?.id)) !== id; i++)
    await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.id), id, `${op}() is reachable by Tab`);
  const before = await page.textContent("#app-result");
  await page.keyboard.press("Enter");
  // This call's own result: a new text naming it (an earlier one may name the same call).
  await page.waitForFunction(
    ([call, old]) => {
      const text = document.querySelector("#app-result")?.textContent ?? "";
      return text !== old && text.includes(`${call}(`);
    },
    [op, before] as const,
  );
}

describe("application calls in the browser", () => {
  let server: GameServer;
  let browser: Browser | undefined;
  before(async () => {
    server = await startServer();
  });
  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.stop();
  });

  test("free play as the client by keyboard: connect, answer, send, close, success", async (t) => {
    browser = await launch();
    const page = await browser.newPage();
    let failed = true;
    try {
      await page.goto(server.url);
      await page.waitForSelector("#go-solo");
      await page.focus("#go-solo");
      await page.keyboard.press("Enter");
      await page.waitForSelector('input[name=mission][value="free-play"]');
      await page.focus('input[name=mission][value="free-play"]');
      await page.keyboard.press("Space");
      await page.focus("#start-solo");
      await page.keyboard.press("Enter");
      const s0 = await waitFor(page, (s) => s.screen === "match" && s.phase === "playing", "the match");
      assert.equal(s0.role, "client");
      assert.equal(s0.appPanel, true, "free play shows the Application panel");
      assert.equal(s0.decisionId, null, "nothing to decide before the program calls");
      const label = await page.getAttribute("#app-connect", "aria-describedby");
      assert.ok(label && (await page.textContent(`#${label}`))?.includes("connect()"));

      await callByKeyboard(page, "connect");
      assert.match((await page.textContent("#app-result")) ?? "", /connect\(80\) → fd \d+/);
      assert.match((await page.textContent("#event-log")) ?? "", /You called connect\(80\) → fd \d+/);
      await waitFor(page, (s) => s.decisionId !== null, "connect's decision");
      await answerUntil(page, async () => (await clientState(page)).includes("ESTABLISHED"), "ESTABLISHED");

      // A byte count the server would refuse is said here, in the page's language; nothing is sent.
      await waitFor(page, (s) => s.canCall === true, "a call to be possible");
      await page.fill("#app-bytes", "5000");
      await page.click("#app-send");
      assert.match(
        (await page.textContent("#app-result")) ?? "",
        /send\(\) takes a whole number of bytes from 1 to 1000/,
      );
      assert.equal(await clientSendQ(page), "0", "nothing was queued");
      await page.fill("#app-bytes", "100");

      await callByKeyboard(page, "send");
      assert.match((await page.textContent("#app-result")) ?? "", /send\(100\) → 0 \(OK\)/);
      // The data goes, its ACK comes back: the client's Send-Q is empty again.
      await answerUntil(page, async () => (await clientSendQ(page)) === "0", "the data to be acknowledged");
      if (process.env.APP_CALLS_SCREENSHOT) {
        await page.locator("#calls").scrollIntoViewIfNeeded();
        await page.screenshot({ path: process.env.APP_CALLS_SCREENSHOT });
      }

      await callByKeyboard(page, "close");
      await answerUntil(page, async () => false, "the end").catch(async (e) => {
        if ((await st(page)).phase !== "finished") throw e;
      });
      const end = await waitFor(page, (s) => s.phase === "finished", "the end", 30_000);
      assert.equal(end.result, "success");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });
});
