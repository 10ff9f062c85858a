// Matchmaking's per-address limit in a real headless Chromium: a page that creates matches faster
// than the limit allows is told to wait, in its language, and "Try again" starts the match later.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { screenshotOnFailure, serverAndBrowsers, st, waitFor } from "./harness.ts";

// Read by the server process this file starts: 2 creates or joins at once, then one each 2 s.
process.env.TANGO_MATCHMAKE_LIMIT = "2,0.5";

describe("creating matches faster than the limit", () => {
  const server = serverAndBrowsers();

  test("is told to wait so many seconds; Try again starts the match", async (t) => {
    const { page } = await server.browser("en-US");
    let failed = true;
    try {
      await page.goto(server.url);
      await page.click("#go-solo");
      // Two matches at once are within the limit; the third create is refused.
      for (let i = 0; i < 2; i++) {
        await page.click("#start-solo");
        await waitFor(page, (s) => s.screen === "match" && s.decisionId !== null, `match ${i + 1}`);
        await page.click("#leave");
        await page.waitForSelector("#start-solo");
      }
      await page.click("#start-solo");
      await page.getByText(/Too many requests from your network just now\. Try again in \d+ s\./).waitFor();
      assert.equal(await page.textContent("#retry-start"), "Try again");
      await page.waitForTimeout(2100);
      await page.click("#retry-start");
      await waitFor(page, (s) => s.screen === "match" && s.decisionId !== null, "the match, a moment later");
      assert.equal((await st(page)).error, null);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });
});
