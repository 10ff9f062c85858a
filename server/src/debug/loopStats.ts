// Event-loop delay and garbage-collection pauses of this process, for benchmarks: a move's round
// trip includes every stall of the server and of the clients measuring it.

import { constants, monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";

/** Pauses: how many, how long in all and the longest, ms. */
export interface Pauses {
  count: number;
  totalMs: number;
  maxMs: number;
}

export interface LoopStats {
  /** Event-loop delay percentiles and maximum, ms (sampled every 10 ms). */
  delayP50: number;
  delayP99: number;
  delayMax: number;
  /** Every garbage-collection pause. */
  gc: Pauses;
  /** The young generation's (scavenges) alone. */
  gcMinor: Pauses;
}

const noPauses = (): Pauses => ({ count: 0, totalMs: 0, maxMs: 0 });

function addPause(p: Pauses, ms: number): void {
  p.count++;
  p.totalMs += ms;
  p.maxMs = Math.max(p.maxMs, ms);
}

export function watchLoop(): { read(): LoopStats; reset(): void } {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let gc = noPauses();
  let gcMinor = noPauses();
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      addPause(gc, e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        addPause(gcMinor, e.duration);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return {
    read: () => ({
      delayP50: delay.percentile(50) / 1e6,
      delayP99: delay.percentile(99) / 1e6,
      delayMax: delay.max / 1e6,
      gc: { ...gc },
      gcMinor: { ...gcMinor },
    }),
    reset: () => {
      delay.reset();
      gc = noPauses();
      gcMinor = noPauses();
    },
  };
}

const describePauses = (p: Pauses) =>
  `${p.count} pauses, ${p.totalMs.toFixed(0)} ms in all, longest ${p.maxMs.toFixed(1)} ms`;

export function describeLoop(s: LoopStats): string {
  return (
    `event-loop delay p50 ${s.delayP50.toFixed(1)} ms, p99 ${s.delayP99.toFixed(1)} ms, max ${s.delayMax.toFixed(0)} ms; ` +
    `GC ${describePauses(s.gc)} (of which young generation: ${describePauses(s.gcMinor)})`
  );
}
