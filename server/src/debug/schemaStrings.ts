// Benchmarks only: SDK clients that read the state's strings with Node's UTF-8 decoder instead of
// @colyseus/schema's own, which builds each string one character at a time (every character a
// new rope node: about 7 KB of garbage for a 220-byte record). In bench:server's clients that was
// 40 % of all they allocated (allocation sampling, 2,000 players), and 4,000 clients in one
// process paused for it while the replies they had to read waited. A browser tab decodes its own
// few patches; the load generator decodes everyone's on one core. Same strings, less garbage.

import { decode } from "@colyseus/schema";

type Iterator = { offset: number };

/** A msgpack string at `it` (the schema's `string` wire type), decoded by Node. */
export function readString(bytes: Uint8Array, it: Iterator): string {
  const prefix = bytes[it.offset++] as number;
  let length: number;
  if (prefix < 0xc0) length = prefix & 0x1f;
  else if (prefix === 0xd9) length = decode.uint8(bytes, it);
  else if (prefix === 0xda) length = decode.uint16(bytes, it);
  else length = decode.uint32(bytes, it);
  length = Math.max(0, Math.min(length, bytes.length - it.offset)); // as the library: never past the end
  const start = it.offset;
  it.offset += length;
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, length).toString("utf8");
}

/** Every schema decoder in this process reads strings with readString from now on. */
export function useNodeStringDecoder(): void {
  (decode as { string: unknown }).string = readString;
}
