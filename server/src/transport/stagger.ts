// Keep-alive pings spread over the interval instead of sent all at once.
//
// @colyseus/ws-transport pings every client in one burst every `pingInterval`: with 4,000
// players that burst is 4,000 frames written back to back, a stall of about 150 ms on this
// machine that every move in flight waits through. Here one slice of the clients is pinged every
// SLICE_MS, so each client is still pinged once per interval and dropped after the same number
// of unanswered pings.

export const SLICE_MS = 100;

export interface Pingable {
  /** Pings sent since the last pong (the transport's pong handler resets it to 0). */
  pingCount: number;
  ping(cb: () => void): void;
  terminate(): void;
}

function noop(): void {}

/**
 * The work of one slice: ping the next clients of this round. A round takes a copy of the set
 * when it begins (a Set iterator held across ticks would keep every client that left alive, as
 * V8 keeps a set's old tables for its live iterators); clients that left since are skipped, and
 * clients that joined wait for the next round. Call every SLICE_MS.
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
  return () => {
    if (next >= round.length) {
      round = Array.from(clients);
      next = 0;
      perSlice = Math.ceil(round.length / slices);
    }
    const end = Math.min(round.length, next + perSlice);
    for (; next < end; next++) {
      const c = round[next] as C;
      if (!clients.has(c)) continue;
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
