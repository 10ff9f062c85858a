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
 * The work of one slice: ping the next clients of `clients` (a live set: clients that joined or
 * left since the round began are seen or skipped as a Set iterator does). Call every SLICE_MS.
 */
export function staggeredPinger<C extends Pingable>(
  clients: Set<C>,
  intervalMs: number,
  maxRetries: number,
): () => void {
  const slices = Math.max(1, Math.round(intervalMs / SLICE_MS));
  let round: Iterator<C> | undefined;
  let perSlice = 0;
  return () => {
    if (!round) {
      round = clients.values();
      perSlice = Math.ceil(clients.size / slices);
    }
    for (let i = 0; i < perSlice; i++) {
      const next = round.next();
      if (next.done) {
        round = undefined;
        return;
      }
      const c = next.value;
      if (c.pingCount >= maxRetries) {
        c.terminate();
        continue;
      }
      c.pingCount++;
      c.ping(noop);
    }
  };
}
