// Allocation sampling for benchmarks (TANGO_BENCH=1 only): every sampled allocation is kept,
// including objects the garbage collector has since freed, so the profile shows where the
// allocation rate (and so the young-generation collections) comes from.

import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { collectGarbage } from "./gc.ts";

let session: Session | undefined;

export async function allocationSampling(
  action: "start" | "stop",
  { survivors = false }: { survivors?: boolean } = {},
): Promise<{ file?: string }> {
  if (action === "start") {
    session?.disconnect();
    session = new Session();
    session.connect();
    await session.post("HeapProfiler.startSampling", {
      samplingInterval: 32 * 1024,
      includeObjectsCollectedByMajorGC: true,
      // Survivors only: what outlived a young-generation collection (copied, then promoted).
      includeObjectsCollectedByMinorGC: !survivors,
    });
    return {};
  }
  if (!session) return {};
  // What the young generation still holds is mostly garbage not yet collected: collect it, so a
  // survivors profile shows only what really outlived a collection.
  collectGarbage("minor");
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as { profile: unknown };
  session.disconnect();
  session = undefined;
  const file = `Allocations.${process.pid}.${Date.now()}.heapprofile`;
  writeFileSync(file, JSON.stringify(profile));
  return { file };
}
