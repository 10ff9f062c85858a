// The network between host A and host B: for every segment a host sends, decides whether it
// arrives, when, and whether a copy arrives too. Pure and deterministic: no clock, no timers,
// and all randomness from the Prng given to the constructor (one forked stream per direction,
// so traffic in one direction never shifts the other's random numbers).
//
// Draw accounting: every transmit() takes exactly SIX draws from its direction's stream, in
// this order, whatever the conditions, the faults or the outcome:
//   1. loss        — is the segment randomly lost?
//   2. ge          — Gilbert–Elliott state transition (after the loss decision)
//   3. dup         — is a copy made?
//   4. dupExtra    — how much later the copy arrives, in [1, delayMs] ms
//   5. reorder     — is the segment held back so later ones overtake it?
//   6. jitter      — the delay offset, in [-jitterMs, +jitterMs] ms
// Draws that turn out not to matter (the segment is lost, a fault applies, a probability is 0)
// are still taken. So the k-th segment in a direction always sees the same six numbers, and
// two runs with the same seed but different conditions stay comparable segment by segment.
//
// Precedence: scripted faults first, then random loss, duplication, reordering, jitter.
// At most one fault applies per segment (the first matching one in list order that still has
// uses left; its count then goes down by one). When a fault applies, it replaces the random
// model for that segment: no random loss, duplication or reordering (the instructor asked for
// one precise effect). Jitter still applies, and the Gilbert–Elliott state still moves on.
//
// Times: conditions are whole milliseconds and every random offset is a whole number of
// milliseconds, so arrival times are integers whenever `now` is.

import { z } from "zod";
import { flagsFromString, type Segment } from "../tcp/segment.ts";
import type { Prng } from "./prng.ts";

export const DIRECTIONS = ["a->b", "b->a"] as const;
export const Direction = z.enum(DIRECTIONS, {
  error: 'direction must be "a->b" or "b->a"',
});
export type Direction = z.infer<typeof Direction>;

const probability = (name: string) =>
  z
    .number({ error: `${name} must be a number between 0 and 1` })
    .min(0, `${name} is a probability and must be at least 0`)
    .max(1, `${name} is a probability and must be at most 1`);

const millis = (name: string) =>
  z
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(0, `${name} must not be negative`);

export const LossModel = z.discriminatedUnion(
  "model",
  [
    z.strictObject({ model: z.literal("none") }),
    z.strictObject({ model: z.literal("bernoulli"), p: probability("loss.p") }),
    /**
     * Bursty loss: a two-state Markov chain per direction, starting in the good state. Each
     * segment is lost with lossInGood or lossInBad according to the current state, then the
     * state moves on (good→bad with pGoodToBad, bad→good with pBadToGood). Mean time in the
     * bad state is 1 / pBadToGood segments.
     */
    z.strictObject({
      model: z.literal("gilbert-elliott"),
      pGoodToBad: probability("loss.pGoodToBad"),
      pBadToGood: probability("loss.pBadToGood"),
      lossInGood: probability("loss.lossInGood").default(0),
      lossInBad: probability("loss.lossInBad").default(1),
    }),
  ],
  { error: 'loss.model must be "none", "bernoulli" or "gilbert-elliott"' },
);
export type LossModel = z.infer<typeof LossModel>;

export const Reorder = z.strictObject({
  /** Probability that a segment is held back. */
  p: probability("reorder.p").default(0),
  /** How long a held-back segment waits on top of its normal delay. */
  extraDelayMs: millis("reorder.extraDelayMs").default(100),
});
export type Reorder = z.infer<typeof Reorder>;

export const LinkConditions = z.strictObject({
  /** One-way delay. */
  delayMs: millis("delayMs").default(50),
  /** Delay is uniform in [delayMs - jitterMs, delayMs + jitterMs], never below 0. */
  jitterMs: millis("jitterMs").default(0),
  loss: LossModel.default({ model: "none" }),
  /** Probability that a second copy arrives, delay + [1, delayMs] ms after sending. */
  duplicateP: probability("duplicateP").default(0),
  reorder: Reorder.prefault({}),
});
export type LinkConditions = z.infer<typeof LinkConditions>;
/** What LinkConditions accepts: every field optional, defaults filled in by parsing. */
export type LinkConditionsInput = z.input<typeof LinkConditions>;

