// Accessibility: axe-core (the rules behind Lighthouse's and the browsers' audits) run on every
// screen and dialog, in both languages, in the real client. A violation fails with its rule, the
// elements and what to fix.
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { describe, test } from "node:test";
import type { Page } from "playwright-core";
import { answerByKeyboard, screenshotOnFailure, serverAndBrowsers, st, waitFor } from "./harness.ts";

const AXE = createRequire(import.meta.url).resolve("axe-core/axe.min.js");

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** axe's violations on the page as it is now (axe is injected once per page load). */
async function violations(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    type AxeNode = { target: string[]; failureSummary?: string };
    type AxeResult = { id: string; impact: string | null; help: string; nodes: AxeNode[] };
    const axe = (
      window as unknown as { axe: { run(c: Document, o: object): Promise<{ violations: AxeResult[] }> } }
    ).axe;
    const res = await axe.run(document, { resultTypes: ["violations"] });
    return res.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary ?? ""}`),
    }));
  });
}

async function assertAccessible(page: Page, where: string): Promise<void> {
  const found = await violations(page);
  assert.deepEqual(
    found.map((v) => `${v.id} (${v.impact}): ${v.help}\n  ${v.nodes.join("\n  ")}`),
    [],
    `${where}: axe found ${found.length} violation(s)`,
  );
}

describe("accessibility (axe-core)", () => {
  const server = serverAndBrowsers();
  async function page(locale: string, size = { width: 1366, height: 800 }): Promise<Page> {
    const p = (await server.browser(locale)).page;
    await p.setViewportSize(size);
    return p;
  }

  test("a solo match: title, setup, the move in each difficulty, the end, the result, help, settings", async (t) => {
    const p = await page("en-US");
    let failed = true;
    try {
      await p.goto(server.url);
      await p.waitForSelector("#go-solo");
      await assertAccessible(p, "the title screen");
      await p.click("#go-solo");
      await p.waitForSelector("#start-solo");
      await assertAccessible(p, "the solo setup");
      await p.check("#solo-difficulty-full");
      await p.click("#start-solo");
      await waitFor(p, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
      await assertAccessible(p, "a match, writing the whole segment");
      await p.click("#send");
      await p.locator("#move-error").waitFor();
      await assertAccessible(p, "a match, with the form's error");
      // Leaving a match against the bot goes back to the setup: a match in pick difficulty now,
      // played to its end.
      await p.click("#leave");
      await p.waitForSelector("#start-solo");
      await p.check("#solo-difficulty-pick");
      await p.click("#start-solo");
      let s = await waitFor(p, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
      await assertAccessible(p, "a match, picking a candidate");
      await answerByKeyboard(p, s);
      await waitFor(p, (s) => s.feedback !== null && s.feedback !== undefined, "the judgement");
      await assertAccessible(p, "a match, after a judged move");
      for (let guard = 0; guard < 200; guard++) {
        s = await st(p);
        if (s.phase === "finished") break;
        if (s.decisionId !== null) await answerByKeyboard(p, s);
        await p.waitForTimeout(100);
      }
      assert.equal((await st(p)).phase, "finished");
      await assertAccessible(p, "a finished match");
      await p.click("#see-result");
      await p.waitForSelector("#replay-list");
      await assertAccessible(p, "the result and the replay");
      await p.click("#open-help");
      await p.locator("dialog[open]").waitFor();
      await assertAccessible(p, "the help dialog");
      await p.keyboard.press("Escape");
      await p.click("#open-settings");
      await p.locator("dialog[open]").waitFor();
      await assertAccessible(p, "the settings dialog");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [p], failed);
    }
  });

  test("a friend match in Chinese: setup, lobby, joining, both players' match", async (t) => {
    const a = await page("zh-CN");
    const b = await page("zh-CN");
    let failed = true;
    try {
      await a.goto(server.url);
      await a.click("#go-friend");
      await a.waitForSelector("#friend-mission");
      await assertAccessible(a, "the friend setup");
      await a.click("#create-btn");
      await waitFor(a, (s) => s.phase === "lobby" && Boolean(s.joinCode), "the lobby");
      await assertAccessible(a, "the lobby");
      await b.goto(await a.inputValue("#join-link"));
      await b.waitForSelector("#join-btn");
      await assertAccessible(b, "joining by the link");
      await b.click("#join-btn");
      await waitFor(b, (s) => s.screen === "match" && s.phase === "playing", "the friend in the match");
      await waitFor(a, (s) => s.phase === "playing", "the match started");
      await assertAccessible(a, "the match, the creator's side");
      await assertAccessible(b, "the match, the friend's side");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [a, b], failed);
    }
  });

  test("on a phone's screen: the setup and a match, whose wide tables scroll by keyboard too", async (t) => {
    const p = await page("zh-CN", { width: 390, height: 844 });
    let failed = true;
    try {
      await p.goto(server.url);
      await p.click("#go-solo");
      await p.waitForSelector("#start-solo");
      await assertAccessible(p, "the solo setup on a phone");
      await p.click("#start-solo");
      const s = await waitFor(p, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
      await assertAccessible(p, "a match on a phone");
      // A patch re-renders the netstat tables: the one being scrolled keeps its place and focus.
      const table = p.locator(".table-scroll[data-role=server]");
      await table.focus();
      for (let i = 0; i < 5; i++) await p.keyboard.press("ArrowRight");
      // (Keyboard scrolling glides: wait for it to come to rest.)
      await p.waitForFunction(() => {
        const el = document.querySelector(".table-scroll[data-role=server]");
        return el !== null && el.scrollLeft > 0 && el.scrollLeft + el.clientWidth >= el.scrollWidth - 1;
      });
      const left = await p.evaluate(
        () => document.querySelector(".table-scroll[data-role=server]")?.scrollLeft ?? 0,
      );
      await answerByKeyboard(p, s);
      await waitFor(p, (s) => s.feedback !== null && s.feedback !== undefined, "the judgement");
      // Where it was, or as far as the new rows (a timer's text may change their width) allow.
      // Read in one go in the page: every patch replaces the table, and a locator's element can
      // be replaced between finding it and reading it (then it reads 0, detached).
      const now = await p.evaluate(() => {
        const el = document.querySelector(".table-scroll[data-role=server]");
        return { left: el?.scrollLeft ?? 0, max: el ? el.scrollWidth - el.clientWidth : 0 };
      });
      assert.ok(now.left > 0, "still scrolled");
      assert.ok(Math.abs(now.left - Math.min(left, now.max)) <= 1, JSON.stringify({ left, now }));
      failed = false;
    } finally {
      await screenshotOnFailure(t, [p], failed);
    }
  });
});
