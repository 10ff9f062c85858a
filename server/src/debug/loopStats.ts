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
  /** Stalls of STALL_MS or more, by what the process was doing meanwhile. */
  stalls: Stalls;
  /**
   * The GC pauses since the reset as [start, end] in wall-clock ms (timeOrigin-based, so they
   * compare across processes on one machine), oldest first; at most the last MAX_SPANS.
   */
  gcSpans: [number, number][];
  /**
   * Gaps of BLOCKED_MS or more beyond the TICK_MS timer's period (the loop was busy, paused or
   * waiting for a CPU), as gcSpans: [start, end] in wall-clock ms, at most the last MAX_SPANS.
   */
  blockedSpans: [number, number][];
}

/**
 * A stall: a STALL_MS-or-longer gap between two firings of a TICK_MS timer. `gc`: a collection
 * pause overlapped it. `busy`: otherwise, the process used the CPU for most of it (its own work).
 * `starved`: otherwise (it waited for a CPU the other processes held).
 */
export interface Stalls {
  gc: Pauses;
  busy: Pauses;
  starved: Pauses;
}

const TICK_MS = 10;
const MAX_SPANS = 20_000;
export const BLOCKED_MS = 3;
const STALL_MS = 30;

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
  /** GC pauses as [start, end] (performance.now() ms), kept to classify stalls; bounded. */
  const gcSpans: [number, number][] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      addPause(gc, e.duration);
      if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR)
        addPause(gcMinor, e.duration);
      gcSpans.push([e.startTime, e.startTime + e.duration]);
      if (gcSpans.length > MAX_SPANS) gcSpans.splice(0, MAX_SPANS / 2);
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  // One log of the gaps between the timer's firings (performance.now() ms, with the CPU the process
  // used meanwhile), kept from BLOCKED_MS on: the stalls (STALL_MS or more) are those of them.
  // Stalls are classified when read: a GC entry reaches the observer after the stall it caused.
  let resetAt = 0;
  let gaps: { from: number; to: number; cpuMs: number }[] = [];
  let last = performance.now();
  let lastCpu = process.cpuUsage();
  setInterval(() => {
    const now = performance.now();
    const cpu = process.cpuUsage();
    if (now - last >= TICK_MS + BLOCKED_MS) {
      const cpuMs = (cpu.user - lastCpu.user + cpu.system - lastCpu.system) / 1000;
      gaps.push({ from: last, to: now, cpuMs });
      if (gaps.length > MAX_SPANS) gaps.splice(0, MAX_SPANS / 2);
    }
    last = now;
    lastCpu = cpu;
  }, TICK_MS).unref();
  const stalls = (): Stalls => {
    const out: Stalls = { gc: noPauses(), busy: noPauses(), starved: noPauses() };
    for (const s of gaps) {
      const ms = s.to - s.from;
      if (ms < STALL_MS + TICK_MS) continue;
      const inGc = gcSpans.some(([a, b]) => a < s.to && b > s.from);
      addPause(inGc ? out.gc : s.cpuMs >= 0.7 * ms ? out.busy : out.starved, ms);
    }
    return out;
  };
  const wallClock = (from: number, to: number): [number, number] => [
    performance.timeOrigin + from,
    performance.timeOrigin + to,
  ];
  return {
    read: () => ({
      delayP50: delay.percentile(50) / 1e6,
      delayP99: delay.percentile(99) / 1e6,
      delayMax: delay.max / 1e6,
      gc: { ...gc },
      gcMinor: { ...gcMinor },
      stalls: stalls(),
      gcSpans: gcSpans.filter(([a]) => a >= resetAt).map(([a, b]) => wallClock(a, b)),
      // The timer was due TICK_MS after its last firing: the loop was held up from then on.
      blockedSpans: gaps.map((g) => wallClock(g.from + TICK_MS, g.to)),
    }),
    reset: () => {
      delay.reset();
      gc = noPauses();
      gcMinor = noPauses();
      gaps = [];
      resetAt = performance.now();
    },
  };
}

const describePauses = (p: Pauses) =>
  `${p.count} pauses, ${p.totalMs.toFixed(0)} ms in all, longest ${p.maxMs.toFixed(1)} ms`;

export function describeLoop(s: LoopStats): string {
  return (
    `event-loop delay p50 ${s.delayP50.toFixed(1)} ms, p99 ${s.delayP99.toFixed(1)} ms, max ${s.delayMax.toFixed(0)} ms; ` +
    `GC ${describePauses(s.gc)} (of which young generation: ${describePauses(s.gcMinor)}); ` +
    `stalls of ${STALL_MS} ms or more: during GC ${describePauses(s.stalls.gc)}; busy ${describePauses(s.stalls.busy)}; ` +
    `waiting for a CPU ${describePauses(s.stalls.starved)}`
  );
}
