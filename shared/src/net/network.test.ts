import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ACK, FIN, flagsFromString, PSH, RST, type Segment, SYN } from "../tcp/segment.ts";
import {
  type Direction,
  LinkConditions,
  Network,
  NetworkConfig,
  type NetworkConfigInput,
  parsedOnce,
  parseNetworkConfig,
  ScriptedFault,
  symmetric,
  type Transmission,
} from "./network.ts";
import { Prng } from "./prng.ts";

function seg(flags: number | string, seq = 0): Segment {
  return {
    srcIp: "10.0.0.1",
    srcPort: 40000,
    dstIp: "10.0.0.2",
    dstPort: 80,
    seq,
    ack: 0,
    flags: typeof flags === "string" ? flagsFromString(flags) : flags,
    wnd: 65535,
    len: 0,
  };
}

function net(config: NetworkConfigInput = {}, seed: number | string = 1): Network {
  return new Network(config, new Prng(seed));
}

/** Sends n segments 1 ms apart and returns whether each original was lost. */
function lossPattern(n: NetworkConfigInput, count: number, seed = 7): boolean[] {
  const network = net(n, seed);
  return Array.from(
    { length: count },
    (_, i) => network.transmit(seg(ACK, i), "a->b", i).copies[0]?.fate === "lost",
  );
}

function meanBurstLength(lost: boolean[]): number {
  const bursts: number[] = [];
  let run = 0;
  for (const l of lost) {
    if (l) run++;
    else if (run > 0) {
      bursts.push(run);
      run = 0;
    }
  }
  if (run > 0) bursts.push(run);
  return bursts.reduce((a, b) => a + b, 0) / bursts.length;
}

function rate(lost: boolean[]): number {
  return lost.filter(Boolean).length / lost.length;
}

describe("config schemas", () => {
  it("fill in defaults", () => {
    assert.deepEqual(LinkConditions.parse({}), {
      delayMs: 50,
      jitterMs: 0,
      loss: { model: "none" },
      duplicateP: 0,
      reorder: { p: 0, extraDelayMs: 100 },
    });
    const config = NetworkConfig.parse({});
    assert.deepEqual(config["a->b"], LinkConditions.parse({}));
    assert.deepEqual(config["b->a"], LinkConditions.parse({}));
    assert.deepEqual(config.faults, []);
    assert.deepEqual(ScriptedFault.parse({ match: { flags: "F" }, action: "drop" }), {
      match: { flags: "F" },
      action: "drop",
      times: 1,
    });
    assert.deepEqual(
      LinkConditions.parse({ loss: { model: "gilbert-elliott", pGoodToBad: 0.1, pBadToGood: 0.5 } }).loss,
      { model: "gilbert-elliott", pGoodToBad: 0.1, pBadToGood: 0.5, lossInGood: 0, lossInBad: 1 },
    );
  });

  it("symmetric uses the same conditions both ways", () => {
    const config = symmetric({ delayMs: 20, loss: { model: "bernoulli", p: 0.1 } }, [
      { match: { nth: 2 }, action: "drop" },
    ]);
    assert.deepEqual(config["a->b"], config["b->a"]);
    assert.equal(config["a->b"].delayMs, 20);
    assert.equal(config.faults.length, 1);
    assert.deepEqual(symmetric(), NetworkConfig.parse({}));
  });

  it("reject a probability above 1 with a message naming the field", () => {
    const r = LinkConditions.safeParse({ loss: { model: "bernoulli", p: 1.5 } });
    assert.equal(r.success, false);
    assert.deepEqual(r.error?.issues[0]?.path, ["loss", "p"]);
    assert.equal(r.error?.issues[0]?.message, "loss.p is a probability and must be at most 1");
    assert.equal(LinkConditions.safeParse({ duplicateP: -0.1 }).success, false);
    assert.equal(LinkConditions.safeParse({ reorder: { p: 2 } }).success, false);
    assert.throws(
      () => net({ "a->b": { loss: { model: "bernoulli", p: 1.5 } } }),
      (e: unknown) =>
        e instanceof RangeError &&
        /Invalid network config/.test(e.message) &&
        /loss\.p is a probability and must be at most 1/.test(e.message) &&
        /a->b/.test(e.message),
    );
  });

  it("reject a negative delay, a fractional one, and unknown fields", () => {
    assert.throws(() => parseNetworkConfig({ "b->a": { delayMs: -5 } }), /delayMs must not be negative/);
    assert.throws(() => parseNetworkConfig({ "b->a": { jitterMs: -1 } }), /jitterMs must not be negative/);
    assert.throws(
      () => parseNetworkConfig({ "a->b": { delayMs: 1.5 } }),
      /delayMs must be a whole number of milliseconds/,
    );
    assert.throws(() => parseNetworkConfig({ "a->b": { delay: 10 } }), /Unrecognized key: "delay"/);
    assert.throws(() => parseNetworkConfig({ "a->b": { loss: { model: "sometimes" } } }), /loss\.model/);
  });

  it("reject malformed faults", () => {
    assert.throws(
      () => parseNetworkConfig({ faults: [{ match: { flags: "A" }, action: "delay" }] }),
      /delayMs is required when action is "delay"/,
    );
    assert.throws(
      () => parseNetworkConfig({ faults: [{ match: { flags: "X" }, action: "drop" }] }),
      /match\.flags may only contain the flag letters/,
    );
    assert.throws(
      () => parseNetworkConfig({ faults: [{ match: { nth: 0 }, action: "drop" }] }),
      /match\.nth counts from 1/,
    );
    assert.throws(() => parseNetworkConfig({ faults: [{ action: "explode" }] }), /action must be/);
    assert.throws(
      () => parseNetworkConfig({ faults: [{ action: "drop", times: 0 }] }),
      /times must be at least 1/,
    );
  });
});

