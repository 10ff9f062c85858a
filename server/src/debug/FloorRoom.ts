// Benchmarks only (npm run bench:server, TANGO_BENCH=1): a room with no game, on the same
// transport as the match room. What its players cost in server heap is the part of a match's cost
// that is Colyseus's own (room, seat, socket, serializer), not the game's.
//
// Created with `framesPerRequest` and `patchBytes` (the game's patch traffic, as the bench
// measured it), it also sends that traffic: after each request, patches of about `patchBytes`
// each, enough of them that its players receive `framesPerRequest` patch frames per request on
// average, the first at once and the rest one match tick (50 ms) apart, as a segment's departure
// and arrival are. Its round trip is then Colyseus carrying the game's state traffic, no game.

import { Room } from "@colyseus/core";
import { schema, t } from "@colyseus/schema";
import { z } from "zod";
import { TICK_RATE } from "../rooms/MatchRoom.ts";
import { patchOnDemand } from "../rooms/patchOnDemand.ts";

const FloorState = schema(
  {
    phase: t.string().default("lobby"),
    /** What each patch changes: a string of about the game's patch size. */
    blob: t.string().default(""),
  },
  "FloorState",
);

export const FloorOptions = z.object({
  framesPerRequest: z.number().min(0).max(50).default(0),
  patchBytes: z.number().int().min(8).max(65_536).default(200),
});

/**
 * The patches one request owes: `framesPerRequest` frames, over the `players` each patch reaches,
 * plus the fraction `carried` from earlier requests; what is left over is carried on.
 */
export function patchesFor(
  carried: number,
  framesPerRequest: number,
  players: number,
): { patches: number; carried: number } {
  const owed = carried + framesPerRequest / Math.max(1, players);
  // 1e-9: sums of fractions such as 3.3 / 1 fall a hair short of the whole number they make.
  const patches = Math.floor(owed + 1e-9);
  return { patches, carried: Math.max(0, owed - patches) };
}

/** The match room's tick: the spacing of the patches that follow one request. */
const TICK_MS = 1000 / TICK_RATE;
/** A patch of one string field: the message code, the field, the string's header (measured). */
const PATCH_OVERHEAD_BYTES = 4;

export class FloorRoom extends Room<{ state: InstanceType<typeof FloorState> }> {
  override maxClients = 2;
  override state = new FloorState();
  private opts: z.infer<typeof FloorOptions> = FloorOptions.parse({});
  /** Patch frames owed to the room's players, in patches (each reaches every player in the room). */
  private owed = 0;
  private patchNo = 0;
  private base = "";
  private readonly timers = new Set<NodeJS.Timeout>();

  override onCreate(raw: unknown): void {
    const parsed = FloorOptions.safeParse(raw ?? {});
    if (!parsed.success) throw new Error(`invalid floor options: ${z.prettifyError(parsed.error)}`);
    this.opts = parsed.data;
    this.base = "x".repeat(Math.max(1, this.opts.patchBytes - PATCH_OVERHEAD_BYTES));
    patchOnDemand(this); // like the match room; no clock of Colyseus's own
    this.onMessage("move", () => {
      if (this.opts.framesPerRequest > 0) this.owePatches();
      return { ok: true };
    });
  }

  override onDispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  /** This request's share of the traffic, the first patch at once, the rest a tick apart. */
  private owePatches(): void {
    const { patches, carried } = patchesFor(this.owed, this.opts.framesPerRequest, this.clients.length);
    this.owed = carried;
    for (let i = 0; i < patches; i++) {
      if (i === 0) setImmediate(() => this.patch());
      else {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          this.patch();
        }, i * TICK_MS);
        this.timers.add(timer);
      }
    }
  }

  private patch(): void {
    if (this.clients.length === 0) return;
    // A new string each time (its first character cycles), so the field changes.
    this.state.blob = String.fromCharCode(97 + (this.patchNo++ % 26)) + this.base.slice(1);
    this.broadcastPatch();
  }
}
