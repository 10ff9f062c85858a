import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { Encoder, Reflection } from "@colyseus/schema";
import { MatchState } from "../schema/MatchState.ts";

describe("the match state's handshake", () => {
  it("is the same bytes for every room, whatever its state holds", () => {
    const a = new MatchState();
    const b = new MatchState();
    b.phase = "playing";
    b.ladder.push('[0,"call","client",0,"connect()"]');
    const bytes = (s: InstanceType<typeof MatchState>) => Buffer.from(Reflection.encode(new Encoder(s)));
    assert.ok(bytes(a).length > 100);
    assert.deepEqual(bytes(a), bytes(b));
  });
});
