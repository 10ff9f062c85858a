import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { ClientState, SchemaSerializer } from "@colyseus/core";
import { Decoder } from "@colyseus/schema";
import { MatchState, PendingDecision } from "../schema/MatchState.ts";
import { FewViews, fewViewsFor, seatView } from "./seatView.ts";

describe("FewViews", () => {
  test("gets what was set, overwrites by key, and forgets everything on clear", () => {
    const a = {};
    const b = {};
    const m = new FewViews<object, string>();
    assert.equal(m.get(a), undefined);
    m.set(a, "a").set(b, "b");
    assert.equal(m.get(a), "a");
    assert.equal(m.get(b), "b");
    m.set(a, "a2");
    assert.equal(m.get(a), "a2");
    m.clear();
    assert.equal(m.get(a), undefined);
    assert.equal(m.get(b), undefined);
    m.set(b, "b3");
    assert.equal(m.get(b), "b3");
  });
});

describe("seat views through Colyseus's serializer", () => {
  test("each seat decodes its own pending decision only, patch after patch", () => {
    const state = new MatchState();
    const serializer = new SchemaSerializer();
    serializer.reset(state);
    const room = { _serializer: serializer };
    fewViewsFor(room);
    assert.ok((serializer as unknown as { encodedViews: unknown }).encodedViews instanceof FewViews);
    const seats = (["client", "server"] as const).map((role) => {
      const decoded = new MatchState();
      const decoder = new Decoder(decoded);
      const client = {
        state: ClientState.JOINED,
        view: seatView(),
        raw: (bytes: Uint8Array) => decoder.decode(bytes.subarray(1)),
      };
      decoder.decode(serializer.getFullState(client as never).subarray(1) as Uint8Array);
      return { role, decoded, client };
    });
    for (let id = 1; id <= 3; id++) {
      const role = id % 2 ? "client" : "server";
      const p = new PendingDecision();
      p.id = id;
      p.role = role;
      state.pending.set(role, p);
      const seat = seats.find((s) => s.role === role);
      seat?.client.view.add(p);
      state.time = id * 100;
      serializer.applyPatches(seats.map((s) => s.client) as never, state);
      for (const s of seats) {
        assert.equal(s.decoded.time, id * 100, `${s.role} has the shared change`);
        assert.equal(s.decoded.pending.get(role)?.id, s.role === role ? id : undefined, `${s.role} at ${id}`);
      }
      seat?.client.view.remove(p);
      state.pending.delete(role);
    }
  });
});
