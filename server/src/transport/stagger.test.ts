import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { type Pingable, SLICE_MS, staggeredPinger } from "./stagger.ts";

class Fake implements Pingable {
  pingCount = 0;
  heard = false;
  pings = 0;
  terminated = false;
  ping(): void {
    this.pings++;
  }
  terminate(): void {
    this.terminated = true;
  }
}

const SLICES = 3000 / SLICE_MS;

describe("staggered keep-alive pings", () => {
  it("ping each client once per interval, a slice at a time", () => {
    const clients = new Set(Array.from({ length: 90 }, () => new Fake()));
    const slice = staggeredPinger(clients, 3000, 2);
    slice();
    const first = [...clients].filter((c) => c.pings === 1).length;
    assert.equal(first, 90 / SLICES, "one slice pings its share only");
    for (let i = 1; i < SLICES; i++) slice();
    assert.ok([...clients].every((c) => c.pings === 1));
  });

  it("ping each client once per interval also when there are fewer clients than slices", () => {
    const lone = new Fake();
    const slice = staggeredPinger(new Set([lone]), 3000, 2);
    for (let i = 0; i < SLICES; i++) {
      slice();
      lone.pingCount = 0; // its pong came back
    }
    assert.equal(lone.pings, 1, "one interval, one ping");
  });

  it("drop a client that left its pings unanswered, keep one that answers", () => {
    const silent = new Fake();
    const answering = new Fake();
    const clients = new Set([silent, answering]);
    const slice = staggeredPinger(clients, 3000, 2);
    for (let i = 0; i < SLICES * 3 + 1; i++) {
      slice();
      answering.pingCount = 0; // its pong came back
    }
    assert.equal(silent.terminated, true);
    assert.equal(silent.pings, 2);
    assert.equal(answering.terminated, false);
    assert.ok(answering.pings >= 3);
  });

  it("skip clients that left mid-round, and ping those that joined in the next round", () => {
    const a = new Fake();
    const b = new Fake();
    const clients = new Set([a, b]);
    const slice = staggeredPinger(clients, SLICE_MS * 2, 2);
    slice(); // a
    clients.delete(b);
    const c = new Fake();
    clients.add(c);
    slice(); // b is gone; the round ends
    assert.deepEqual([a.pings, b.pings, c.pings], [1, 0, 0]);
    slice(); // the next round: a
    slice(); // c
    assert.deepEqual([a.pings, b.pings, c.pings], [2, 0, 1]);
  });

  it("skip a client heard from this interval, as an answered ping", () => {
    const talking = new Fake();
    const clients = new Set([talking]);
    const slice = staggeredPinger(clients, 3000, 2);
    talking.pingCount = 1; // a ping still unanswered when it spoke
    for (let round = 0; round < 5; round++) {
      talking.heard = true; // it moved during the round
      for (let i = 0; i < SLICES; i++) slice();
    }
    assert.equal(talking.pings, 0, "no probe of a connection that is in use");
    assert.equal(talking.pingCount, 0, "what it sent counts as a pong");
    assert.equal(talking.heard, false);
  });

  it("ping a client once it falls silent, and drop it at most one interval later than before", () => {
    const fallsSilent = new Fake();
    const clients = new Set([fallsSilent]);
    const slice = staggeredPinger(clients, 3000, 2);
    fallsSilent.heard = true; // its last words, then nothing
    let rounds = 0;
    while (!fallsSilent.terminated && rounds < 10) {
      for (let i = 0; i < SLICES; i++) slice();
      rounds++;
    }
    assert.equal(fallsSilent.pings, 2);
    assert.equal(rounds, 4, "one round skipped (it was heard), two pinged, dropped on the fourth");
  });
});
