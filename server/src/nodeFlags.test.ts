import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { describe, it } from "node:test";
import { DEFAULT_SEMI_SPACE_MB, SEMI_SPACE_ENV, serverNodeFlags } from "./nodeFlags.ts";

/** The young generation's size as a node started with `flags` reports it, MB. */
function newSpaceMb(flags: string[]): number {
  const out = execFileSync(
    process.execPath,
    [
      ...flags,
      "-e",
      "const s = require('node:v8').getHeapSpaceStatistics().find((x) => x.space_name === 'new_space');" +
        "console.log(s.space_size / 2 ** 20)",
    ],
    { encoding: "utf8" },
  );
  return Number(out.trim());
}

describe("serverNodeFlags", () => {
  it("gives a young generation of 8 MB per semi-space from the start by default", () => {
    assert.equal(DEFAULT_SEMI_SPACE_MB, 8);
    const flags = serverNodeFlags({});
    assert.deepEqual(flags, [
      `--min-semi-space-size=${DEFAULT_SEMI_SPACE_MB}`,
      `--max-semi-space-size=${DEFAULT_SEMI_SPACE_MB}`,
      "--initial-old-space-size=1024",
    ]);
    assert.deepEqual(serverNodeFlags({ [SEMI_SPACE_ENV]: " " }), flags, "blank is the default");
  });

  it("takes TANGO_SEMI_SPACE_MB as the semi-space size", () => {
    assert.deepEqual(serverNodeFlags({ [SEMI_SPACE_ENV]: "32" }).slice(0, 2), [
      "--min-semi-space-size=32",
      "--max-semi-space-size=32",
    ]);
  });

  it("refuses a size that is not a whole number of MB from 1 to 1024, naming the variable", () => {
    for (const bad of ["0", "1025", "1.5", "-8", "64MB", "lots"])
      assert.throws(
        () => serverNodeFlags({ [SEMI_SPACE_ENV]: bad }),
        (e: Error) => e.message.startsWith(`${SEMI_SPACE_ENV} must be`) && e.message.includes(`"${bad}"`),
        bad,
      );
  });

  it("is what V8 runs with: the young generation starts at the size asked for", () => {
    const byDefault = newSpaceMb(serverNodeFlags({}));
    const big = newSpaceMb(serverNodeFlags({ [SEMI_SPACE_ENV]: "512" }));
    assert.ok(byDefault >= 8 && byDefault <= 16, `8 MB by default, new space ${byDefault} MB`);
    assert.ok(big >= 512 && big <= 1024, `512 MB asked, new space ${big} MB`);
  });
});