const flagLetters = (name: string) =>
  z
    .string({ error: `${name} must be a string of flag letters` })
    .regex(/^[SFRPA]*$/i, `${name} may only contain the flag letters S F R P A`);

export const FaultMatch = z.strictObject({
  /** Letters that must all be set: "F" matches FIN and FIN+ACK. */
  flags: flagLetters("match.flags").optional(),
  /** Letters that must be exactly the flags set: "A" matches a bare ACK only. */
  exactFlags: flagLetters("match.exactFlags").optional(),
  /**
   * 1-based index among the segments sent in the segment's direction (Transmission.nth).
   * Without `direction`, it matches the nth segment of whichever direction reaches it first.
   */
  nth: z
    .number({ error: "match.nth must be a number" })
    .int("match.nth must be a whole number")
    .min(1, "match.nth counts from 1")
    .optional(),
  direction: Direction.optional(),
});
export type FaultMatch = z.infer<typeof FaultMatch>;

export const ScriptedFault = z
  .strictObject({
    /** Every given criterion must hold; an empty match matches any segment. */
    match: FaultMatch.prefault({}),
    action: z.enum(["drop", "delay", "duplicate"], {
      error: 'action must be "drop", "delay" or "duplicate"',
    }),
    /**
     * delay: extra delay on top of the normal one (required).
     * duplicate: how long after the original the copy arrives (default: random, as for
     * random duplication). drop: ignored.
     */
    delayMs: millis("delayMs").optional(),
    /** How many matching segments it applies to. */
    times: z
      .number({ error: "times must be a number" })
      .int("times must be a whole number")
      .min(1, "times must be at least 1")
      .default(1),
  })
  .refine((f) => f.action !== "delay" || f.delayMs !== undefined, {
    error: 'delayMs is required when action is "delay"',
    path: ["delayMs"],
  });
export type ScriptedFault = z.infer<typeof ScriptedFault>;
export type ScriptedFaultInput = z.input<typeof ScriptedFault>;

export const NetworkConfig = z.strictObject({
  "a->b": LinkConditions.prefault({}),
  "b->a": LinkConditions.prefault({}),
  faults: z.array(ScriptedFault).default([]),
});
export type NetworkConfig = z.infer<typeof NetworkConfig>;
export type NetworkConfigInput = z.input<typeof NetworkConfig>;

function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, what: string): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success)
    throw new RangeError(`${what}:\n${z.prettifyError(result.error)}`, { cause: result.error });
  return result.data;
}

/** Validates and fills in defaults; throws a RangeError listing every problem. */
export function parseNetworkConfig(input: unknown): NetworkConfig {
  return parseOrThrow(NetworkConfig, input, "Invalid network config");
}

/**
 * parseNetworkConfig, once per input object: every match of a mission shares its parsed (and
 * frozen) conditions rather than holding a copy each (about 1 KB of heap per match). An input is
 * read once, so it must not change afterwards (missions' inputs are constants).
 */
export function parsedOnce(input: NetworkConfigInput): NetworkConfig {
  let parsed = parsedByInput.get(input);
  if (!parsed) {
    parsed = deepFreeze(parseNetworkConfig(input));
    parsedByInput.set(input, parsed);
  }
  return parsed;
}
const parsedByInput = new WeakMap<NetworkConfigInput, NetworkConfig>();

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** The same conditions both ways. */
export function symmetric(
  conditions: LinkConditionsInput = {},
  faults: ScriptedFaultInput[] = [],
): NetworkConfig {
  return parseNetworkConfig({ "a->b": conditions, "b->a": conditions, faults });
}

export type Fate = "delivered" | "lost" | "delayed" | "reordered";
export type Cause = "random" | "burst" | "fault";

