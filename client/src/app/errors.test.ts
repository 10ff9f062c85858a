import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  AppError,
  callError,
  matchmakingRateLimited,
  moveError,
  rateLimited,
  rematchError,
  worthRetrying,
} from "./errors.ts";

describe("request errors", () => {
  it("a request that never reached the room is said in the page's language", () => {
    const offline = new Error('cannot send request "move": connection is not open.');
    assert.equal(moveError(offline).key, "err.offline");
    assert.equal(
      callError(new Error("connection closed before a response was received.")).key,
      "err.offline",
    );
    assert.equal(rematchError(new Error('request "rematch" timed out after 15000ms.')).key, "err.timeout");
  });

  it("a refusal from the room keeps its own meaning", () => {
    const refused = Object.assign(new Error("refused"), {
      reason: { error: "not_your_turn", message: "connection is not open" },
    });
    assert.equal(moveError(refused).key, "err.notYourTurn");
    assert.equal(moveError(new Error("something else")).key, "err.generic");
  });
});

describe("the HTTP API's 429", () => {
  it("says how many seconds to wait, from Retry-After, at least 1", () => {
    const res = (after: string | null) =>
      new Response("{}", { status: 429, headers: after === null ? {} : { "Retry-After": after } });
    assert.deepEqual(rateLimited(res("7")).params, { seconds: 7 });
    assert.equal(rateLimited(res("7")).key, "err.rateLimited");
    assert.deepEqual(rateLimited(res(null)).params, { seconds: 1 });
    assert.deepEqual(rateLimited(res("soon")).params, { seconds: 1 });
  });
});

describe("matchmaking's 429", () => {
  it("says how many seconds to wait, from the message, at least 1", () => {
    const e = matchmakingRateLimited("too many matches created from this address; try again in 12 s");
    assert.equal(e.key, "err.rateLimited");
    assert.deepEqual(e.params, { seconds: 12 });
    assert.deepEqual(matchmakingRateLimited("slow down").params, { seconds: 1 });
  });
});

describe("worthRetrying", () => {
  it("is true for a full or unreachable server, false for a refusal that stays", () => {
    for (const key of ["err.serverFull", "err.rateLimited", "err.network", "err.timeout"] as const)
      assert.equal(worthRetrying(new AppError(key)), true, key);
    for (const key of ["err.full", "err.unknownCode", "err.protocol"] as const)
      assert.equal(worthRetrying(new AppError(key)), false, key);
    assert.equal(worthRetrying(new Error("x")), false);
  });
});