describe("Network", () => {
  it("networks made from one config input share its parsed conditions, frozen", () => {
    const input: NetworkConfigInput = { "a->b": { delayMs: 30, loss: { model: "bernoulli", p: 0.5 } } };
    const parsed = parsedOnce(input);
    assert.equal(parsedOnce(input), parsed, "parsed once");
    assert.deepEqual(parsed, parseNetworkConfig(input), "as parseNetworkConfig reads it");
    assert.ok(Object.isFrozen(parsed) && Object.isFrozen(parsed["a->b"].loss), "deeply frozen");
    const a = new Network(input, new Prng(9));
    const b = new Network(input, new Prng(9));
    for (let i = 0; i < 20; i++)
      assert.deepEqual(a.transmit(seg(ACK), "a->b", i).copies, b.transmit(seg(ACK), "a->b", i).copies);
  });

  it("with no loss and no jitter, arrives exactly delay later", () => {
    const n = net({ "a->b": { delayMs: 50 }, "b->a": { delayMs: 20 } });
    const t1 = n.transmit(seg(SYN), "a->b", 1_000);
    assert.deepEqual(t1, {
      id: 1,
      nth: 1,
      seg: seg(SYN),
      direction: "a->b",
      sentAt: 1_000,
      copies: [{ copy: 0, fate: "delivered", arriveAt: 1_050 }],
    });
    const t2 = n.transmit(seg(SYN | ACK), "b->a", 1_050);
    assert.equal(t2.id, 2);
    assert.equal(t2.nth, 1, "nth counts per direction");
    assert.deepEqual(t2.copies, [{ copy: 0, fate: "delivered", arriveAt: 1_070 }]);
    const t3 = n.transmit(seg(ACK), "a->b", 1_070);
    assert.equal(t3.id, 3);
    assert.equal(t3.nth, 2);
    assert.equal(t3.copies[0]?.arriveAt, 1_120);
    for (let i = 0; i < 200; i++) assert.equal(n.transmit(seg(ACK), "a->b", i).copies[0]?.arriveAt, i + 50);
  });

  it("jitter spreads the delay uniformly over whole ms in [delay - jitter, delay + jitter]", () => {
    const n = net({ "a->b": { delayMs: 50, jitterMs: 10 } });
    const seen = new Set<number>();
    for (let i = 0; i < 3_000; i++) {
      const d = (n.transmit(seg(ACK), "a->b", 0).copies[0]?.arriveAt ?? Number.NaN) - 0;
      assert.ok(Number.isInteger(d) && d >= 40 && d <= 60, `delay ${d}`);
      seen.add(d);
    }
    assert.equal(seen.size, 21, "every value from 40 to 60 shows up");
  });

  it("clamps a jittered delay at 0", () => {
    const n = net({ "a->b": { delayMs: 5, jitterMs: 20 } });
    let zeros = 0;
    for (let i = 0; i < 2_000; i++) {
      const at = n.transmit(seg(ACK), "a->b", 100).copies[0]?.arriveAt ?? Number.NaN;
      assert.ok(at >= 100 && at <= 125, `arrives at ${at}`);
      if (at === 100) zeros++;
    }
    assert.ok(zeros > 0);
  });

  it("bernoulli p=0.3 loses about 30% of 10k segments", () => {
    const n = net({ "a->b": { loss: { model: "bernoulli", p: 0.3 } } }, "bernoulli");
    let lost = 0;
    for (let i = 0; i < 10_000; i++) {
      const tx = n.transmit(seg(ACK, i), "a->b", i);
      assert.equal(tx.copies.length, 1);
      if (tx.copies[0]?.fate === "lost") {
        lost++;
        assert.deepEqual(tx.copies[0], {
          copy: 0,
          fate: "lost",
          arriveAt: i + 50,
          cause: "random",
        });
      }
    }
    assert.ok(Math.abs(lost / 10_000 - 0.3) < 0.02, `loss rate ${lost / 10_000}`);
    assert.deepEqual(n.stats()["a->b"], {
      sent: 10_000,
      lost,
      duplicated: 0,
      reordered: 0,
      delayed: 0,
    });
    assert.equal(n.stats()["b->a"].sent, 0);
  });

  it("gilbert-elliott loses in bursts, longer than bernoulli's at the same average loss", () => {
    const ge = lossPattern(
      {
        "a->b": {
          loss: { model: "gilbert-elliott", pGoodToBad: 0.05, pBadToGood: 0.3 },
        },
      },
      20_000,
    );
    const geRate = rate(ge);
    // Stationary loss: pGoodToBad / (pGoodToBad + pBadToGood) ≈ 0.143.
    assert.ok(Math.abs(geRate - 0.05 / 0.35) < 0.03, `GE loss rate ${geRate}`);
    const be = lossPattern({ "a->b": { loss: { model: "bernoulli", p: geRate } } }, 20_000);
    assert.ok(Math.abs(rate(be) - geRate) < 0.02);
    const geBurst = meanBurstLength(ge);
    const beBurst = meanBurstLength(be);
    // Expected: 1 / pBadToGood ≈ 3.3 for GE, 1 / (1 - p) ≈ 1.17 for Bernoulli.
    assert.ok(geBurst > 2.5, `GE mean burst ${geBurst}`);
    assert.ok(beBurst < 1.5, `Bernoulli mean burst ${beBurst}`);
    assert.ok(geBurst > 2 * beBurst);
  });

  it("gilbert-elliott marks losses in the bad state as bursts", () => {
    const n = net({
      "a->b": {
        loss: {
          model: "gilbert-elliott",
          pGoodToBad: 0.1,
          pBadToGood: 0.2,
          lossInGood: 0.05,
          lossInBad: 0.9,
        },
      },
    });
    const causes = new Set<string | undefined>();
    for (let i = 0; i < 5_000; i++) {
      const d = n.transmit(seg(ACK), "a->b", i).copies[0];
      if (d?.fate === "lost") causes.add(d.cause);
    }
    assert.deepEqual([...causes].sort(), ["burst", "random"]);
  });

  it("keeps a separate gilbert-elliott state per direction", () => {
    const loss = { model: "gilbert-elliott", pGoodToBad: 1, pBadToGood: 0 } as const;
    const n = net(symmetric({ loss }));
    // First segment each way: still in the good state, delivered; then stuck in bad.
    assert.equal(n.transmit(seg(ACK), "a->b", 0).copies[0]?.fate, "delivered");
    assert.equal(n.transmit(seg(ACK), "a->b", 1).copies[0]?.fate, "lost");
    assert.equal(n.transmit(seg(ACK), "b->a", 2).copies[0]?.fate, "delivered");
    assert.equal(n.transmit(seg(ACK), "b->a", 3).copies[0]?.cause, "burst");
  });

  it("duplicateP=1 gives two deliveries, the copy a little later", () => {
    const n = net({ "a->b": { delayMs: 40, duplicateP: 1 } });
    for (let i = 0; i < 500; i++) {
      const tx = n.transmit(seg(PSH | ACK), "a->b", 10);
      assert.equal(tx.copies.length, 2);
      const [orig, dup] = tx.copies;
      assert.deepEqual(orig, { copy: 0, fate: "delivered", arriveAt: 50 });
      assert.equal(dup?.copy, 1);
      assert.equal(dup?.fate, "delivered");
      assert.equal(dup?.cause, "random");
      const extra = (dup?.arriveAt ?? 0) - 50;
      assert.ok(Number.isInteger(extra) && extra >= 1 && extra <= 40, `extra ${extra}`);
    }
    assert.equal(n.stats()["a->b"].duplicated, 500);
  });

  it("a lost segment is never duplicated", () => {
    const n = net({ "a->b": { duplicateP: 1, loss: { model: "bernoulli", p: 1 } } });
    const tx = n.transmit(seg(ACK), "a->b", 0);
    assert.deepEqual(tx.copies, [{ copy: 0, fate: "lost", arriveAt: 50, cause: "random" }]);
    assert.equal(n.stats()["a->b"].duplicated, 0);
  });

  it("reordering lets a later segment arrive before an earlier one", () => {
    const n = net({ "a->b": { delayMs: 50, reorder: { p: 1, extraDelayMs: 100 } } });
    const first = n.transmit(seg(PSH | ACK, 1), "a->b", 0);
    assert.deepEqual(first.copies, [{ copy: 0, fate: "reordered", arriveAt: 150, cause: "random" }]);
    n.setConditions("a->b", { reorder: { p: 0 } });
    const second = n.transmit(seg(PSH | ACK, 2), "a->b", 10);
    assert.deepEqual(second.copies, [{ copy: 0, fate: "delivered", arriveAt: 60 }]);
    assert.ok((second.copies[0]?.arriveAt ?? 0) < (first.copies[0]?.arriveAt ?? 0));
    assert.equal(n.stats()["a->b"].reordered, 1);
  });

  it("random reordering produces inversions in a steady stream", () => {
    const n = net({ "a->b": { delayMs: 30, reorder: { p: 0.2, extraDelayMs: 25 } } }, "reorder");
    const arrivals = Array.from(
      { length: 200 },
      (_, i) => n.transmit(seg(ACK, i), "a->b", i * 10).copies[0]?.arriveAt ?? 0,
    );
    let inversions = 0;
    for (let i = 1; i < arrivals.length; i++) if ((arrivals[i] ?? 0) < (arrivals[i - 1] ?? 0)) inversions++;
    assert.ok(inversions > 10, `${inversions} inversions`);
    const reordered = n.stats()["a->b"].reordered;
    assert.ok(reordered > 20 && reordered < 60, `${reordered} reordered`);
  });

  describe("scripted faults", () => {
    it('"drop the next FIN" drops FIN+ACK once, not SYN or ACK', () => {
      const n = net({ faults: [{ match: { flags: "F" }, action: "drop" }] });
      assert.equal(n.transmit(seg(SYN), "a->b", 0).copies[0]?.fate, "delivered");
      assert.equal(n.transmit(seg(ACK), "a->b", 1).copies[0]?.fate, "delivered");
      assert.deepEqual(n.transmit(seg(FIN | ACK), "b->a", 2).copies, [
        { copy: 0, fate: "lost", arriveAt: 52, cause: "fault" },
      ]);
      assert.equal(n.transmit(seg(FIN | ACK), "b->a", 3).copies[0]?.fate, "delivered", "only once");
      assert.equal(n.transmit(seg(FIN), "a->b", 4).copies[0]?.fate, "delivered");
      assert.equal(n.stats()["b->a"].lost, 1);
      assert.deepEqual(n.config.faults, []);
    });

    it('"drop segment #3" targets the 3rd segment of the direction', () => {
      const n = net({ faults: [{ match: { nth: 3, direction: "b->a" }, action: "drop" }] });
      const fates = (d: Direction) =>
        Array.from({ length: 5 }, (_, i) => {
          const tx = n.transmit(seg(ACK, i), d, i);
          return `${tx.nth}:${tx.copies[0]?.fate}`;
        });
      assert.deepEqual(fates("a->b"), [
        "1:delivered",
        "2:delivered",
        "3:delivered",
        "4:delivered",
        "5:delivered",
      ]);
      assert.deepEqual(fates("b->a"), ["1:delivered", "2:delivered", "3:lost", "4:delivered", "5:delivered"]);

      const any = net({ faults: [{ match: { nth: 3 }, action: "drop" }] });
      const results = Array.from({ length: 6 }, (_, i) => any.transmit(seg(ACK), "a->b", i).copies[0]?.fate);
      assert.deepEqual(results, ["delivered", "delivered", "lost", "delivered", "delivered", "delivered"]);
    });

    it('"delay the next ACK by 5 s" holds a bare ACK only, once', () => {
      const n = net({ faults: [{ match: { exactFlags: "A" }, action: "delay", delayMs: 5_000 }] });
      assert.equal(n.transmit(seg(SYN | ACK), "b->a", 0).copies[0]?.fate, "delivered");
      assert.equal(n.transmit(seg(FIN | ACK), "b->a", 1).copies[0]?.fate, "delivered");
      assert.deepEqual(n.transmit(seg(ACK), "a->b", 100).copies, [
        { copy: 0, fate: "delayed", arriveAt: 5_150, cause: "fault" },
      ]);
      assert.deepEqual(n.transmit(seg(ACK), "a->b", 101).copies, [
        { copy: 0, fate: "delivered", arriveAt: 151 },
      ]);
      assert.equal(n.stats()["a->b"].delayed, 1);
    });

    it("duplicate makes a copy, after delayMs when given", () => {
      const n = net({
        faults: [
          { match: { flags: "S" }, action: "duplicate", delayMs: 7 },
          { match: { flags: "R" }, action: "duplicate" },
        ],
      });
      assert.deepEqual(n.transmit(seg(SYN), "a->b", 0).copies, [
        { copy: 0, fate: "delivered", arriveAt: 50 },
        { copy: 1, fate: "delivered", arriveAt: 57, cause: "fault" },
      ]);
      const rst = n.transmit(seg(RST), "a->b", 0).copies;
      assert.equal(rst.length, 2);
      assert.ok((rst[1]?.arriveAt ?? 0) >= 51 && (rst[1]?.arriveAt ?? 0) <= 100);
      assert.equal(n.stats()["a->b"].duplicated, 2);
    });

    it("times applies a fault to that many matching segments", () => {
      const n = net({ faults: [{ match: { flags: "S" }, action: "drop", times: 2 }] });
      const fates = Array.from(
        { length: 4 },
        (_, i) => n.transmit(seg(SYN), "a->b", i * 1000).copies[0]?.fate,
      );
      assert.deepEqual(fates, ["lost", "lost", "delivered", "delivered"]);
    });

    it("inject arms a fault at run time and config shows what is left", () => {
      const n = net();
      assert.equal(n.transmit(seg(FIN | ACK), "a->b", 0).copies[0]?.fate, "delivered");
      n.inject({ match: { flags: "F" }, action: "drop", times: 2 });
      assert.deepEqual(n.config.faults, [{ match: { flags: "F" }, action: "drop", times: 2 }]);
      assert.equal(n.transmit(seg(FIN | ACK), "a->b", 1).copies[0]?.fate, "lost");
      assert.deepEqual(n.config.faults, [{ match: { flags: "F" }, action: "drop", times: 1 }]);
      assert.equal(n.transmit(seg(FIN), "b->a", 2).copies[0]?.fate, "lost");
      assert.equal(n.transmit(seg(FIN), "b->a", 3).copies[0]?.fate, "delivered");
      assert.throws(() => n.inject({ match: {}, action: "delay" }), /Invalid scripted fault[\s\S]*delayMs/);
    });

    it("applies only the first matching fault, in order", () => {
      const n = net({
        faults: [
          { match: { flags: "A" }, action: "delay", delayMs: 1_000 },
          { match: { flags: "F" }, action: "drop" },
        ],
      });
      assert.equal(n.transmit(seg(FIN | ACK), "a->b", 0).copies[0]?.fate, "delayed");
      assert.equal(n.transmit(seg(FIN | ACK), "a->b", 1).copies[0]?.fate, "lost");
      assert.equal(n.transmit(seg(FIN | ACK), "a->b", 2).copies[0]?.fate, "delivered");
    });

    it("a fault overrides the random model for that segment", () => {
      const n = net({
        "a->b": { loss: { model: "bernoulli", p: 1 }, duplicateP: 1 },
        faults: [{ match: { exactFlags: "A" }, action: "delay", delayMs: 500 }],
      });
      assert.deepEqual(n.transmit(seg(ACK), "a->b", 0).copies, [
        { copy: 0, fate: "delayed", arriveAt: 550, cause: "fault" },
      ]);
      assert.equal(n.transmit(seg(ACK), "a->b", 1).copies[0]?.fate, "lost");
    });
  });

  it("setConditions changes one direction from now on and validates", () => {
    const n = net({ "a->b": { delayMs: 50, jitterMs: 0 } });
    n.setConditions("a->b", { delayMs: 10 });
    assert.equal(n.transmit(seg(ACK), "a->b", 0).copies[0]?.arriveAt, 10);
    assert.equal(n.transmit(seg(ACK), "b->a", 0).copies[0]?.arriveAt, 50);
    n.setConditions("b->a", { loss: { model: "bernoulli", p: 1 } });
    assert.equal(n.transmit(seg(ACK), "b->a", 0).copies[0]?.fate, "lost");
    assert.equal(n.config["b->a"].delayMs, 50, "fields not given are kept");
    assert.throws(
      () => n.setConditions("a->b", { duplicateP: 3 }),
      (e: unknown) =>
        e instanceof RangeError &&
        /Invalid link conditions for a->b/.test(e.message) &&
        /duplicateP is a probability and must be at most 1/.test(e.message),
    );
    assert.throws(() => n.setConditions("a->b", { delayMs: -1 }), /delayMs must not be negative/);
    assert.equal(n.config["a->b"].delayMs, 10, "a rejected change leaves conditions alone");
    assert.throws(() => n.setConditions("a<-b" as Direction, {}), RangeError);
  });

  it("rejects a bad direction or send time", () => {
    const n = net();
    assert.throws(() => n.transmit(seg(ACK), "sideways" as Direction, 0), RangeError);
    assert.throws(() => n.transmit(seg(ACK), "a->b", Number.NaN), RangeError);
  });

  describe("determinism", () => {
    const busy: NetworkConfigInput = {
      "a->b": {
        delayMs: 40,
        jitterMs: 15,
        loss: { model: "gilbert-elliott", pGoodToBad: 0.05, pBadToGood: 0.4, lossInGood: 0.01 },
        duplicateP: 0.05,
        reorder: { p: 0.1, extraDelayMs: 60 },
      },
      "b->a": { delayMs: 25, jitterMs: 5, loss: { model: "bernoulli", p: 0.1 }, duplicateP: 0.1 },
      faults: [
        { match: { flags: "F" }, action: "drop" },
        { match: { nth: 100, direction: "b->a" }, action: "delay", delayMs: 3_000 },
        { match: { exactFlags: "SA" }, action: "duplicate", times: 3 },
      ],
    };
    const flagMix = [SYN, SYN | ACK, ACK, PSH | ACK, FIN | ACK, RST, ACK];

    function run(seed: number | string, config: NetworkConfigInput = busy): Transmission[] {
      const n = net(config, seed);
      const out: Transmission[] = [];
      for (let i = 0; i < 1_000; i++) {
        const d: Direction = i % 3 === 0 ? "b->a" : "a->b";
        out.push(n.transmit(seg(flagMix[i % flagMix.length] ?? ACK, i), d, i * 7));
        if (i === 500) n.inject({ match: { flags: "R" }, action: "drop", times: 5 });
      }
      return out;
    }

    it("the same seed gives JSON-identical transmissions for 1k segments", () => {
      const a = run("seed-1");
      const b = run("seed-1");
      assert.equal(JSON.stringify(a), JSON.stringify(b));
      const fates = new Set(a.flatMap((t) => t.copies.map((c) => `${c.fate}/${c.cause}`)));
      for (const f of [
        "delivered/undefined",
        "lost/random",
        "lost/burst",
        "lost/fault",
        "reordered/random",
        "delayed/fault",
      ])
        assert.ok(fates.has(f), `${f} occurs`);
      assert.ok(a.some((t) => t.copies.length === 2));
    });

    it("a different seed gives a different run", () => {
      assert.notEqual(JSON.stringify(run("seed-1")), JSON.stringify(run("seed-2")));
    });

    it("draws a fixed number of values per transmit, so outcomes line up across conditions", () => {
      const plain: NetworkConfigInput = symmetric({ delayMs: 50, jitterMs: 20, duplicateP: 0.3 });
      const lossy: NetworkConfigInput = symmetric(
        { delayMs: 50, jitterMs: 20, duplicateP: 0.3, loss: { model: "bernoulli", p: 0.5 } },
        [{ match: { flags: "S" }, action: "drop", times: 10 }],
      );
      const a = run(9, plain);
      const b = run(9, lossy);
      let compared = 0;
      for (const [i, tb] of b.entries()) {
        const ta = a[i] as Transmission;
        if (tb.copies[0]?.fate === "lost") continue;
        compared++;
        // Same jitter and same duplication decision for the i-th segment, whatever happened
        // to the segments before it.
        assert.deepEqual(tb.copies, ta.copies, `segment ${i}`);
      }
      assert.ok(compared > 300);
    });

    it("traffic in one direction does not shift the other direction's randomness", () => {
      const config: NetworkConfigInput = symmetric({
        jitterMs: 30,
        loss: { model: "bernoulli", p: 0.2 },
      });
      const n1 = net(config, 5);
      const n2 = net(config, 5);
      const only = Array.from({ length: 100 }, (_, i) => n1.transmit(seg(ACK), "a->b", i).copies);
      const mixed: Transmission["copies"][] = [];
      for (let i = 0; i < 100; i++) {
        n2.transmit(seg(ACK), "b->a", i);
        n2.transmit(seg(ACK), "b->a", i);
        mixed.push(n2.transmit(seg(ACK), "a->b", i).copies);
      }
      assert.deepEqual(mixed, only);
    });

    it("does not advance the prng it is given", () => {
      const prng = new Prng(3);
      const before = prng.snapshot();
      const n = new Network({}, prng);
      n.transmit(seg(ACK), "a->b", 0);
      assert.deepEqual(prng.snapshot(), before);
    });
  });
});
