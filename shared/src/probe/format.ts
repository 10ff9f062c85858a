// The probe file format of PROBE.md, as Zod schemas with their types beside them.
import { z } from "zod";

const FLAG_LETTERS = /^[SFRPA]*$/i;

/** A relative sequence or acknowledgement number: may be negative; wrapping is the engine's business. */
const RelativeNumber = z
  .number()
  .int("must be an integer")
  .min(-0xffff_ffff, "is below -(2^32 - 1)")
  .max(0xffff_ffff, "is above 2^32 - 1");

export const ProbeSegment = z
  .strictObject({
    flags: z
      .string()
      .regex(FLAG_LETTERS, "must be letters from S F R P A")
      .refine((f) => new Set(f.toUpperCase()).size === f.length, "repeats a flag letter"),
    seq: RelativeNumber,
    ack: RelativeNumber.optional(),
    len: z.number().int("must be an integer").min(0, "must be at least 0").max(65535).optional(),
  })
  .superRefine((seg, ctx) => {
    const hasAck = seg.flags.toUpperCase().includes("A");
    if (hasAck && seg.ack === undefined)
      ctx.addIssue({ code: "custom", path: ["ack"], message: "is required when the A flag is set" });
    if (!hasAck && seg.ack !== undefined)
      ctx.addIssue({ code: "custom", path: ["ack"], message: "must be absent when the A flag is not set" });
  });
export type ProbeSegment = z.infer<typeof ProbeSegment>;

const SimpleCall = z.strictObject({
  call: z.enum(["listen", "connect", "read", "shutdown", "close", "abort", "close_listener"]),
});
const SendCall = z.strictObject({
  call: z.literal("send"),
  bytes: z.number().int("must be an integer").min(1, "must be at least 1").max(1000, "must be at most 1000"),
});
const BindAgainCall = z.strictObject({ call: z.literal("bind_again"), reuseaddr: z.boolean() });
const RecvStep = z.strictObject({ recv: ProbeSegment });
export const TIMER_NAMES = ["retransmission", "time_wait", "fin_wait_2", "keepalive"] as const;
const ExpireStep = z.strictObject({ expire: z.enum(TIMER_NAMES) });

export const ProbeStep = z.union([SimpleCall, SendCall, BindAgainCall, RecvStep, ExpireStep]);
export type ProbeStep = z.infer<typeof ProbeStep>;

export const Probe = z.object({
  name: z.string().optional(),
  steps: z.array(z.unknown()).min(1, "needs at least one step"),
});

export interface SentSegment {
  flags: string;
  seq: number;
  ack?: number;
  len: number;
}

export interface StepResult {
  state: string;
  sent: SentSegment[];
  error: string | null;
}

export interface ProbeResult {
  name: string;
  steps: StepResult[];
}

export interface ProbeError {
  name: string;
  error: string;
}

/** Parse a probe, naming the exact field that is wrong. */
export function parseProbe(
  raw: unknown,
): { ok: true; name: string | undefined; steps: ProbeStep[] } | { ok: false; error: string } {
  const top = Probe.safeParse(raw);
  if (!top.success) return { ok: false, error: describe(top.error, []) };
  const steps: ProbeStep[] = [];
  for (const [i, step] of top.data.steps.entries()) {
    const where = [`steps[${i}]`];
    if (typeof step !== "object" || step === null || Array.isArray(step))
      return { ok: false, error: `${where[0]}: must be an object` };
    const kinds = ["call", "recv", "expire"].filter((k) => k in step);
    if (kinds.length !== 1)
      return { ok: false, error: `${where[0]}: must have exactly one of the keys call, recv, expire` };
    const kind = kinds[0] as string;
    const schema =
      kind === "recv"
        ? RecvStep
        : kind === "expire"
          ? ExpireStep
          : (step as { call?: unknown }).call === "send"
            ? SendCall
            : (step as { call?: unknown }).call === "bind_again"
              ? BindAgainCall
              : SimpleCall;
    const parsed = schema.safeParse(step);
    if (!parsed.success) return { ok: false, error: describe(parsed.error, where) };
    steps.push(parsed.data);
  }
  return { ok: true, name: top.data.name, steps };
}

function describe(error: z.ZodError, prefix: string[]): string {
  return error.issues
    .map((issue) => {
      const path = [...prefix, ...issue.path.map(String)].join(".").replace(/\.(\d+)/g, "[$1]");
      return `${path || "probe"}: ${issue.message}`;
    })
    .join("; ");
}
