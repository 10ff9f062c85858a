// IndexedLocalDriver: lookups by roomId through its index, everything else as LocalDriver does.
import assert from "node:assert/strict";
import { describe, it } from "node:test";
import type { IRoomCache } from "@colyseus/core";
import { IndexedLocalDriver } from "./IndexedLocalDriver.ts";

function listing(roomId: string, extra: Partial<IRoomCache> = {}): IRoomCache {
  return {
    roomId,
    name: "match",
    clients: 0,
    maxClients: 2,
    locked: false,
    private: true,
    processId: "p1",
    metadata: { code: roomId.toUpperCase() },
    ...extra,
  } as IRoomCache;
}

describe("IndexedLocalDriver", () => {
  it("finds a listing by roomId, and nothing for an unknown one", async () => {
    const d = new IndexedLocalDriver();
    for (const id of ["a", "b", "c"]) await d.insert(listing(id));
    assert.equal((await d.findOne({ roomId: "b" }))?.roomId, "b");
    assert.equal(await d.findOne({ roomId: "zz" }), undefined);
  });

  it("refuses a second listing with the same roomId", async () => {
    const d = new IndexedLocalDriver();
    assert.equal(await d.insert(listing("a")), true);
    assert.equal(await d.insert(listing("a")), false);
    assert.equal(d.rooms.length, 1);
  });

  it("removes a listing once, keeps the others in order, and forgets it everywhere", async () => {
    const d = new IndexedLocalDriver();
    for (const id of ["a", "b", "c", "d"]) await d.insert(listing(id));
    assert.equal(d.remove("c"), true);
    assert.equal(d.remove("c"), false);
    assert.deepEqual(
      d.rooms.map((r) => r.roomId),
      ["a", "b", "d"],
    );
    assert.equal(d.has("c"), false);
    assert.equal(await d.findOne({ roomId: "c" }), undefined);
    // The id can be listed again after its removal.
    assert.equal(await d.insert(listing("c")), true);
    assert.equal((await d.findOne({ roomId: "c" }))?.roomId, "c");
  });

  it("sees updates made to a listing in place", async () => {
    const d = new IndexedLocalDriver();
    const l = listing("a");
    await d.insert(l);
    d.update(l, { $set: { locked: true }, $inc: { clients: 1 } });
    const found = await d.findOne({ roomId: "a" });
    assert.equal(found?.locked, true);
    assert.equal(found?.clients, 1);
  });

  it("answers other queries as LocalDriver does (metadata, several conditions)", async () => {
    const d = new IndexedLocalDriver();
    await d.insert(listing("a"));
    await d.insert(listing("b", { locked: true }));
    assert.equal((await d.findOne({ roomId: "b", locked: true }))?.roomId, "b");
    assert.equal(await d.findOne({ roomId: "a", locked: true }), undefined);
    assert.deepEqual(
      d.query({ code: "B" } as Partial<IRoomCache>).map((r) => r.roomId),
      ["b"],
    );
  });

  it("finds several by id, and persists a listing created elsewhere", async () => {
    const d = new IndexedLocalDriver();
    await d.insert(listing("a"));
    assert.equal(d.persist(listing("b"), true), true);
    const found = await d.findByIds(["a", "b", "x"]);
    assert.deepEqual([...found.keys()].sort(), ["a", "b"]);
    d.clear();
    assert.equal(await d.findOne({ roomId: "a" }), undefined);
    assert.equal(d.rooms.length, 0);
  });
});
