// Patches only when the room asks (broadcastPatch), and no interval of Colyseus's own.
//
// Clearing `patchRate` makes Colyseus start a 60 Hz interval per room to tick the room clock,
// unless the room has a simulation interval. A room that ticks its clock itself (the match room,
// on the shared timestep loop) or has no timers at all (the bench's FloorRoom) marks one instead:
// a marker, which clearInterval ignores.

import type { Room } from "@colyseus/core";

const NO_COLYSEUS_INTERVAL = Object.freeze({ clockTickedByTheRoom: true });

export function patchOnDemand(room: Room): void {
  (room as unknown as { _simulationInterval?: unknown })._simulationInterval = NO_COLYSEUS_INTERVAL;
  room.patchRate = null as unknown as number;
}
