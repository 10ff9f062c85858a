// Keep-alive pings spread over the interval instead of sent all at once.
//
// @colyseus/ws-transport pings every client in one burst every `pingInterval`: with 4,000
// players that burst is 4,000 frames written back to back, a stall of about 150 ms on this
// machine that every move in flight waits through. Here one slice of the clients is pinged every
// SLICE_MS, so each client is still pinged once per interval and dropped after the same number
// of unanswered pings.
//
// Only silent clients are pinged, as TCP probes only idle connections (RFC 9293 §3.8.4:
// keep-alives only when nothing was received within an interval). A player who moved or pinged
// since their last turn in the round has shown they are there: a ping would cost a write and a
// read (at 1,000 players, a sixth of the server's socket writes and a third of its reads) to
// learn nothing. A client that falls silent is pinged from the next round on, so it is dropped at
// most one interval later than if it had been pinged all along.

export const SLICE_MS = 100;

export interface Pingable {
  /** Pings sent since the last pong (the transport's pong handler resets it to 0). */
  pingCount: number;
  /** Something arrived from the client since its last turn in a round (see `heardFrom`). */
  heard?: boolean;
  ping(cb: () => void): void;
  terminate(): void;
}

function noop(): void {}

/**
 * The work of one slice: ping the next clients of this round. A round begins once per interval
 * and takes a copy of the set (a Set iterator held across ticks would keep every client that left
 * alive, as V8 keeps a set's old tables for its live iterators); clients that left since are
 * skipped, and clients that joined wait for the next round. Call every SLICE_MS.
 */
export function staggeredPinger<C extends Pingable>(
  clients: Set<C>,
  intervalMs: number,
  maxRetries: number,
): () => void {
  const slices = Math.max(1, Math.round(intervalMs / SLICE_MS));
  let round: C[] = [];
  let next = 0;
  let perSlice = 0;
  let slicesRun = 0;
  return () => {
    // Every `slices` slices, however few the clients. A round that began when the last one ended
    // pinged each of fewer clients than slices every (clients × SLICE_MS): a lone player whose
    // pong took over 200 ms was dropped.
    if (slicesRun++ % slices === 0) {
      round = Array.from(clients);
      next = 0;
      perSlice = Math.ceil(round.length / slices);
    }
    const end = Math.min(round.length, next + perSlice);
    for (; next < end; next++) {
      const c = round[next] as C;
      if (!clients.has(c)) continue;
      if (c.heard) {
        c.heard = false; // it spoke this interval: as good as a pong
        c.pingCount = 0;
        continue;
      }
      if (c.pingCount >= maxRetries) {
        c.terminate();
        continue;
      }
      c.pingCount++;
      c.ping(noop);
    }
    if (next >= round.length) round = []; // let the copy go until the next round
  };
}

/** Note that `socket`'s client spoke (see Pingable.heard). */
export function heardFrom(socket: Pick<Pingable, "heard">): void {
  socket.heard = true;
}
