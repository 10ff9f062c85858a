// npm run -s probe -- FILE.json [FILE.json ...]: one JSON line per file (PROBE.md).
import { readFileSync } from "node:fs";
import { parseProbe } from "./format.ts";
import { runProbe } from "./runner.ts";

export function probeFile(path: string): { line: string; ok: boolean } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    const why =
      e instanceof SyntaxError
        ? `not valid JSON: ${e.message}`
        : `cannot read the file: ${(e as Error).message}`;
    return { line: JSON.stringify({ name: path, error: why }), ok: false };
  }
  const name =
    typeof raw === "object" && raw !== null && typeof (raw as { name?: unknown }).name === "string"
      ? (raw as { name: string }).name
      : path;
  const parsed = parseProbe(raw);
  if (!parsed.ok) return { line: JSON.stringify({ name, error: parsed.error }), ok: false };
  try {
    return { line: JSON.stringify(runProbe(name, parsed.steps)), ok: true };
  } catch (e) {
    return {
      line: JSON.stringify({ name, error: `the engine refused the probe: ${(e as Error).message}` }),
      ok: false,
    };
  }
}

if (import.meta.main) {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    process.stderr.write("usage: npm run -s probe -- FILE.json [FILE.json ...]\n");
    process.exit(2);
  }
  let failed = false;
  for (const file of files) {
    const { line, ok } = probeFile(file);
    process.stdout.write(`${line}\n`);
    if (!ok) failed = true;
  }
  process.exitCode = failed ? 2 : 0;
}
