import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { decode, encode } from "@colyseus/schema";
import { readString } from "./schemaStrings.ts";

/** `s` as the schema encoder writes it, then read back by the library and by readString. */
function both(s: string): { library: string; node: string; libraryEnd: number; nodeEnd: number } {
  const bytes = new Uint8Array(4 + 3 * s.length + 8);
  const w = { offset: 0 };
  encode.string(bytes, s, w);
  const view = bytes.subarray(0, w.offset);
  const a = { offset: 0 };
  const b = { offset: 0 };
  const library = decode.string(view, a);
  const node = readString(view, b);
  return { library, node, libraryEnd: a.offset, nodeEnd: b.offset };
}

describe("readString", () => {
  for (const [what, s] of [
    ["empty", ""],
    ["short (fixstr)", "SYN_SENT"],
    ["a record of 220 bytes (str 8)", `{"ip":"10.0.0.1","rows":[${'"x",'.repeat(45)}"y"]}`],
    ["longer than 255 bytes (str 16)", "ESTABLISHED ".repeat(40)],
    ["Chinese and an emoji (multi-byte)", "已连接 · 时钟暂停 · 客户端 🚀"],
  ] as const)
    it(`reads ${what} as the library does, and ends where it ends`, () => {
      const r = both(s);
      assert.equal(r.node, s);
      assert.equal(r.node, r.library);
      assert.equal(r.nodeEnd, r.libraryEnd);
    });

  it("reads a string inside a larger buffer from its own offset", () => {
    const bytes = new Uint8Array(64);
    const w = { offset: 5 };
    encode.string(bytes, "LISTEN", w);
    const it = { offset: 5 };
    assert.equal(readString(bytes.subarray(0), it), "LISTEN");
    assert.equal(it.offset, w.offset);
  });
});
