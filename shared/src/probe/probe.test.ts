// The conformance interface (PROBE.md): every public probe against the kernel's recorded answer,
// and the CLI's contract (JSON Lines, a line per file, exit 2 when any file is not a valid probe).

import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, describe, it } from "node:test";
import { fileURLToPath } from "node:url";
import { type ProbeResult, parseProbe, type StepResult } from "./format.ts";
import { runProbe } from "./runner.ts";

const PROBES_DIR = fileURLToPath(new URL("../../../../shared/probes", import.meta.url));
const EXPECTED_DIR = join(PROBES_DIR, "expected");
const CLI = fileURLToPath(new URL("./cli.ts", import.meta.url));

/** PROBE.md's comparison: state, error and every sent segment; the P flag is ignored. */
function comparable(steps: StepResult[]): unknown[] {
  return steps.map((s) => ({
    state: s.state,
    error: s.error,
    sent: s.sent.map((x) => ({
      flags: [...x.flags.toUpperCase().replace("P", "")].sort().join(""),
      seq: x.seq,
      ack: x.ack,
      len: x.len,
    })),
  }));
}

function publicProbes(): string[] {
  return readdirSync(PROBES_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort();
}

function runCli(files: string[]): {
  status: number | null;
  lines: Array<Record<string, unknown>>;
  stderr: string;
} {
  const r = spawnSync(process.execPath, [CLI, ...files], { encoding: "utf8" });
  const lines = r.stdout
    .split("\n")
    .filter((l) => l.length > 0)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, lines, stderr: r.stderr };
}

describe("public probes against the kernel's answers", () => {
  if (!existsSync(PROBES_DIR) || !existsSync(EXPECTED_DIR)) {
    it("the public probes are present", () => {
      assert.fail(
        `public probes not found: expected ${PROBES_DIR} with an expected/ directory beside the probe files ` +
          "(the repository layout puts them at ../../../../shared/probes from this test)",
      );
    });
    return;
  }

  it("there are public probes, each with an expected answer", () => {
    const files = publicProbes();
    assert.ok(files.length >= 10, `only ${files.length} probes in ${PROBES_DIR}`);
    for (const f of files) assert.ok(existsSync(join(EXPECTED_DIR, f)), `no expected answer for ${f}`);
  });

  for (const file of publicProbes()) {
    it(`${file} matches the kernel`, () => {
      const raw = JSON.parse(readFileSync(join(PROBES_DIR, file), "utf8")) as { name: string };
      const expected = JSON.parse(readFileSync(join(EXPECTED_DIR, file), "utf8")) as ProbeResult;
      const parsed = parseProbe(raw);
      assert.ok(parsed.ok, `${file} does not parse: ${parsed.ok ? "" : parsed.error}`);
      const got = runProbe(raw.name, parsed.steps);
      assert.equal(got.name, expected.name);
      assert.equal(got.steps.length, expected.steps.length);
      assert.deepEqual(comparable(got.steps), comparable(expected.steps));
    });
  }

  it("the CLI runs them all: one JSON line per file, in order, exit 0", () => {
    const files = publicProbes().map((f) => join(PROBES_DIR, f));
    const r = runCli(files);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.lines.length, files.length);
    for (const [i, f] of files.entries()) {
      const expected = JSON.parse(readFileSync(join(EXPECTED_DIR, publicProbes()[i] as string), "utf8"));
      assert.equal(r.lines[i]?.name, expected.name, f);
      assert.deepEqual(
        comparable(r.lines[i]?.steps as StepResult[]),
        comparable(expected.steps),
        `${f} through the CLI`,
      );
    }
  });
});