export interface Delivery {
  /** 0 for the original, 1 for the duplicate. */
  copy: number;
  /**
   * delivered: normal path. lost: never arrives (only ever the original, and then it is the
   * only Delivery). delayed: held back by a scripted "delay" fault (a duplicate of such a
   * segment is delayed too). reordered: held back reorder.extraDelayMs by random reordering.
   */
  fate: Fate;
  /** When it arrives; for a lost segment, when it would have arrived. */
  arriveAt: number;
  /**
   * Why it was not a plain delivery. random: the random model (loss, reordering, or the
   * random duplication that made this copy). burst: lost in the Gilbert–Elliott bad state.
   * fault: a scripted fault. Absent for a plain delivery of the original.
   */
  cause?: Cause;
}

export interface Transmission {
  /** Increasing per network, from 1, across both directions. */
  id: number;
  /** 1-based index among the segments sent in this direction. */
  nth: number;
  /** The segment as given (not copied). */
  seg: Segment;
  direction: Direction;
  sentAt: number;
  copies: Delivery[];
}

export interface LinkStats {
  /** transmit() calls. */
  sent: number;
  /** Originals lost, at random or by a fault. */
  lost: number;
  /** Segments that got a second copy, at random or by a fault. */
  duplicated: number;
  /** Originals held back by random reordering. */
  reordered: number;
  /** Originals held back by a scripted delay fault. */
  delayed: number;
}

interface ActiveFault {
  fault: ScriptedFault;
  remaining: number;
  allOf: number | undefined;
  exactly: number | undefined;
}

interface Link {
  conditions: LinkConditions;
  rng: Prng;
  /** Gilbert–Elliott state: true while in the bad state. */
  bad: boolean;
  stats: LinkStats;
}

function newStats(): LinkStats {
  return { sent: 0, lost: 0, duplicated: 0, reordered: 0, delayed: 0 };
}

function activate(fault: ScriptedFault): ActiveFault {
  const { flags, exactFlags } = fault.match;
  return {
    fault,
    remaining: fault.times,
    allOf: flags === undefined ? undefined : flagsFromString(flags),
    exactly: exactFlags === undefined ? undefined : flagsFromString(exactFlags),
  };
}

function matches(f: ActiveFault, seg: Segment, direction: Direction, nth: number): boolean {
  const m = f.fault.match;
  if (m.direction !== undefined && m.direction !== direction) return false;
  if (m.nth !== undefined && m.nth !== nth) return false;
  if (f.allOf !== undefined && (seg.flags & f.allOf) !== f.allOf) return false;
  if (f.exactly !== undefined && seg.flags !== f.exactly) return false;
  return true;
}

export class Network {
  readonly #links: Record<Direction, Link>;
  #faults: ActiveFault[];
  #nextId = 1;

