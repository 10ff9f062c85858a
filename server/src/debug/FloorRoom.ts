// Benchmarks only (npm run bench:server, TANGO_BENCH=1): a room with a one-field state and one
// message, on the same transport as the match room. What its players cost in server heap is the
// part of a match's cost that is Colyseus's own (room, seat, socket, serializer), not the game's.

import { Room } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import { patchOnDemand } from "../rooms/patchOnDemand.ts";

const FloorState = schema({ phase: t.string().default("lobby") }, "FloorState");

export class FloorRoom extends Room<{ state: InstanceType<typeof FloorState> }> {
  override maxClients = 2;
  override state = new FloorState();

  override onCreate(): void {
    patchOnDemand(this); // like the match room; this room has no timers
    this.onMessage("move", () => ({ ok: true }));
  }
}
