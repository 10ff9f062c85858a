// The V8 heap settings the match server runs with (`npm start`, `npm run dev`, bench:server).
//
// A match's records (host, flight and ladder strings, netstat rows, the engine's reactions) live
// a few seconds each; a room replaces them every second or two. A scavenge copies what is still
// alive of the young generation, so its pause is about the size of what every room replaced
// since the last one: with a young generation so large that scavenges come every ~9 s, that is
// nearly every room's current records (11-21 MB, 40-70 ms), and every move under way waits for
// it. A small young generation is collected often, each time with only the few rooms that changed
// since: many short pauses rather than a few long ones. The young generation is fixed at its size
// from the start (V8 would otherwise grow it as survivors add up); a 1 GB initial old-generation
// limit keeps the promoted rest from triggering mark-compacts early.
// bench:server, 4,000 players, 30 s windows, 2 runs each, 8 and 32 MB alternating, then 16 and
// 512 MB alternating (the code of 2026-12-07):
//   8 MB: 221-223 scavenges, 1.10-1.15 s in all, the longest 12.9-14.4 ms; move p99 8.70 and
//         9.58 ms, ratio 9.15 and 9.39; server CPU 56-58 %; resident set 566-577 MB.
//  16 MB: 111, 0.80-0.84 s, longest 13.6-13.9 ms; p99 9.88 and 12.31 ms, ratio 11.19 and 11.14.
//  32 MB: 55-56, 0.57-0.64 s, longest 14.6-18.9 ms; p99 11.95 and 14.27 ms, ratio 13.67 and 13.74.
// 512 MB: 3, 137-143 ms, longest 54-58 ms; p99 16.50 and 16.06 ms, ratio 18.36 and 14.13;
//         resident set 1,308-1,393 MB. (The default until then: on earlier code, which allocated
//         more per move, V8's default sizing and 256 MB had measured worse than it.)
// Then 4 MB against 8 MB, 2 runs each, alternating: 4 MB, 436-440 scavenges, 1.70-1.85 s in all,
// server CPU 69-70 %, ratio 14.21 and 14.09; 8 MB, 219-221, 1.21-1.24 s, 62-66 %, 10.40 and 12.58.
//
// TANGO_SEMI_SPACE_MB sets another semi-space size.

export const SEMI_SPACE_ENV = "TANGO_SEMI_SPACE_MB";
export const DEFAULT_SEMI_SPACE_MB = 8;
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
