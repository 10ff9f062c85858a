// Seeded pseudo-random numbers. The simulator never calls Math.random: every random choice
// comes from a Prng, so the same seed and the same calls give the same run, byte for byte.
//
// Generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, 128-bit state, passes
// PractRand). Seeding: the seed is turned into 32-bit words (a string through cyrb53, a number
// through its IEEE-754 bits), the words are absorbed into four independent splitmix32-style
// hash lanes, one per state word, and the generator is warmed up by 12 rounds.
//
// Draw accounting (so callers can keep streams aligned): nextUint32, float and chance use
// exactly one 32-bit draw each, always. int uses one draw except with probability
// (2^32 mod range) / 2^32 per draw, when it rejects a biased value and draws again (for any
// range up to 2^16 that is below 1 in 65 000). pick uses int once; shuffle uses int
// length - 1 times. fork, snapshot and restore draw nothing.

const TWO_POW_32 = 0x1_0000_0000;
const GOLDEN = 0x9e3779b9;

/** Domain tags, so a number seed, a string seed and a fork never hash to the same words. */
const TAG_NUMBER = 0x6e756d31;
const TAG_STRING = 0x73747231;
const TAG_FORK = 0x666f726b;

type State = [number, number, number, number];

/** splitmix32's output finaliser: a bijection on 32-bit integers with good avalanche. */
function mix32(x: number): number {
  let z = x | 0;
  z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
  z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
  return (z ^ (z >>> 15)) >>> 0;
}

/**
 * The words one seed derivation absorbs (a tag, up to four state words, a string's two hash
 * halves), written in place: a room makes dozens of streams, and spread arrays were 5 % of the
 * match server's allocations.
 */
const seedWords: number[] = [0, 0, 0, 0, 0, 0, 0];

/** cyrb53 (public domain, bryc): both 32-bit halves into seedWords at `at`. Hashes UTF-16 code units. */
function hashInto(s: string, at: number): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  seedWords[at] = h1 >>> 0;
  seedWords[at + 1] = h2 >>> 0;
  return at + 2;
}

/** One scratch buffer for numberInto: a fresh ArrayBuffer per seed was the cost of making a room. */
const scratch = new DataView(new ArrayBuffer(8));

/** The IEEE-754 bits of a finite number, little-endian words (independent of the platform), into seedWords at `at`. */
function numberInto(n: number, at: number): number {
  const view = scratch;
  view.setFloat64(0, n === 0 ? 0 : n, true); // -0 and 0 are the same seed
  seedWords[at] = view.getUint32(0, true);
  seedWords[at + 1] = view.getUint32(4, true);
  return at + 2;
}

/** Absorbs seedWords[0, length) into four hash lanes, one per state word. */
function deriveState(length: number): State {
  const out: State = [0, 0, 0, 0];
  for (let lane = 0; lane < 4; lane++) {
    let h = mix32(Math.imul(lane + 1, GOLDEN));
    for (let i = 0; i < length; i++) h = mix32(((h ^ (seedWords[i] as number)) + GOLDEN) | 0);
    out[lane] = h | 0;
  }
  return out;
}

function assertUint32State(state: readonly number[]): void {
  if (state.length !== 4) throw new RangeError(`a Prng snapshot has 4 words, got ${state.length}`);
  for (const w of state)
    if (!Number.isInteger(w) || w < 0 || w >= TWO_POW_32)
      throw new RangeError(`a Prng snapshot holds unsigned 32-bit integers, got ${w}`);
}

export class Prng {
  #a = 0;
  #b = 0;
  #c = 0;
  #d = 0;

  constructor(seed: number | string) {
    let length: number;
    if (typeof seed === "string") {
      seedWords[0] = TAG_STRING;
      length = hashInto(seed, 1);
    } else if (typeof seed === "number" && Number.isFinite(seed)) {
      seedWords[0] = TAG_NUMBER;
      length = numberInto(seed, 1);
    } else {
      throw new RangeError(`a Prng seed must be a finite number or a string, got ${String(seed)}`);
    }
    this.#load(deriveState(length));
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  #load(state: readonly number[]): void {
    this.#a = (state[0] ?? 0) | 0;
    this.#b = (state[1] ?? 0) | 0;
    this.#c = (state[2] ?? 0) | 0;
    this.#d = (state[3] ?? 0) | 0;
  }

