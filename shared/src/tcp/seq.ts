// Sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4: "all arithmetic dealing with
// sequence numbers must be performed modulo 2**32").

export const SEQ_MOD = 0x1_0000_0000;

/** Normalises any integer into [0, 2^32). */
export function seqWrap(n: number): number {
  return ((n % SEQ_MOD) + SEQ_MOD) % SEQ_MOD;
}

export function seqAdd(a: number, b: number): number {
  return seqWrap(a + b);
}

/** Signed distance b - a in [-2^31, 2^31): how far b is after a. */
export function seqDiff(b: number, a: number): number {
  const d = seqWrap(b - a);
  return d >= 0x8000_0000 ? d - SEQ_MOD : d;
}

export const seqLt = (a: number, b: number): boolean => seqDiff(b, a) > 0;
export const seqLe = (a: number, b: number): boolean => seqDiff(b, a) >= 0;
export const seqGt = (a: number, b: number): boolean => seqDiff(a, b) > 0;
export const seqGe = (a: number, b: number): boolean => seqDiff(a, b) >= 0;

/** a ≤ x < b in sequence space. */
export function seqInRange(x: number, a: number, b: number): boolean {
  return seqLe(a, x) && seqLt(x, b);
}

export function isSeq32(n: number): boolean {
  return Number.isInteger(n) && n >= 0 && n < SEQ_MOD;
}