describe("CLI: files that are not valid probes", () => {
  const dir = mkdtempSync(join(tmpdir(), "probe-test-"));
  after(() => rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string): string {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  }

  const good = write("good.json", JSON.stringify({ name: "good", steps: [{ call: "connect" }] }));
  const cases: Array<[string, string, RegExp, string]> = [
    ["bad JSON", "{ not json", /not valid JSON/, "path"],
    [
      "a missing ack with the A flag",
      JSON.stringify({ name: "no ack", steps: [{ call: "connect" }, { recv: { flags: "SA", seq: 0 } }] }),
      /steps\[1\]\.recv\.ack: is required when the A flag is set/,
      "no ack",
    ],
    [
      "send of 0 bytes",
      JSON.stringify({ name: "zero", steps: [{ call: "send", bytes: 0 }] }),
      /steps\[0\]\.bytes: must be at least 1/,
      "zero",
    ],
    [
      "a step with two keys",
      JSON.stringify({ name: "two keys", steps: [{ call: "connect", expire: "keepalive" }] }),
      /steps\[0\]: must have exactly one of the keys call, recv, expire/,
      "two keys",
    ],
    [
      "an unknown call",
      JSON.stringify({ name: "unknown", steps: [{ call: "dance" }] }),
      /steps\[0\]\.call/,
      "unknown",
    ],
    [
      "an unknown timer",
      JSON.stringify({ name: "timer", steps: [{ expire: "soon" }] }),
      /steps\[0\]\.expire/,
      "timer",
    ],
    [
      "an ack without the A flag",
      JSON.stringify({ name: "stray ack", steps: [{ recv: { flags: "S", seq: 0, ack: 1 } }] }),
      /steps\[0\]\.recv\.ack: must be absent/,
      "stray ack",
    ],
    [
      "an unknown flag letter",
      JSON.stringify({ name: "flag", steps: [{ recv: { flags: "SX", seq: 0 } }] }),
      /steps\[0\]\.recv\.flags/,
      "flag",
    ],
    ["no steps", JSON.stringify({ name: "empty", steps: [] }), /steps: needs at least one step/, "empty"],
  ];

  for (const [what, content, message, name] of cases) {
    it(`${what} -> {"name", "error"} naming the field; the other files still run; exit 2`, () => {
      const bad = write(`${name.replace(/\W/g, "_")}.json`, content);
      const r = runCli([bad, good]);
      assert.equal(r.status, 2);
      assert.equal(r.lines.length, 2);
      const [line, next] = r.lines;
      assert.deepEqual(Object.keys(line ?? {}).sort(), ["error", "name"]);
      assert.equal(line?.name, name === "path" ? bad : name);
      assert.match(String(line?.error), message);
      assert.equal(next?.name, "good");
      const steps = (next?.steps ?? []) as StepResult[];
      assert.equal(steps[0]?.state, "SYN_SENT");
    });
  }

  it("a file that does not exist -> an error line, exit 2", () => {
    const missing = join(dir, "nope.json");
    const r = runCli([good, missing]);
    assert.equal(r.status, 2);
    assert.equal(r.lines[0]?.name, "good");
    assert.equal(r.lines[1]?.name, missing);
    assert.match(String(r.lines[1]?.error), /cannot read the file/);
  });

  it("valid files only -> exit 0", () => {
    const r = runCli([good, good]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.lines.length, 2);
  });

  it("an application error is a result, not a failure: exit 0", () => {
    const refused = write(
      "refused.json",
      JSON.stringify({
        name: "refused",
        steps: [{ call: "connect" }, { recv: { flags: "RA", seq: 0, ack: 1 } }],
      }),
    );
    const r = runCli([refused]);
    assert.equal(r.status, 0);
    const steps = (r.lines[0]?.steps ?? []) as StepResult[];
    assert.equal(steps[1]?.error, "ECONNREFUSED");
  });

  it("no files -> usage on stderr, exit 2", () => {
    const r = runCli([]);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /usage/);
    assert.deepEqual(r.lines, []);
  });
});

describe("probe format and runner", () => {
  it("flags may come in any order and case; output letters come in S F R P A order", () => {
    const parsed = parseProbe({ steps: [{ call: "connect" }, { recv: { flags: "as", seq: 0, ack: 1 } }] });
    assert.ok(parsed.ok);
    const r = runProbe("x", parsed.steps);
    assert.equal(r.steps[1]?.state, "ESTABLISHED");
    const fin = runProbe("y", [
      { call: "connect" },
      { recv: { flags: "SA", seq: 0, ack: 1 } },
      { call: "send", bytes: 5 },
      { call: "close" },
    ]);
    assert.deepEqual(fin.steps[3]?.sent, [{ flags: "FA", seq: 6, ack: 1, len: 0 }]);
  });

  it("a repeated flag letter is refused", () => {
    const parsed = parseProbe({ steps: [{ recv: { flags: "SS", seq: 0 } }] });
    assert.equal(parsed.ok, false);
  });

  it("relative numbers may be negative; the engine wraps them", () => {
    const r = runProbe("neg", [{ call: "connect" }, { recv: { flags: "SA", seq: -1, ack: 1 } }]);
    assert.deepEqual(r.steps[1]?.sent, [{ flags: "A", seq: 1, ack: 0, len: 0 }]);
  });

  it("a segment without the A flag has no ack in the output", () => {
    const r = runProbe("syn", [{ call: "connect" }]);
    assert.deepEqual(r.steps[0]?.sent, [{ flags: "S", seq: 0, len: 0 }]);
    assert.equal("ack" in (r.steps[0]?.sent[0] ?? {}), false);
  });
});
