import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { tokenBuckets } from "./rateLimit.ts";

describe("tokenBuckets", () => {
  it("grants a burst at once, then refuses with the seconds until a token is back", () => {
    const b = tokenBuckets({ burst: 3, perSecond: 0.5 });
    assert.deepEqual([b.take("a", 0), b.take("a", 0), b.take("a", 0)], [0, 0, 0]);
    assert.equal(b.take("a", 0), 2, "one token at 0.5 a second: back in 2 s");
    assert.equal(b.take("a", 1500), 1, "0.75 of a token back: the rest within 1 s");
    assert.equal(b.take("a", 2000), 0, "a whole token back after 2 s");
  });

  it("keeps each address's bucket apart", () => {
    const b = tokenBuckets({ burst: 1, perSecond: 1 });
    assert.equal(b.take("a", 0), 0);
    assert.equal(b.take("a", 0), 1);
    assert.equal(b.take("b", 0), 0, "another address is not held up by the first");
  });

  it("never holds more than the burst, however long an address was away", () => {
    const b = tokenBuckets({ burst: 2, perSecond: 10 });
    b.take("a", 0);
    const granted = [0, 0, 0].map(() => b.take("a", 3_600_000));
    assert.deepEqual(granted, [0, 0, 1]);
  });

  it("forgets full buckets first when it remembers too many addresses, then the oldest", () => {
    const b = tokenBuckets({ burst: 2, perSecond: 1 }, 3);
    b.take("old", 0);
    b.take("spent", 0);
    b.take("spent", 0);
    b.take("third", 0);
    assert.equal(b.size, 3);
    // At 1 s: "old" and "third" are full again, "spent" is not: they go, "spent" stays.
    b.take("new", 1000);
    assert.equal(b.size, 2);
    assert.equal(b.take("spent", 1000), 0, "spent has its one token back, not a fresh bucket of 2");
    assert.equal(b.take("spent", 1000), 1);
  });

  it("stays within its bound under a flood of new addresses", () => {
    const b = tokenBuckets({ burst: 1, perSecond: 0.001 }, 100);
    for (let i = 0; i < 1000; i++) b.take(`10.0.${i >> 8}.${i & 255}`, 0);
    assert.ok(b.size <= 100, `${b.size} addresses remembered`);
  });
});
