import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { BOT_THINKS_MS, choiceFrom, serverOptions } from "./choice.ts";

describe("choiceFrom", () => {
  it("fills what an older page did not save, with the mission's own role", () => {
    assert.deepEqual(choiceFrom({ missionId: "handshake-server" }), {
      missionId: "handshake-server",
      difficulty: "pick",
      mode: "coach",
      role: "server",
      guessState: false,
      botMistakes: "never",
      botThinks: false,
      timeLimit: "off",
    });
  });

  it("keeps valid saved values and drops invalid ones", () => {
    const c = choiceFrom({
      missionId: "active-close",
      difficulty: "full",
      mode: "consequence",
      role: "server",
      guessState: true,
      botMistakes: "often",
      timeLimit: "60",
    });
    assert.deepEqual(
      [c.difficulty, c.mode, c.role, c.guessState, c.botMistakes, c.timeLimit],
      ["full", "consequence", "server", true, "often", "60"],
    );
    const bad = choiceFrom({ botMistakes: "always", timeLimit: "5", mode: "chaos" } as never);
    assert.deepEqual(
      [bad.botMistakes, bad.timeLimit, bad.mode, bad.missionId],
      ["never", "off", "coach", "handshake-client"],
    );
  });
});

describe("serverOptions", () => {
  const base = choiceFrom({});
  it("asks for no mistakes and no limit by default", () => {
    assert.deepEqual(serverOptions(base, "bot"), { botSloppiness: 0, botDelayMs: 0 });
  });
  it("gives the bot its mistake rate and pace, and the seat its time limit", () => {
    assert.deepEqual(serverOptions({ ...base, botMistakes: "sometimes", timeLimit: "30" }, "bot"), {
      botSloppiness: 0.2,
      botDelayMs: 0,
      decisionDeadlineSec: 30,
    });
    assert.deepEqual(serverOptions({ ...base, botMistakes: "often", botThinks: true }, "bot"), {
      botSloppiness: 0.5,
      botDelayMs: BOT_THINKS_MS,
    });
  });
  it("keeps a friend match's warm-seat bot at once and free of mistakes, but keeps the time limit", () => {
    assert.deepEqual(
      serverOptions({ ...base, botMistakes: "often", botThinks: true, timeLimit: "60" }, "friend"),
      { botSloppiness: 0, botDelayMs: 0, decisionDeadlineSec: 60 },
    );
  });
});