  /** Accepts a parsed NetworkConfig or any input NetworkConfig accepts (defaults filled in). */
  constructor(config: NetworkConfigInput, prng: Prng) {
    const parsed = parsedOnce(config);
    this.#links = {
      "a->b": { conditions: parsed["a->b"], rng: prng.fork("a->b"), bad: false, stats: newStats() },
      "b->a": { conditions: parsed["b->a"], rng: prng.fork("b->a"), bad: false, stats: newStats() },
    };
    this.#faults = parsed.faults.map(activate);
  }

  /** Decides the fate of one segment sent at `now` in `direction`. */
  transmit(seg: Segment, direction: Direction, now: number): Transmission {
    const link = this.#link(direction);
    if (typeof now !== "number" || !Number.isFinite(now))
      throw new RangeError(`transmit needs a finite send time, got ${String(now)}`);
    const c = link.conditions;
    const rng = link.rng;
    // The six draws, always, in this order (see the header).
    const uLoss = rng.float();
    const uState = rng.float();
    const uDup = rng.float();
    const uDupExtra = rng.float();
    const uReorder = rng.float();
    const uJitter = rng.float();

    const stats = link.stats;
    const nth = ++stats.sent;
    const id = this.#nextId++;

    // Loss probability from the current state, then the Gilbert–Elliott state moves on.
    let lossP = 0;
    let lossCause: Cause = "random";
    const loss = c.loss;
    if (loss.model === "bernoulli") {
      lossP = loss.p;
    } else if (loss.model === "gilbert-elliott") {
      lossP = link.bad ? loss.lossInBad : loss.lossInGood;
      if (link.bad) lossCause = "burst";
      link.bad = link.bad ? !(uState < loss.pBadToGood) : uState < loss.pGoodToBad;
    }

    const jitter = c.jitterMs > 0 ? Math.floor(uJitter * (2 * c.jitterMs + 1)) - c.jitterMs : 0;
    const base = now + Math.max(0, c.delayMs + jitter);
    const dupExtra = 1 + Math.floor(uDupExtra * Math.max(1, c.delayMs));

    const fault = this.#takeFault(seg, direction, nth);
    const copies: Delivery[] = [];
    const tx: Transmission = { id, nth, seg, direction, sentAt: now, copies };

    if (fault) {
      switch (fault.action) {
        case "drop":
          stats.lost++;
          copies.push({ copy: 0, fate: "lost", arriveAt: base, cause: "fault" });
          break;
        case "delay": {
          const held = base + (fault.delayMs ?? 0);
          stats.delayed++;
          copies.push({ copy: 0, fate: "delayed", arriveAt: held, cause: "fault" });
          break;
        }
        case "duplicate":
          stats.duplicated++;
          copies.push({ copy: 0, fate: "delivered", arriveAt: base });
          copies.push({
            copy: 1,
            fate: "delivered",
            arriveAt: base + (fault.delayMs ?? dupExtra),
            cause: "fault",
          });
          break;
      }
      return tx;
    }

    if (uLoss < lossP) {
      stats.lost++;
      copies.push({ copy: 0, fate: "lost", arriveAt: base, cause: lossCause });
      return tx;
    }

    if (uReorder < c.reorder.p) {
      stats.reordered++;
      copies.push({
        copy: 0,
        fate: "reordered",
        arriveAt: base + c.reorder.extraDelayMs,
        cause: "random",
      });
    } else {
      copies.push({ copy: 0, fate: "delivered", arriveAt: base });
    }
    if (uDup < c.duplicateP) {
      // The copy travels on its own: not held back by reordering, so it may even overtake.
      stats.duplicated++;
      copies.push({ copy: 1, fate: "delivered", arriveAt: base + dupExtra, cause: "random" });
    }
    return tx;
  }

  /** Arms a fault at run time (e.g. the instructor's "drop the next FIN"); it goes last. */
  inject(fault: ScriptedFaultInput): void {
    this.#faults.push(activate(parseOrThrow(ScriptedFault, fault, "Invalid scripted fault")));
  }

  /**
   * Changes one direction's conditions from now on. Given fields replace the current ones
   * (a nested object such as `loss` or `reorder` is replaced whole, its missing fields taking
   * their defaults); the Gilbert–Elliott state is kept.
   */
  setConditions(direction: Direction, partial: Partial<LinkConditionsInput>): void {
    const link = this.#link(direction);
    const merged: Record<string, unknown> = { ...link.conditions };
    for (const [key, value] of Object.entries(partial)) if (value !== undefined) merged[key] = value;
    link.conditions = parseOrThrow(LinkConditions, merged, `Invalid link conditions for ${direction}`);
  }

  /** Current conditions and the faults still armed (times = uses left). A copy. */
  get config(): NetworkConfig {
    return structuredClone({
      "a->b": this.#links["a->b"].conditions,
      "b->a": this.#links["b->a"].conditions,
      faults: this.#faults.map((f) => ({ ...f.fault, times: f.remaining })),
    });
  }

  /** Counters per direction (a copy). */
  stats(): Record<Direction, LinkStats> {
    return { "a->b": { ...this.#links["a->b"].stats }, "b->a": { ...this.#links["b->a"].stats } };
  }

  #link(direction: Direction): Link {
    if (direction !== "a->b" && direction !== "b->a")
      throw new RangeError(`direction must be "a->b" or "b->a", got ${String(direction)}`);
    return this.#links[direction];
  }

  /** The first matching armed fault, used up by one; undefined when none matches. */
  #takeFault(seg: Segment, direction: Direction, nth: number): ScriptedFault | undefined {
    const i = this.#faults.findIndex((f) => matches(f, seg, direction, nth));
    const active = this.#faults[i];
    if (!active) return undefined;
    active.remaining--;
    if (active.remaining <= 0) this.#faults.splice(i, 1);
    return active.fault;
  }
}
