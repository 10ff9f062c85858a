// The browser client in a real headless Chromium against the real server (issue #4 §5).
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PROTOCOL_VERSION } from "@tcp-tango/shared/protocol/version.ts";
import type { Page } from "playwright-core";
import {
  answerByKeyboard,
  type GameServer,
  screenshotOnFailure,
  serverAndBrowsers,
  st,
  startServer,
  type TangoState,
  waitFor,
} from "./harness.ts";

/** Play until the match is finished, answering every decision by keyboard. */
async function playToEnd(pages: Page[]): Promise<void> {
  for (let guard = 0; guard < 200; guard++) {
    const states = await Promise.all(pages.map(st));
    if (states.every((s) => s.phase === "finished")) return;
    for (const [i, s] of states.entries()) {
      const page = pages[i] as Page;
      if (s.decisionId !== null && s.phase === "playing") await answerByKeyboard(page, s);
    }
    await pages[0]?.waitForTimeout(150);
  }
  throw new Error("the match did not finish");
}

async function startSolo(
  page: Page,
  url: string,
  opts: {
    difficulty?: string;
    mode?: string;
    mission?: string;
    guessState?: boolean;
    botThinks?: boolean;
  } = {},
) {
  await page.goto(url);
  await page.click("#go-solo");
  await page.waitForSelector("input[name=mission]");
  await page.check(`input[name=mission][value="${opts.mission ?? "handshake-client"}"]`);
  await page.check(`#solo-difficulty-${opts.difficulty ?? "pick"}`);
  await page.check(`#solo-mode-${opts.mode ?? "coach"}`);
  await page.setChecked("#solo-guess-state", opts.guessState === true);
  await page.setChecked("#solo-bot-thinks", opts.botThinks === true);
  await page.click("#start-solo");
  return waitFor(page, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
}

/** Play a match to its end on these pages, each answering its own decisions; each sees success. */
async function playToSuccess(pages: Page[]): Promise<void> {
  await playToEnd(pages);
  for (const p of pages) assert.equal((await st(p)).result, "success");
}

/** Create a friend match from the menu: its lobby's state and the link to give the friend. */
async function createFriendMatch(page: Page, url: string, mission: string, nickname?: string) {
  await page.goto(url);
  if (nickname) await page.fill("#nickname", nickname);
  await page.click("#go-friend");
  await page.selectOption("#friend-mission", mission);
  await page.click("#create-btn");
  const lobby = await waitFor(page, (s) => s.phase === "lobby" && Boolean(s.joinCode), "the lobby");
  return { lobby, link: await page.inputValue("#join-link") };
}

describe("browser client", () => {
  const server = serverAndBrowsers();
  const browser = server.browser;

  test("a solo handshake mission is played to success by keyboard alone", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      await page.goto(server.url);
      await page.waitForSelector("#go-solo");
      await page.focus("#nickname");
      await page.keyboard.type("ada");
      // Tab to "practise alone", Enter; then Tab to "start" and Enter: no mouse anywhere.
      for (let i = 0; i < 15 && (await page.evaluate(() => document.activeElement?.id)) !== "go-solo"; i++)
        await page.keyboard.press("Tab");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#start-solo");
      for (let i = 0; i < 60 && (await page.evaluate(() => document.activeElement?.id)) !== "start-solo"; i++)
        await page.keyboard.press("Tab");
      assert.equal(
        await page.evaluate(() => document.activeElement?.id),
        "start-solo",
        "start is reachable by Tab",
      );
      await page.keyboard.press("Enter");
      await waitFor(page, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
      await playToEnd([page]);
      const end = await st(page);
      assert.equal(end.result, "success");
      // The log tells the SYN-ACK's arrival and what it did before asking for the answer to it.
      const lines = await page.locator("#event-log li").allTextContents();
      const established = lines.findIndex((l) => l.includes("Client: SYN_SENT → ESTABLISHED"));
      const asked = lines.findIndex((l) => /^\d+\.\d\d sYour move\. SYN,ACK arrived/.test(l));
      assert.ok(established >= 0 && established < asked, JSON.stringify(lines));
      // A change of state in the log opens on why: the rule the engine applied, with its clause.
      await page
        .locator("#event-log details.log-why summary", { hasText: "Client: SYN_SENT → ESTABLISHED" })
        .focus();
      await page.keyboard.press("Enter");
      assert.match(
        (await page.locator("#event-log details[open]").textContent()) ?? "",
        /The SYN-ACK acknowledges our SYN.*RFC 9293 §3\.10\.7\.3/,
      );
      // It stays open when the log is drawn again in another language.
      await page.selectOption("#lang", "zh-CN");
      await waitFor(page, (s) => s.locale === "zh-CN", "the switch");
      assert.match(
        (await page.locator("#event-log details[open]").textContent()) ?? "",
        /SYN-ACK 确认了我们的 SYN/,
      );
      await page.selectOption("#lang", "en");
      await waitFor(page, (s) => s.locale === "en", "the switch back");
      // Against the bot a rematch starts at once, in the same room; by keyboard too.
      await page.focus("#rematch");
      await page.keyboard.press("Enter");
      const again = await waitFor(
        page,
        (s) => s.phase === "playing" && s.decisionId !== null && s.score === 0,
        "the rematch's first decision",
      );
      assert.equal(again.roomId, end.roomId);
      await playToEnd([page]);
      assert.equal((await st(page)).result, "success");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("after a success the result offers the next mission, with the same options, on its own side", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      await startSolo(page, server.url, { mission: "handshake-client", guessState: true });
      await playToSuccess([page]);
      // The finished match offers it already; so does the result.
      assert.match((await page.textContent("#next-mission")) ?? "", /Three-way handshake as the server/);
      // A new screen starts at its top, its heading focused, wherever the last one was scrolled.
      const top = () => page.evaluate(() => ({ y: scrollY, focus: document.activeElement?.id ?? "" }));
      await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
      await page.locator("#see-result").evaluate((b: HTMLElement) => b.click());
      await page.waitForSelector("#replay-list");
      assert.deepEqual(await top(), { y: 0, focus: "result-h" });
      // What the mission shows, in points.
      const points = await page.locator(".point-list li").allTextContents();
      assert.equal(points.length, 3);
      assert.match(points[0] ?? "", /^connect\(\) sends a SYN/);
      const next = page.locator("#next-mission");
      assert.match((await next.textContent()) ?? "", /Next mission: Three-way handshake as the server/);
      await next.click();
      const s = await waitFor(page, (s) => s.screen === "match" && s.phase === "playing", "the next mission");
      assert.deepEqual([s.missionId, s.role, s.guessState], ["handshake-server", "server", true]);
      // Leaving it goes back to the setup, on the mission now played; the title counts the one won.
      await page.click("#leave");
      await page.waitForSelector("#start-solo");
      assert.equal(await page.isChecked('input[name=mission][value="handshake-server"]'), true);
      await page.click("#home");
      assert.match((await page.textContent("#go-solo-desc")) ?? "", /Missions done: 1 of 12\./);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("the replay: both hosts' netstat at each step (TIME_WAIT's 2MSL), Play, and a mistake's moment", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      await startSolo(page, server.url, { mission: "active-close" });
      // One wrong move at connect(): anything but a bare SYN.
      const moves = await page.locator(".cand .seg").allTextContents();
      const wrong = moves.findIndex((m) => !/^SYN seq=\d+$/.test(m));
      await page.keyboard.press(String(wrong + 1));
      await page.keyboard.press("Enter");
      await waitFor(page, (s) => s.feedback?.correct === false, "the wrong move judged");
      await playToSuccess([page]);
      await page.click("#see-result");
      await page.waitForSelector(".replay-netstat table");
      const steps = await page.locator("#replay-list li").allTextContents();
      const tableOf = async (role: string) =>
        (await page.locator(`.replay-netstat .role-${role} tbody td`).allTextContents()).join(" ");
      // The last step: TIME_WAIT has run out; the server still listens.
      assert.match(await tableOf("client"), /no sockets/);
      assert.match(await tableOf("server"), /LISTEN off \(0\.00\/0\/0\)/);
      assert.doesNotMatch(await tableOf("server"), /LAST_ACK/);
      // The step the client enters TIME_WAIT: the whole 2MSL (2 × 4 s) left.
      const entered = steps.findIndex((text) => /Client: FIN_WAIT_2 → TIME_WAIT/.test(text));
      assert.ok(entered > 0, "the log has the client entering TIME_WAIT");
      await page.locator(`#replay-list li[data-step="${entered}"]`).click();
      assert.match(await tableOf("client"), /TIME_WAIT timewait \(8\.00\/0\/0\)/);
      // Why, in the words of the rule the engine applied, with its clause.
      const why = (await page.textContent("#replay-why")) ?? "";
      assert.match(why, /Why the client changes state:.*enter TIME_WAIT, staying 2MSL/);
      assert.match(why, /RFC 9293 §3\.10\.7\.4/);
      // One step back, the FIN arriving, not yet taken in: FIN_WAIT2 (netstat's name), its own timer.
      await page.keyboard.press("ArrowLeft");
      assert.match(await tableOf("client"), /FIN_WAIT2 timewait/);
      assert.equal(await page.isVisible("#replay-why"), false, "an arrival changes no state");
      // Play runs the match on from here in its own time; a step by hand pauses it.
      const from = (await st(page)).replayStep ?? 0;
      await page.click("#replay-play");
      assert.equal(await page.getAttribute("#replay-play", "aria-pressed"), "true");
      const on = await waitFor(page, (s) => (s.replayStep ?? 0) > from + 1, "the replay playing on");
      assert.equal(on.replayPlaying, true);
      await page.click("#replay-prev");
      const paused = await st(page);
      assert.equal(paused.replayPlaying, false);
      assert.match((await page.textContent("#replay-play")) ?? "", /Play/);
      await page.waitForTimeout(500);
      assert.equal((await st(page)).replayStep, paused.replayStep, "paused, it stays");
      // Played again (P, here with the focus on a step button), it runs to the end and stops
      // there; TIME_WAIT's 2MSL goes by on the way.
      await page.keyboard.press("p");
      const end = await waitFor(page, (s) => s.replayPlaying === false, "the replay's end", 30_000);
      assert.equal(end.replayStep, steps.length - 1);
      assert.match(await tableOf("client"), /no sockets/);
      // The mistake's "See it in the replay" shows the decision it was made at, the list focused.
      await page
        .locator(".mistake-list li")
        .first()
        .getByRole("button", { name: "See it in the replay" })
        .click();
      const at = await st(page);
      assert.match(
        (await page.textContent(`#replay-list li[data-step="${at.replayStep}"]`)) ?? "",
        /Client has to decide \(the application made a call\)/,
      );
      assert.equal(await page.evaluate(() => document.activeElement?.id), "replay-list");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("two browsers play client against server through a handshake and a teardown", async (t) => {
    const { page: a } = await browser("en-US");
    const { page: b } = await browser("zh-CN");
    let failed = true;
    try {
      const { lobby, link } = await createFriendMatch(a, server.url, "active-close", "alice");
      assert.ok(link.includes(lobby.joinCode as string), "the link carries the code");
      // The friend's seat is open until someone takes it: not a player who left.
      await a.locator(".score-card.role-server", { hasText: "not joined yet" }).waitFor();
      assert.doesNotMatch((await a.textContent(".score-card.role-server")) ?? "", /away/);
      await b.goto(link);
      await b.waitForSelector("#join-btn");
      await b.click("#join-btn");
      await waitFor(b, (s) => s.screen === "match" && s.role === "server", "the friend seated as server");
      assert.equal((await st(a)).role, "client");
      // The mission is told from the client's side: the friend is told they play the other one.
      assert.match((await b.locator("#other-side").textContent()) ?? "", /客户端.*服务器/);
      assert.equal(await a.locator("#other-side").count(), 0);
      await playToSuccess([a, b]);

      // A rematch in the same room: alice asks, bob sees it (in Chinese) and accepts.
      const roomId = (await st(a)).roomId;
      await a.click("#rematch");
      await a.getByText("Waiting for the server to accept the rematch").waitFor();
      await b.getByText("客户端想再来一局").waitFor();
      await b.click("#rematch");
      for (const p of [a, b])
        await waitFor(p, (s) => s.phase === "playing" && s.score === 0 && s.roomId === roomId, "the rematch");
      await a.getByText("Rematch: match 2 has started.").waitFor();
      await playToSuccess([a, b]);

      // Again with the roles swapped: each learns the other side.
      assert.equal((await a.textContent("#rematch-swap"))?.trim(), "Rematch as the server");
      await a.click("#rematch-swap");
      await a.getByText("Waiting for the server to agree to swap roles").waitFor();
      await b.getByText("客户端想交换角色再来一局：你将扮演客户端。").waitFor();
      await b.click("#rematch-swap");
      await waitFor(
        a,
        (s) => s.phase === "playing" && s.role === "server" && s.roomId === roomId,
        "a serving",
      );
      await waitFor(
        b,
        (s) => s.phase === "playing" && s.role === "client" && s.roomId === roomId,
        "b the client",
      );
      await a.getByText("Roles swapped: you play the server now.").waitFor();
      await b.getByText("角色已交换：现在你扮演客户端。").waitFor();
      await playToSuccess([a, b]);

      // Then on together to the campaign's next mission, in the same room and seats.
      assert.match((await a.textContent("#rematch-onward")) ?? "", /Next together: Closing second/);
      await a.click("#rematch-onward");
      await a.getByText("Waiting for the client to go on to Closing second (passive close)").waitFor();
      await b.getByText("服务器想一起进入“被动关闭”。").waitFor();
      await b.click("#rematch-onward");
      for (const p of [a, b])
        await waitFor(
          p,
          (s) => s.phase === "playing" && s.missionId === "passive-close" && s.roomId === roomId,
          "the next mission, together",
        );
      assert.deepEqual([(await st(a)).role, (await st(b)).role], ["server", "client"]);
      assert.match((await a.textContent("h2")) ?? "", /Closing second \(passive close\)/);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [a, b], failed);
    }
  });

  test("a partner away while a rematch with roles swapped starts comes back to it, in the other role", async (t) => {
    const { page: a } = await browser("en-US");
    const { b: bBrowser, page: b } = await browser("zh-CN");
    let failed = true;
    try {
      const { link } = await createFriendMatch(a, server.url, "handshake-client");
      await b.goto(link);
      await b.waitForSelector("#join-btn");
      await b.click("#join-btn");
      await waitFor(b, (s) => s.screen === "match" && s.role === "server", "the friend seated");
      await playToSuccess([a, b]);
      const roomId = (await st(a)).roomId;
      // The friend's Wi-Fi drops; meanwhile the rematch starts (a seat whose player is away does
      // not hold it up), with the roles swapped. Its `started` cannot reach the friend.
      await bBrowser.context.setOffline(true);
      await waitFor(b, (s) => s.connection === "dropped", "the drop");
      await a.click("#rematch-swap");
      await waitFor(
        a,
        (s) => s.phase === "playing" && s.role === "server" && s.roomId === roomId,
        "a serving",
      );
      await bBrowser.context.setOffline(false);
      // Back, the friend is on the new match as the client, told so, and plays it: not the bot.
      await waitFor(
        b,
        (s) => s.connection === "connected" && s.role === "client" && s.phase === "playing",
        "the friend back, on the rematch",
        30_000,
      );
      await b.getByText("再来一局：第 2 局开始了。").waitFor();
      await b.getByText("角色已交换：现在你扮演客户端。").waitFor();
      await playToSuccess([a, b]);
      assert.ok(
        (await b.locator(".score-card.role-client").textContent())?.includes("你"),
        "b plays the client",
      );
      failed = false;
    } finally {
      await bBrowser.context.setOffline(false).catch(() => undefined);
      await screenshotOnFailure(t, [a, b], failed);
    }
  });

  test("an odd one out plays the bot until the friend comes, who then takes the bot's seat", async (t) => {
    const { page: a } = await browser("zh-CN");
    const { page: b } = await browser("en-US");
    let failed = true;
    try {
      const { lobby, link } = await createFriendMatch(a, server.url, "handshake-client");
      await a.click("#start-with-bot");
      const first = await waitFor(
        a,
        (s) => s.phase === "playing" && s.decisionId !== null,
        "the match with the bot",
      );
      const serverCard = a.locator(".score-card.role-server");
      await serverCard.getByText(`朋友仍可用加入码 ${lobby.joinCode} 接过这一方`).waitFor();
      assert.match((await serverCard.textContent()) ?? "", /机器人/);
      await answerByKeyboard(a, first);
      // The friend comes late with the link and takes the server's seat from the bot.
      await b.goto(link);
      await b.waitForSelector("#join-btn");
      await b.click("#join-btn");
      await waitFor(
        b,
        (s) => s.screen === "match" && s.role === "server" && s.phase === "playing",
        "the friend seated",
      );
      await serverCard.getByText("机器人").waitFor({ state: "detached" });
      assert.equal(await serverCard.locator(".seat-code").count(), 0, "the code hint is gone with the bot");
      await playToSuccess([a, b]);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [a, b], failed);
    }
  });

  test("a page from another build is told to reload, in its language", async (t) => {
    const { page } = await browser("zh-CN");
    let failed = true;
    try {
      // Stand in for a page loaded before a server upgrade: its create announces the next version.
      await page.route("**/matchmake/create/match", async (route) => {
        const body = JSON.parse(route.request().postData() ?? "{}");
        assert.equal(body.protocol, PROTOCOL_VERSION, "the page announces its protocol");
        await route.continue({ postData: JSON.stringify({ ...body, protocol: PROTOCOL_VERSION + 1 }) });
      });
      await page.goto(server.url);
      await page.click("#go-solo");
      await page.waitForSelector("input[name=mission]");
      await page.click("#start-solo");
      const s = await waitFor(page, (x) => x.error !== null && x.error !== undefined, "the refusal");
      assert.equal(s.error, "此页面加载后，游戏服务器已经更新。请刷新页面再开始游戏。");
      assert.match((await page.textContent("[role=alert]")) ?? "", /请刷新页面/);
      // The page is now up to date: the reload button brings a page that plays.
      await page.unroute("**/matchmake/create/match");
      await page.click("#reload");
      await page.waitForSelector("#go-solo");
      await page.click("#go-solo");
      await page.waitForSelector("input[name=mission]");
      await page.click("#start-solo");
      await waitFor(page, (x) => x.screen === "match" && x.decisionId !== null, "the first decision");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("a wrong move shows what was wrong and why", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      await startSolo(page, server.url, { difficulty: "full", mode: "coach" });
      // The stack chose the ISN; the player is told it.
      assert.match((await page.textContent("#decision-iss")) ?? "", /ISN\D*\d+/);
      // A move holds at most 4 segments: the form offers no fifth.
      for (let i = 1; i < 4; i++) await page.click("#add-seg");
      assert.equal(await page.isDisabled("#add-seg"), true, "no fifth segment");
      await page.getByText("A move sends at most 4 segments.").waitFor();
      for (let n = 4; n >= 2; n--) await page.getByRole("button", { name: `Remove segment ${n}` }).click();
      assert.equal(await page.isDisabled("#add-seg"), false);
      // Answer connect() with a bare RST: wrong flags.
      await page.check("#seg0-flag-R");
      await page.fill("#seg0-seq", "0");
      await page.click("#send");
      await waitFor(page, (s) => s.feedback?.correct === false, "the judged wrong move");
      await waitFor(page, (s) => s.score === -3, "the refusal's score, from the state");
      const feedback = await page.textContent("#feedback");
      assert.match(feedback ?? "", /flags/i, "names the wrong part");
      assert.match(feedback ?? "", /RFC 9293/, "cites the rule's RFC clause");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("guess-the-state play shows the player's own host at its old state until they answer", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      const first = await startSolo(page, server.url, { guessState: true });
      assert.equal(await page.textContent("#guess-pill"), "Guess the state");
      const clientStates = () => page.locator(".netstat.role-client tbody td:nth-child(6)").allTextContents();
      await answerByKeyboard(page, first); // connect(): SYN
      // The SYN,ACK has arrived: the stack is ESTABLISHED, but the player still sees SYN_SENT.
      const synAck = await waitFor(
        page,
        (s) => s.decisionId !== null && s.decisionId !== first.decisionId,
        "the SYN,ACK decision",
      );
      assert.deepEqual(await clientStates(), ["SYN_SENT"]);
      await page.selectOption("#guess", "ESTABLISHED");
      await answerByKeyboard(page, synAck);
      await page.locator(".netstat.role-client tbody td:nth-child(6)", { hasText: "ESTABLISHED" }).waitFor();
      assert.equal((await st(page)).feedback?.correct, true, "the ACK and the guess are right");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("a time limit and the bot's mistakes and pace are asked for, and the time left counts down", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      let asked: Record<string, unknown> = {};
      await page.route("**/matchmake/create/match", async (route) => {
        asked = JSON.parse(route.request().postData() ?? "{}");
        await route.continue();
      });
      await page.goto(server.url);
      await page.click("#go-solo");
      await page.waitForSelector("input[name=mission]");
      await page.check("#solo-mode-consequence");
      await page.check("#solo-timeLimit-30");
      await page.check("#solo-botMistakes-sometimes");
      await page.check("#solo-bot-thinks");
      await page.click("#start-solo");
      await waitFor(page, (s) => s.screen === "match" && s.decisionId !== null, "the first decision");
      assert.equal(asked.decisionDeadlineSec, 30);
      assert.equal(asked.botSloppiness, 0.2);
      assert.equal(asked.botDelayMs, 1500);
      const left = async () => Number(/(\d+) s left/.exec((await page.textContent("#deadline")) ?? "")?.[1]);
      const first = await left();
      assert.ok(first > 25 && first <= 30, `${first} s left at first`);
      await page.waitForTimeout(2100);
      assert.ok((await left()) < first, "the time left counts down");
      // Leaving goes back to the menu, which kept the choice.
      await page.click("#leave");
      await page.waitForSelector("#start-solo");
      assert.equal(await page.isChecked("#solo-timeLimit-30"), true);
      assert.equal(await page.isChecked("#solo-botMistakes-sometimes"), true);
      assert.equal(await page.isChecked("#solo-bot-thinks"), true);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("on a phone's screen the match fits the width, and the turn comes right after the stage", async (t) => {
    const { page } = await browser("zh-CN");
    let failed = true;
    try {
      await page.setViewportSize({ width: 390, height: 844 });
      // The bot takes its time, so that the moment between the judged move and the next
      // decision lasts seconds rather than one round trip (~0.8 s).
      await startSolo(page, server.url, { botThinks: true });
      const layout = await page.evaluate(() => {
        const top = (sel: string) => document.querySelector(sel)?.getBoundingClientRect().top ?? Number.NaN;
        const stage = document.querySelector("#stage")?.getBoundingClientRect();
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          stageWidth: stage?.width ?? 0,
          stage: top("#stage"),
          move: top("#move"),
          netstat: top(".netstat-row"),
        };
      });
      assert.ok(layout.overflow <= 0, `the page is ${layout.overflow} px wider than the screen`);
      // Too narrow to read the whole stage: until the player picks a view, the ladder alone.
      await waitFor(page, (s) => s.camera?.view === "ladder", "the ladder on a phone");
      assert.equal(await page.getByRole("radio", { name: "时序图" }).isChecked(), true);
      assert.ok(layout.stageWidth > 300, `the stage is ${layout.stageWidth} px wide`);
      assert.ok(layout.stage < layout.move && layout.move < layout.netstat, JSON.stringify(layout));
      // After a move, with nothing left to decide, the segment just sent is in sight: the stage's
      // top shows below the sticky top bar, and so does the judgement.
      await answerByKeyboard(page, await st(page));
      // Read in the page, every 50 ms (a timer, not animation frames, which a loaded machine may
      // hold back): polling from here can miss the moment on a loaded machine.
      const judged = await page.waitForFunction(
        () => {
          const s = window.__tango?.state() as {
            decisionId: number | null;
            feedback?: { correct: boolean } | null;
          };
          if (s?.decisionId !== null || s.feedback?.correct !== true) return null;
          return {
            bar: document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? Number.NaN,
            stage: document.querySelector("#stage")?.getBoundingClientRect().top ?? Number.NaN,
            verdict: document.querySelector("#verdict")?.getBoundingClientRect().bottom ?? Number.NaN,
            height: window.innerHeight,
          };
        },
        null,
        { polling: 50, timeout: 20_000 },
      );
      const seen = (await judged.jsonValue()) as {
        bar: number;
        stage: number;
        verdict: number;
        height: number;
      };
      assert.ok(seen.stage >= seen.bar && seen.verdict <= seen.height, JSON.stringify(seen));
      // The whole stage, picked: drawn as large as the ladder, its frame scrolls sideways while
      // the page keeps to the screen's width, and the picker says to swipe.
      await page.getByRole("radio", { name: "全部" }).check();
      const all = await waitFor(page, (s) => s.camera?.view === "all" && !s.camera.moving, "the whole stage");
      assert.ok((all.camera?.zoom ?? 0) >= 0.5, `the whole stage at zoom ${all.camera?.zoom}`);
      const frame = await page.evaluate(() => {
        const box = document.querySelector("#stage") as HTMLElement;
        return {
          overflow: document.documentElement.scrollWidth - window.innerWidth,
          scrolls: box.scrollWidth - box.clientWidth,
        };
      });
      assert.ok(frame.overflow <= 0, `the page is ${frame.overflow} px wider than the screen`);
      assert.ok(frame.scrolls > 200, `the stage's frame scrolls ${frame.scrolls} px`);
      assert.equal(await page.getByText("左右滑动查看全部。").isVisible(), true);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("the help opens at its top, names a state's spellings, and Esc gives focus back", async (t) => {
    const { page } = await browser("en-US");
    let failed = true;
    try {
      await page.setViewportSize({ width: 1024, height: 600 });
      await page.goto(server.url);
      await page.waitForSelector("#go-solo");
      await page.keyboard.press("?");
      await page.waitForSelector("dialog#help[open]");
      assert.equal(await page.evaluate(() => document.activeElement?.id), "help-h", "the title has focus");
      assert.equal(await page.evaluate(() => document.querySelector("dialog#help")?.scrollTop), 0);
      await page.getByText("SYN_RECV in Linux's netstat").waitFor();
      await page.keyboard.press("Escape");
      await page.waitForSelector("dialog#help", { state: "detached" });
      assert.equal(await page.evaluate(() => document.activeElement?.id), "open-help");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("the language switch changes the texts", async (t) => {
    const { page } = await browser("en-US");
    let failed = true;
    try {
      await page.goto(server.url);
      await page.waitForSelector("#go-solo");
      const en = await page.textContent("#go-solo");
      assert.equal((await st(page)).locale, "en");
      await page.selectOption("#lang", "zh-CN");
      await waitFor(page, (s) => s.locale === "zh-CN", "the switch");
      const zh = await page.textContent("#go-solo");
      assert.notEqual(zh, en);
      assert.match(zh ?? "", /[\u4e00-\u9fff]/, "the button now reads in Chinese");
      assert.equal(await page.getAttribute("html", "lang"), "zh-CN");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("the stage shows the state diagram or the ladder alone, larger, keeps the view, and V switches it", async (t) => {
    const { page } = await browser("zh-CN");
    let failed = true;
    try {
      await page.setViewportSize({ width: 1366, height: 800 });
      await startSolo(page, server.url);
      const settled = (view: string) => (s: TangoState) =>
        s.camera?.view === view && s.camera.moving === false && s.camera.zoom > 0;
      const all = (await waitFor(page, settled("all"), "the whole stage")).camera!.zoom;
      // The radios are named in the page's language.
      await page.getByRole("radio", { name: "状态图" }).check();
      const diagram = (await waitFor(page, settled("diagram"), "the diagram alone")).camera!.zoom;
      assert.ok(diagram >= 1.6 * all, `diagram at ${diagram}, the whole stage at ${all}`);
      await page.getByRole("radio", { name: "时序图" }).check();
      const ladder = (await waitFor(page, settled("ladder"), "the ladder alone")).camera!.zoom;
      assert.ok(ladder >= 1.6 * all, `ladder at ${ladder}, the whole stage at ${all}`);
      // A setting: the rejoined page shows the ladder again, and its radio is checked.
      await page.reload();
      await waitFor(page, (s) => s.connection === "connected" && settled("ladder")(s), "the rejoined stage");
      assert.equal(await page.getByRole("radio", { name: "时序图" }).isChecked(), true);
      // V goes on to the next view: after the ladder, everything again.
      await page.keyboard.press("v");
      await waitFor(page, settled("all"), "the whole stage again, by V");
      assert.equal(await page.getByRole("radio", { name: "全部" }).isChecked(), true);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("a reload mid-match rejoins the same seat with the same score", async (t) => {
    const { page } = await browser();
    let failed = true;
    try {
      // Four answers into active-close the ladder has 39 lines, more than the state's ring of 32:
      // the rejoined client asks the room for the older ones.
      let d = await startSolo(page, server.url, { mission: "active-close" });
      const first = d;
      for (let answered = 0; answered < 4; answered++) {
        await answerByKeyboard(page, d);
        const prev = d.decisionId;
        d = await waitFor(page, (s) => s.decisionId !== null && s.decisionId !== prev, "the next decision");
      }
      const before = d;
      assert.notEqual(before.decisionId, first.decisionId);
      // The ladder's lines (the room's news, a decision or a timer, are not replayed).
      const ladderLines = () => page.locator("#event-log li[data-ladder]").allTextContents();
      const events = await ladderLines();
      await page.reload();
      const after = await waitFor(
        page,
        (s) => s.screen === "match" && s.connection === "connected" && s.decisionId !== null,
        "the rejoined match",
      );
      assert.equal(after.roomId, before.roomId);
      assert.equal(after.role, before.role);
      assert.equal(after.score, before.score);
      assert.equal(after.decisionId, before.decisionId);
      // The history is in the log, not read out again: one line says the player rejoined, and
      // the log is a live region again for what happens next.
      const log = page.locator("#event-log");
      const rejoined = log.getByText(/Rejoined the match: the \d+ earlier events are above/);
      await rejoined.waitFor();
      assert.ok((await log.locator("li").count()) > 3, "the earlier events are in the log");
      // The ladder is rebuilt whole: the state's ring, and the `ladder` request for older lines.
      const n = Number(/the (\d+) earlier/.exec((await rejoined.textContent()) ?? "")?.[1]);
      assert.ok(n > 32, `${n} ladder lines: more than the state's ring holds`);
      assert.deepEqual(await ladderLines(), events, "every earlier ladder event, in order");
      assert.equal(await log.getAttribute("aria-live"), "polite");
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("after the game server restarts mid-match, the page says the match is gone and starts a new one", async (t) => {
    // A server of this test's own, stopped and started again on the same port.
    const own = await startServer();
    const port = Number(new URL(own.url).port);
    let again: GameServer | undefined;
    const { page } = await browser();
    let failed = true;
    try {
      const first = await startSolo(page, own.url);
      await own.stop();
      again = await startServer({ port });
      // The client gives up reconnecting first: seconds here, up to a minute on a loaded machine.
      await page
        .locator("#left-why", { hasText: "The game server has restarted" })
        .waitFor({ timeout: 150_000 });
      assert.equal(await page.locator("#reload").count(), 0, "nothing to rejoin by reloading");
      await page.click("#play-again");
      const next = await waitFor(
        page,
        (s) => s.connection === "connected" && s.decisionId !== null && s.roomId !== first.roomId,
        "a new match on the restarted server",
      );
      assert.equal(next.missionId, first.missionId);
      failed = false;
    } finally {
      await screenshotOnFailure(t, [page], failed);
      await own.stop();
      await again?.stop();
    }
  });

  test("a connection lost right after the start comes back; a move meanwhile is said unsent", async (t) => {
    const { b, page } = await browser("zh-CN");
    let failed = true;
    try {
      const first = await startSolo(page, server.url);
      await b.context.setOffline(true);
      await waitFor(page, (s) => s.connection === "dropped", "the drop");
      await page.keyboard.press("1");
      await page.keyboard.press("Enter");
      await page.locator("#move-error").getByText("当前未连接到对局").waitFor();
      await b.context.setOffline(false);
      await waitFor(page, (s) => s.connection === "reconnected", "the reconnection", 30_000);
      const back = await waitFor(page, (s) => s.decisionId === first.decisionId, "the same decision");
      await answerByKeyboard(page, back);
      const after = await st(page);
      assert.ok(
        after.decisionId !== first.decisionId || after.feedback?.correct === true,
        `the right move was taken after the reconnection: ${JSON.stringify(after)}`,
      );
      failed = false;
    } finally {
      await b.context.setOffline(false).catch(() => undefined);
      await screenshotOnFailure(t, [page], failed);
    }
  });

  test("a copy of the tab takes the seat over; the original says so, and so does its reload", async (t) => {
    const { b, page } = await browser("zh-CN");
    const pages = [page];
    let failed = true;
    try {
      const first = await startSolo(page, server.url, { mission: "handshake-client" });
      // window.open copies sessionStorage, as the browser's "duplicate tab" does.
      const [copy] = await Promise.all([
        b.context.waitForEvent("page"),
        page.evaluate(() => window.open(location.href)),
      ]);
      pages.push(copy);
      const there = await waitFor(
        copy,
        // Until the copy's page has loaded, it has no state to read.
        (s) => s?.screen === "match" && s.connection === "connected" && s.decisionId !== null,
        "the copy in the match",
      );
      assert.equal(there.roomId, first.roomId);
      assert.equal(there.role, first.role);
      await waitFor(page, (s) => s.connection === "left", "the original closed");
      await page.locator("#left-why").getByText("另一个标签页或窗口").waitFor();
      assert.equal(await page.locator("#move-form").count(), 0, "no moves offered where nobody hears them");
      // The copy plays on; the original, reloaded, is told where its seat is.
      await answerByKeyboard(copy, there);
      await page.reload();
      const reloaded = await waitFor(page, (s) => s?.error !== null && s?.error !== undefined, "the refusal");
      assert.match(String(reloaded.error), /另一个标签页或窗口/);
      assert.equal((await st(copy)).connection, "connected", "the reload did not take the seat back");
      // A copy of the copy takes over in turn; "Leave the match" on the closed one returns to the
      // menus at once (the SDK would wait forever for a leave on a closed connection).
      const [third] = await Promise.all([
        b.context.waitForEvent("page"),
        copy.evaluate(() => window.open(location.href)),
      ]);
      pages.push(third);
      await waitFor(copy, (s) => s.connection === "left", "the copy closed in turn");
      await copy.click("#leave");
      await waitFor(copy, (s) => s.screen !== "match", "the menus");
      await waitFor(third, (s) => s?.connection === "connected" && s.role === first.role, "the third plays");
      failed = false;
    } finally {
      await screenshotOnFailure(t, pages, failed);
    }
  });
});
