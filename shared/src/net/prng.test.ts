import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Prng } from "./prng.ts";

function draws(p: Prng, n: number): number[] {
  return Array.from({ length: n }, () => p.nextUint32());
}

describe("Prng", () => {
  it("gives the same sequence for the same seed", () => {
    assert.deepEqual(draws(new Prng(42), 100), draws(new Prng(42), 100));
    assert.deepEqual(draws(new Prng("tango"), 100), draws(new Prng("tango"), 100));
  });

  it("gives different sequences for different seeds", () => {
    assert.notDeepEqual(draws(new Prng(1), 10), draws(new Prng(2), 10));
    assert.notDeepEqual(draws(new Prng("a"), 10), draws(new Prng("b"), 10));
    assert.notDeepEqual(draws(new Prng(1), 10), draws(new Prng("1"), 10));
    assert.notDeepEqual(draws(new Prng(1), 10), draws(new Prng(1 + 2 ** 32), 10));
  });

  it("keeps a pinned sequence, so runs stay reproducible across versions", () => {
    assert.deepEqual(draws(new Prng(42), 4), PINNED_42);
    assert.deepEqual(draws(new Prng("TCP Tango"), 4), PINNED_TANGO);
    // A fork of a fork: a world's streams (pinned before forks stopped allocating their seed words).
    assert.deepEqual(
      draws(new Prng(42).fork("network").fork("client"), 3),
      [4017408416, 406273430, 4039038885],
    );
  });

  it("treats 0 and -0 as the same seed and rejects non-finite seeds", () => {
    assert.deepEqual(draws(new Prng(0), 5), draws(new Prng(-0), 5));
    assert.throws(() => new Prng(Number.NaN), RangeError);
    assert.throws(() => new Prng(Number.POSITIVE_INFINITY), RangeError);
  });

  it("nextUint32 stays in [0, 2^32) and float in [0, 1)", () => {
    const p = new Prng(7);
    for (let i = 0; i < 10_000; i++) {
      const u = p.nextUint32();
      assert.ok(Number.isInteger(u) && u >= 0 && u < 2 ** 32);
      const f = p.float();
      assert.ok(f >= 0 && f < 1);
    }
  });

  it("float has a sane distribution over 10k draws", () => {
    const p = new Prng("distribution");
    const n = 10_000;
    const buckets = new Array<number>(10).fill(0);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const f = p.float();
      sum += f;
      const b = Math.floor(f * 10);
      buckets[b] = (buckets[b] ?? 0) + 1;
    }
    // The mean of n uniforms has standard deviation 1/sqrt(12 n) ≈ 0.0029; allow ~5 sigma.
    assert.ok(Math.abs(sum / n - 0.5) < 0.015, `mean ${sum / n}`);
    for (const count of buckets) assert.ok(count > 850 && count < 1150, `bucket ${count}`);
  });

  it("int includes both bounds and nothing outside them", () => {
    const p = new Prng(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2_000; i++) {
      const x = p.int(-2, 3);
      assert.ok(Number.isInteger(x) && x >= -2 && x <= 3, `got ${x}`);
      seen.add(x);
    }
    assert.deepEqual(
      [...seen].sort((a, b) => a - b),
      [-2, -1, 0, 1, 2, 3],
    );
    assert.equal(p.int(5, 5), 5);
    const full = p.int(0, 2 ** 32 - 1);
    assert.ok(full >= 0 && full < 2 ** 32);
  });

  it("int rejects bad bounds", () => {
    const p = new Prng(3);
    assert.throws(() => p.int(3, 2), RangeError);
    assert.throws(() => p.int(0.5, 2), RangeError);
    assert.throws(() => p.int(0, 2 ** 32), RangeError);
  });

  it("chance(0) and chance(1) are certain yet still consume exactly one draw", () => {
    const a = new Prng(11);
    const b = new Prng(11);
    for (let i = 0; i < 1_000; i++) {
      assert.equal(a.chance(0), false);
      assert.equal(a.chance(-1), false);
      assert.equal(a.chance(1), true);
      assert.equal(a.chance(2), true);
      b.float();
      b.float();
      b.float();
      b.float();
    }
    assert.deepEqual(a.snapshot(), b.snapshot());
    assert.throws(() => a.chance(Number.NaN), RangeError);
  });

  it("chance(p) comes true about p of the time", () => {
    const p = new Prng(12);
    let hits = 0;
    for (let i = 0; i < 10_000; i++) if (p.chance(0.25)) hits++;
    assert.ok(Math.abs(hits / 10_000 - 0.25) < 0.02, `rate ${hits / 10_000}`);
  });

  it("pick returns elements of the array and throws on an empty one", () => {
    const p = new Prng(5);
    const items = ["S", "F", "R", "P", "A"] as const;
    const seen = new Set<string>();
    for (let i = 0; i < 500; i++) seen.add(p.pick(items));
    assert.equal(seen.size, items.length);
    assert.throws(() => p.pick([]), RangeError);
  });

  it("shuffle returns a new permutation and leaves the input alone", () => {
    const p = new Prng(6);
    const input = Array.from({ length: 20 }, (_, i) => i);
    const frozen = Object.freeze(input.slice());
    const out = p.shuffle(frozen);
    assert.notEqual(out, frozen);
    assert.deepEqual(frozen, input);
    assert.deepEqual(
      out.slice().sort((a, b) => a - b),
      input,
    );
    assert.notDeepEqual(out, input);
    assert.deepEqual(p.shuffle([]), []);
  });

  it("fork gives independent, deterministic children and does not advance the parent", () => {
    const parent = new Prng(99);
    const before = parent.snapshot();
    const ab = parent.fork("a->b");
    const ba = parent.fork("b->a");
    assert.deepEqual(parent.snapshot(), before);

    const abDraws = draws(ab, 50);
    const baDraws = draws(ba, 50);
    assert.notDeepEqual(abDraws, baDraws);
    assert.notDeepEqual(abDraws, draws(new Prng(99), 50));

    // Same parent state + same label → same child, whatever happened to the sibling.
    assert.deepEqual(draws(new Prng(99).fork("a->b"), 50), abDraws);
    // Drawing from a child never touches the parent or its sibling.
    const p2 = new Prng(99);
    const c1 = p2.fork("x");
    const c2 = p2.fork("y");
    const c2First = draws(new Prng(99).fork("y"), 20);
    draws(c1, 1_000);
    assert.deepEqual(draws(c2, 20), c2First);
    assert.deepEqual(p2.snapshot(), before);

    // Forking after the parent moved gives a different child.
    parent.nextUint32();
    assert.notDeepEqual(draws(parent.fork("a->b"), 50), abDraws);
  });

  it("fork children are uncorrelated with each other", () => {
    const parent = new Prng("corr");
    const x = parent.fork("x");
    const y = parent.fork("y");
    const n = 10_000;
    let sx = 0;
    let sy = 0;
    let sxy = 0;
    let sxx = 0;
    let syy = 0;
    for (let i = 0; i < n; i++) {
      const a = x.float();
      const b = y.float();
      sx += a;
      sy += b;
      sxy += a * b;
      sxx += a * a;
      syy += b * b;
    }
    const cov = sxy / n - (sx / n) * (sy / n);
    const corr = cov / Math.sqrt((sxx / n - (sx / n) ** 2) * (syy / n - (sy / n) ** 2));
    assert.ok(Math.abs(corr) < 0.05, `correlation ${corr}`);
  });

  it("snapshot/restore continues identically", () => {
    const p = new Prng("snap");
    draws(p, 37);
    const state = p.snapshot();
    assert.equal(state.length, 4);
    const json = JSON.parse(JSON.stringify(state)) as number[];
    const q = Prng.restore(json);
    assert.deepEqual(draws(q, 100), draws(p, 100));
    assert.deepEqual(q.snapshot(), p.snapshot());
    // The snapshot is a copy: drawing does not change it.
    assert.deepEqual(Prng.restore(state).snapshot(), state);
  });

  it("restore rejects malformed state", () => {
    assert.throws(() => Prng.restore([1, 2, 3]), RangeError);
    assert.throws(() => Prng.restore([1, 2, 3, -1]), RangeError);
    assert.throws(() => Prng.restore([1, 2, 3, 2 ** 32]), RangeError);
    assert.throws(() => Prng.restore([1, 2, 3, 0.5]), RangeError);
  });
});

const PINNED_42 = [3281013620, 1706362121, 1562739726, 2014104381];
const PINNED_TANGO = [2971434549, 970049349, 1855097213, 2173847631];
