// The V8 heap settings the match server runs with (`npm start`, `npm run dev`, bench:server).
//
// A match's records (host, flight and ladder strings, netstat rows, the engine's reactions) live
// a few seconds each. With V8's default young generation, a busy server collects it about once a
// second, so most of those records are copied once and promoted, and each scavenge pauses every
// room for 20-50 ms. Letting the young generation grow to 256 MB per semi-space (only under load:
// an idle server stays small) makes scavenges rare enough that most records die before one; a
// 1 GB initial old-generation limit keeps the promoted rest from triggering mark-compacts early.
// bench:server, server GC pauses in the 30 s window, default → these flags: 2,000 players
// 15-16 → 7 (184 ms in all, against 272-355); 4,000 players 27-31 → 7 (498-516 ms, against
// 513-878: fewer but longer pauses).

export const SERVER_NODE_FLAGS: readonly string[] = [
  "--max-semi-space-size=256",
  "--initial-old-space-size=1024",
];