  /** One sfc32 step: a uniformly distributed integer in [0, 2^32). */
  nextUint32(): number {
    const t = (((this.#a + this.#b) | 0) + this.#d) | 0;
    this.#d = (this.#d + 1) | 0;
    this.#a = this.#b ^ (this.#b >>> 9);
    this.#b = (this.#c + (this.#c << 3)) | 0;
    this.#c = (this.#c << 21) | (this.#c >>> 11);
    this.#c = (this.#c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1) with 32-bit resolution; exactly one draw. */
  float(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /**
   * Uniform integer in [minInclusive, maxInclusive], without modulo bias. Both bounds must be
   * safe integers and the range may hold at most 2^32 values.
   */
  int(minInclusive: number, maxInclusive: number): number {
    if (!Number.isSafeInteger(minInclusive) || !Number.isSafeInteger(maxInclusive))
      throw new RangeError(`int bounds must be integers, got ${minInclusive} and ${maxInclusive}`);
    if (minInclusive > maxInclusive)
      throw new RangeError(`int: min ${minInclusive} is greater than max ${maxInclusive}`);
    const range = maxInclusive - minInclusive + 1;
    if (range > TWO_POW_32) throw new RangeError(`int: a range of ${range} values exceeds 2^32`);
    if (range === TWO_POW_32) return minInclusive + this.nextUint32();
    // Largest multiple of range that fits in 32 bits; draws at or above it would be biased.
    const limit = TWO_POW_32 - (TWO_POW_32 % range);
    for (;;) {
      const x = this.nextUint32();
      if (x < limit) return minInclusive + (x % range);
    }
  }

  /**
   * True with probability p. Always consumes exactly one draw, even for p <= 0 (always false)
   * and p >= 1 (always true), so changing a probability never shifts the rest of the stream.
   */
  chance(p: number): boolean {
    if (Number.isNaN(p)) throw new RangeError("chance: p is NaN");
    return this.float() < p;
  }

  /** A uniformly chosen element; throws on an empty array. */
  pick<T>(arr: readonly T[]): T {
    if (arr.length === 0) throw new RangeError("pick: the array is empty");
    return arr[this.int(0, arr.length - 1)] as T;
  }

  /** A uniformly shuffled copy (Fisher–Yates); the input is left alone. */
  shuffle<T>(arr: readonly T[]): T[] {
    const out = arr.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      const tmp = out[i] as T;
      out[i] = out[j] as T;
      out[j] = tmp;
    }
    return out;
  }

  /**
   * An independent child stream derived from this stream's current state and the label. The
   * parent is not advanced at all, so forking never disturbs the parent's sequence; the flip
   * side is that forking twice with the same label at the same point gives the same child
   * (use distinct labels for distinct children).
   */
  fork(label: string): Prng {
    const child = new Prng(0);
    seedWords[0] = TAG_FORK;
    seedWords[1] = this.#a >>> 0;
    seedWords[2] = this.#b >>> 0;
    seedWords[3] = this.#c >>> 0;
    seedWords[4] = this.#d >>> 0;
    child.#load(deriveState(hashInto(label, 5)));
    for (let i = 0; i < 12; i++) child.nextUint32();
    return child;
  }

  /** The full generator state, four unsigned 32-bit integers (JSON-safe). */
  snapshot(): number[] {
    return [this.#a >>> 0, this.#b >>> 0, this.#c >>> 0, this.#d >>> 0];
  }

  /** A generator that continues exactly where the snapshotted one was. */
  static restore(state: readonly number[]): Prng {
    assertUint32State(state);
    const p = new Prng(0);
    p.#load(state);
    return p;
  }
}
