import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { TOO_MANY_MESSAGES_CODE } from "@tcp-tango/shared/protocol/refusals.ts";
import { MAX_MESSAGES_PER_SECOND, type Metered, meter, overLimit } from "./flood.ts";

const socket = (): Metered & { closed: number[] } => {
  const closed: number[] = [];
  return { messagesInSecond: 0, secondEndsAt: 0, closed, close: (code) => closed.push(code) };
};

describe("overLimit", () => {
  it("allows `max` messages in a second and refuses the next one", () => {
    const m = socket();
    const verdicts = Array.from({ length: 4 }, () => overLimit(m, 1000, 3));
    assert.deepEqual(verdicts, [false, false, false, true]);
  });

  it("counts each second afresh", () => {
    const m = socket();
    for (let i = 0; i < 3; i++) overLimit(m, 5000, 3);
    assert.equal(overLimit(m, 5999, 3), true, "still the same second");
    assert.equal(overLimit(m, 6000, 3), false, "a new second");
  });
});

describe("meter", () => {
  it("closes the connection with TOO_MANY_MESSAGES_CODE once the limit is passed", () => {
    const m = socket();
    for (let i = 0; i < MAX_MESSAGES_PER_SECOND; i++) meter(m, 100);
    assert.deepEqual(m.closed, []);
    meter(m, 100);
    assert.deepEqual(m.closed, [TOO_MANY_MESSAGES_CODE]);
  });
});
