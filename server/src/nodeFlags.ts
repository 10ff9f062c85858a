// The V8 heap settings the match server runs with (`npm start`, `npm run dev`, bench:server).
//
// A match's records (host, flight and ladder strings, netstat rows, the engine's reactions) live
// a few seconds each. With V8's default young generation, a busy server collects it about once a
// second, so most of those records are copied once and promoted, and each scavenge pauses every
// room for 20-50 ms. A young generation of 512 MB per semi-space makes scavenges rare enough that
// most records die before one; a 1 GB initial old-generation limit keeps the promoted rest from
// triggering mark-compacts early. It starts at 512 MB rather than growing there: V8 grows it only
// as survivors add up, and a 4,000-player window ended before it passed 256 MB. The memory is
// touched as it fills: an idle server's resident set is 158 MB, against 130 MB with 256 MB only
// as a maximum.
// bench:server, server GC pauses in the 30 s window, 4,000 players, 3 runs each, alternating:
// maximum 256 MB, 7 scavenges, 350-510 ms in all, move p99 51-62 ms, server CPU 63-73 %;
// these flags, 3 scavenges, 128-144 ms, move p99 31-35 ms, server CPU 56-58 %. (V8's defaults
// had 27-31 pauses.)

export const SERVER_NODE_FLAGS: readonly string[] = [
  "--min-semi-space-size=512",
  "--max-semi-space-size=512",
  "--initial-old-space-size=1024",
];
