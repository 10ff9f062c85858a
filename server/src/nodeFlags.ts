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
// had 27-31 pauses.) 1024 MB, 2 runs alternating with 512 MB: no scavenge in the window, but 10
// full (mark-compact) pauses of up to 53-61 ms each, move p99 51-61 ms against 11-15 ms.
//
// TANGO_SEMI_SPACE_MB sets another semi-space size, for a machine where memory counts for more
// than pauses with thousands of players. bench:server at 250 players, 2 runs each, alternating:
// 32 MB, resident set 204 MB, 5 scavenges of at most 4.3 ms, move p99 1.75-1.89 ms; 512 MB,
// resident set 362-367 MB, no scavenge, move p99 1.70-2.37 ms.

export const SEMI_SPACE_ENV = "TANGO_SEMI_SPACE_MB";
export const DEFAULT_SEMI_SPACE_MB = 512;
/** The largest measured (bench:server, 4,000 players); V8 takes more, unmeasured here. */
export const MAX_SEMI_SPACE_MB = 1024;

/** The node flags for the match server, from `env` (TANGO_SEMI_SPACE_MB); throws if it is invalid. */
export function serverNodeFlags(env: Record<string, string | undefined> = process.env): string[] {
  const raw = env[SEMI_SPACE_ENV]?.trim() || String(DEFAULT_SEMI_SPACE_MB);
  const mb = Number(raw);
  if (!/^\d+$/.test(raw) || mb < 1 || mb > MAX_SEMI_SPACE_MB)
    throw new Error(
      `${SEMI_SPACE_ENV} must be a whole number of megabytes from 1 to ${MAX_SEMI_SPACE_MB} (default ${DEFAULT_SEMI_SPACE_MB}), not "${raw}"`,
    );
  return [`--min-semi-space-size=${mb}`, `--max-semi-space-size=${mb}`, "--initial-old-space-size=1024"];
}

/** serverNodeFlags() for `npm start` and `npm run dev`: an invalid setting is printed, exit 1. */
export function launcherNodeFlags(): string[] {
  try {
    return serverNodeFlags();
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
