// A full game server in a real headless Chromium: a server that may hold one match refuses a
// second in the page's language, and "Try again" starts it once the first is gone.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { screenshotOnFailure, serverAndBrowsers, st, waitFor } from "./harness.ts";

// Read by the server process this file starts (its environment is this one's).
process.env.TANGO_MAX_MATCHES = "1";

describe("a full game server", () => {
  const server = serverAndBrowsers();

  test("refuses a new match with a clear message; Try again starts it once a place is free", async (t) => {
    const { page: a } = await server.browser("en-US");
    const { page: b } = await server.browser("zh-CN");
    let failed = true;
    try {
      await a.goto(server.url);
      await a.click("#go-solo");
      await a.click("#start-solo");
      await waitFor(a, (s) => s.screen === "match" && s.decisionId !== null, "the one match");

      await b.goto(server.url);
      await b.click("#go-solo");
      await b.click("#start-solo");
      await b.getByText("游戏服务器上的对局已经满了。请过几分钟再试。").waitFor();
      assert.equal(await b.textContent("#retry-start"), "再试一次");

      // The first player leaves: the bot plays their seat to the end, and the finished room goes.
      await a.click("#leave");
      await a.waitForSelector("#start-solo");
      let started = false;
      for (let tries = 0; tries < 20 && !started; tries++) {
        await b.click("#retry-start");
        const s = await waitFor(
          b,
          (x) => x.screen === "match" && (x.decisionId !== null || x.error !== null),
          "an answer",
        );
        started = s.decisionId !== null;
        if (!started) await b.waitForTimeout(1000);
      }
      assert.ok(started, "the match started once a place was free");
      assert.equal((await st(b)).locale, "zh-CN");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [a, b], failed);
    }
  });
});
