// Event-loop delay and garbage-collection pauses of this process, for benchmarks: a move's round
// trip includes every stall of the server and of the clients measuring it.

import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

export interface LoopStats {
  /** Event-loop delay percentiles and maximum, ms (sampled every 10 ms). */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** Garbage-collection pauses: count, total and longest, ms. */
  gcCount: number;
  gcTotalMs: number;
  gcMaxMs: number;
  /** The same for the young generation only (scavenges). */
  gcMinorCount: number;
  gcMinorTotalMs: number;
  gcMinorMaxMs: number;
}

export function watchLoop(): { read(): LoopStats; reset(): void } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gcCount = 0;
  let gcTotalMs = 0;
  let gcMaxMs = 0;
  let gcMinorCount = 0;
  let gcMinorTotalMs = 0;
  let gcMinorMaxMs = 0;
  const gc = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      gcCount++;
      gcTotalMs += e.duration;
      gcMaxMs = Math.max(gcMaxMs, e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) {
        gcMinorCount++;
        gcMinorTotalMs += e.duration;
        gcMinorMaxMs = Math.max(gcMinorMaxMs, e.duration);
      }
    }
  });
  gc.observe({ entryTypes: ["gc"] });
  return {
    read: () => ({
      delayP50: delay.percentile(50) / 1e6,
      delayP99: delay.percentile(99) / 1e6,
      delayMax: delay.max / 1e6,
      gcCount,
      gcTotalMs,
      gcMaxMs,
      gcMinorCount,
      gcMinorTotalMs,
      gcMinorMaxMs,
    }),
    reset: () => {
      delay.reset();
      gcCount = 0;
      gcTotalMs = 0;
      gcMaxMs = 0;
      gcMinorCount = 0;
      gcMinorTotalMs = 0;
      gcMinorMaxMs = 0;
    },
  };
}

export function describeLoop(s: LoopStats): string {
  return (
    `event-loop delay p50 ${s.delayP50.toFixed(1)} ms, p99 ${s.delayP99.toFixed(1)} ms, max ${s.delayMax.toFixed(0)} ms; ` +
    `GC ${s.gcCount} pauses, ${s.gcTotalMs.toFixed(0)} ms in all, longest ${s.gcMaxMs.toFixed(1)} ms ` +
    `(of which young generation: ${s.gcMinorCount}, ${s.gcMinorTotalMs.toFixed(0)} ms, longest ${s.gcMinorMaxMs.toFixed(1)} ms)`
  );
}
