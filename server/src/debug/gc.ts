// A garbage collection on demand, for measuring tools: `gc()` is exposed here (V8's flag set at
// run time) rather than by starting the process with --expose-gc.

import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

export function collectGarbage(type: "major" | "minor"): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as (o: { type: "major" | "minor" }) => void)({ type });
}
