// A TCP segment as the engine sees it: header fields that matter for connection management,
// and the payload's length (the bytes themselves are carried for end-to-end checks).
import { isSeq32 } from "./seq.ts";

export const FIN = 0x01;
export const SYN = 0x02;
export const RST = 0x04;
export const PSH = 0x08;
export const ACK = 0x10;

/** Flag letters in the order probes and the ladder print them. */
const FLAG_ORDER: ReadonlyArray<readonly [string, number]> = [
  ["S", SYN],
  ["F", FIN],
  ["R", RST],
  ["P", PSH],
  ["A", ACK],
];

export interface Segment {
  srcIp: string;
  srcPort: number;
  dstIp: string;
  dstPort: number;
  seq: number;
  /** Meaningful only when the ACK flag is set; 0 otherwise. */
  ack: number;
  flags: number;
  wnd: number;
  /** Payload length in bytes (SEG.LEN without SYN/FIN). */
  len: number;
  /** The payload, when the sender carries real bytes. Length equals `len`. */
  data?: Uint8Array | undefined;
}

export function hasFlag(seg: { flags: number }, flag: number): boolean {
  return (seg.flags & flag) !== 0;
}

/** RFC 9293 §3.4: SEG.LEN counts SYN and FIN as one octet each. */
export function segLen(seg: Pick<Segment, "flags" | "len">): number {
  return seg.len + (seg.flags & SYN ? 1 : 0) + (seg.flags & FIN ? 1 : 0);
}

export function flagsToString(flags: number): string {
  let out = "";
  for (const [letter, bit] of FLAG_ORDER) if (flags & bit) out += letter;
  return out;
}

export function flagsFromString(s: string): number {
  let flags = 0;
  for (const ch of s.toUpperCase()) {
    const entry = FLAG_ORDER.find(([letter]) => letter === ch);
    if (!entry) throw new RangeError(`unknown TCP flag letter "${ch}" (use S F R P A)`);
    flags |= entry[1];
  }
  return flags;
}

/** Why a segment cannot enter the engine, or null when it is well formed. */
export function segmentProblem(seg: Segment): string | null {
  if (!isSeq32(seg.seq)) return `seq ${seg.seq} is not a 32-bit sequence number`;
  if (!isSeq32(seg.ack)) return `ack ${seg.ack} is not a 32-bit sequence number`;
  if (!Number.isInteger(seg.len) || seg.len < 0 || seg.len > 65535)
    return `len ${seg.len} must be an integer from 0 to 65535`;
  if (!Number.isInteger(seg.wnd) || seg.wnd < 0 || seg.wnd > 65535)
    return `wnd ${seg.wnd} must be an integer from 0 to 65535`;
  if (!Number.isInteger(seg.flags) || seg.flags < 0 || seg.flags > 0x1f)
    return `flags ${seg.flags} must be a combination of SYN, FIN, RST, PSH, ACK`;
  for (const port of [seg.srcPort, seg.dstPort])
    if (!Number.isInteger(port) || port < 1 || port > 65535) return `port ${port} is out of range`;
  if (seg.data && seg.data.length !== seg.len) return "payload length differs from len";
  return null;
}

/** One line the ladder and logs print: `S seq=0 ack=0 len=0`. */
export function describeSegment(seg: Segment): string {
  const ack = seg.flags & ACK ? ` ack=${seg.ack}` : "";
  return `${flagsToString(seg.flags)} seq=${seg.seq}${ack} len=${seg.len}`;
}
