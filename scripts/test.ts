// `npm test`: type-check, lint, then every test suite; ends with one line `N passed, M failed`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name: string) => join(root, "node_modules", ".bin", name);
let passed = 0;
let failed = 0;

/** A check that is one pass or one fail (type-check, lint). */
function check(name: string, cmd: string, args: string[]): void {
  process.stdout.write(`\n== ${name}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status === 0) passed += 1;
  else {
    failed += 1;
    process.stdout.write(`${name} FAILED\n`);
  }
}

/** A node:test run; counts come from its TAP summary. */
function nodeTests(
  name: string,
  files: string[],
  opts: { concurrency?: number; env?: Record<string, string> } = {},
): void {
  process.stdout.write(`\n== ${name}\n`);
  const dir = mkdtempSync(join(tmpdir(), "tango-tap-"));
  const tap = join(dir, "out.tap");
  const args = [
    "--test",
    "--test-reporter=spec",
    "--test-reporter-destination=stdout",
    "--test-reporter=tap",
    `--test-reporter-destination=${tap}`,
    ...(opts.concurrency ? [`--test-concurrency=${opts.concurrency}`] : []),
    ...files,
  ];
  const r = spawnSync(process.execPath, args, {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...opts.env },
  });
  let text = "";
  try {
    text = readFileSync(tap, "utf8");
  } catch {
    // no report at all: the run itself failed
  }
  rmSync(dir, { recursive: true, force: true });
  const count = (key: string) =>
    Number(/^# (\w+) (\d+)$/gm.exec(text) && text.match(new RegExp(`^# ${key} (\\d+)$`, "m"))?.[1]);
  const pass = count("pass") || 0;
  const fail = count("fail") || 0;
  const cancelled = count("cancelled") || 0;
  const skipped = count("skipped") || 0;
  passed += pass;
  failed += fail + cancelled + skipped; // a skipped test counts as failing unless it says why and passes
  if (r.status !== 0 && fail + cancelled === 0) failed += 1; // the runner itself failed
}

check("type-check", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"]);
check("type-check (client)", bin("tsc"), ["-p", "client/tsconfig.json", "--noEmit"]);
check("lint and format (biome)", bin("biome"), ["check", "."]);
nodeTests("engine (shared)", ["shared/src/**/*.test.ts"]);
// Server tests start real servers: one file at a time.
nodeTests("match server", ["server/src/**/*.test.ts", "server/test/*.test.ts"], {
  concurrency: 1,
  env: { NODE_ENV: "test" },
});
nodeTests("client (unit)", ["client/src/**/*.test.ts"]);
// A real headless Chromium against the real server and the built client: built now, so the
// browser tests never load a client/dist older than the source.
check("build the client", process.execPath, ["scripts/build-client.ts", "--quiet"]);
nodeTests("client (browser)", ["client/test/browser/*.test.ts"], { concurrency: 1 });

process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exitCode = failed === 0 ? 0 : 1;
