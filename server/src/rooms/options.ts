// Zod schemas for everything a client sends: create/join options and move payloads. Messages
// are accepted as z.unknown() at the transport and parsed here, so a malformed payload gets an
// error reply that names the field instead of a 4002 disconnect.

import { MAX_MOVE_SEGMENTS } from "@tcp-tango/shared/protocol/limits.ts";
import { z } from "zod";

export const Role = z.enum(["client", "server"], { error: 'role must be "client" or "server"' });
export const Mode = z.enum(["coach", "consequence"], { error: 'mode must be "coach" or "consequence"' });
export const Difficulty = z.enum(["pick", "flags", "full"], {
  error: 'difficulty must be "pick", "flags" or "full"',
});

const nickname = z
  .string({ error: "nickname must be a string" })
  .trim()
  .min(1, "nickname must not be empty")
  .max(24, "nickname must be at most 24 characters");

/**
 * The match protocol the client speaks (shared/src/protocol/version.ts); absent: the server's own.
 * Any other number was refused before these options are read (MatchRoom's refuseOtherProtocol).
 */
const protocol = z.number({ error: "protocol must be a protocol version number" }).optional();

export const CreateOptions = z.strictObject({
  protocol,
  missionId: z.string({ error: "missionId must be a string" }).min(1, "missionId must not be empty"),
  role: Role.default("client"),
  opponent: z.enum(["bot", "friend"], { error: 'opponent must be "bot" or "friend"' }).default("bot"),
  mode: Mode.default("coach"),
  difficulty: Difficulty.default("pick"),
  botSloppiness: z
    .number({ error: "botSloppiness must be a number between 0 and 1" })
    .min(0, "botSloppiness must be at least 0")
    .max(1, "botSloppiness must be at most 1")
    .default(0),
  decisionDeadlineSec: z
    .number({ error: "decisionDeadlineSec must be a number of seconds" })
    .min(5, "decisionDeadlineSec must be at least 5")
    .max(600, "decisionDeadlineSec must be at most 600")
    .optional(),
  /** Bot seats answer after this many virtual ms of the room clock (0 = at once). */
  botDelayMs: z
    .number({ error: "botDelayMs must be a number of milliseconds" })
    .min(0, "botDelayMs must be at least 0")
    .max(10000, "botDelayMs must be at most 10000")
    .default(0),
  /** Hide the deciding seat's own host rows (its next state) until it has answered. */
  guessState: z.boolean({ error: "guessState must be true or false" }).default(false),
  nickname: nickname.optional(),
  /** The match seed; random when absent. Same seed and same moves give the same match. */
  seed: z
    .union([z.number().int(), z.string().max(64)], { error: "seed must be an integer or a string" })
    .optional(),
  /** Speeds the clock up (tests, fast-forward practice): virtual ms per real ms, times the mission's scale. */
  timeScale: z
    .number({ error: "timeScale must be a number" })
    .min(0.1, "timeScale must be at least 0.1")
    .max(1000, "timeScale must be at most 1000")
    .default(1),
});
export type CreateOptions = z.infer<typeof CreateOptions>;

export const JoinOptions = z.object({
  protocol,
  nickname: nickname.optional(),
  /** A seat token (from the "seat" message) to reclaim a seat the bot keeps warm. */
  seatToken: z.string({ error: "seatToken must be a string" }).max(64).optional(),
});
export type JoinOptions = z.infer<typeof JoinOptions>;

const flags = (path: string) =>
  z
    .string({ error: `${path} must be a string of flag letters` })
    .max(5, `${path} has at most 5 letters`)
    .regex(/^[SFRPA]*$/i, `${path} may only contain the flag letters S F R P A`)
    .transform((s) => s.toUpperCase());
const uint32 = (path: string) =>
  z
    .number({ error: `${path} must be a number` })
    .int(`${path} must be a whole number`)
    .min(0, `${path} must be between 0 and 4294967295`)
    .max(0xffff_ffff, `${path} must be between 0 and 4294967295`);

const decisionId = z.number({ error: "decisionId must be a number" }).int().min(0).optional();
const TCP_STATE = z
  .string({ error: "state must be a TCP state name such as ESTABLISHED" })
  .regex(/^[A-Z_0-9]+$/, "state must be a TCP state name such as ESTABLISHED")
  .optional();

export const PickMove = z.strictObject({
  decisionId,
  choice: z
    .number({ error: "choice must be the index of a candidate" })
    .int("choice must be a whole number")
    .min(0, "choice must be at least 0"),
  state: TCP_STATE,
});

export const FlagsMove = z.strictObject({
  decisionId,
  /** One entry per segment to send; [] sends nothing. */
  flags: z
    .array(flags("flags[i]"), { error: "flags must be an array of flag strings (one per segment)" })
    .max(MAX_MOVE_SEGMENTS, `flags may name at most ${MAX_MOVE_SEGMENTS} segments`),
  state: TCP_STATE,
});

export const FullMove = z.strictObject({
  decisionId,
  segments: z
    .array(
      z.strictObject({
        flags: flags("segments[i].flags"),
        seq: uint32("segments[i].seq"),
        ack: uint32("segments[i].ack").default(0),
        len: z
          .number({ error: "segments[i].len must be a number" })
          .int("segments[i].len must be a whole number")
          .min(0, "segments[i].len must be at least 0")
          .max(1460, "segments[i].len must be at most 1460 (the MSS)"),
      }),
      { error: "segments must be an array of {flags, seq, ack, len}" },
    )
    .max(MAX_MOVE_SEGMENTS, `segments may hold at most ${MAX_MOVE_SEGMENTS} segments`),
  state: TCP_STATE,
});

/** A readable one-line description of a Zod error, naming the field. */
/** The issues in one line: "field: message; field: message". */
export function issuesText(issues: readonly { field: string; message: string }[]): string {
  return issues.map((i) => `${i.field}: ${i.message}`).join("; ");
}

export function describeIssues(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field: i.path.length
      ? i.path
          .map((p) => (typeof p === "number" ? `[${p}]` : String(p)))
          .join(".")
          .replace(/\.\[/g, "[")
      : "(payload)",
    message: i.message,
  }));
}

/** The `ladder` request: the ladder's lines from line `from` on (what a client joining mid-match missed). */
export const LadderRequest = z.strictObject({
  from: z
    .number({ error: "from must be a line number" })
    .int("from must be a whole number")
    .min(0, "from must be at least 0"),
});
export type LadderRequest = z.infer<typeof LadderRequest>;

/**
 * The `rematch` request: the same roles and options, and the same mission, or `missionId` (the
 * next one in the campaign, say: a pair goes on together in its room).
 */
export const RematchRequest = z.strictObject({
  missionId: z
    .string({ error: "missionId must be a string" })
    .min(1, "missionId must not be empty")
    .optional(),
  /** Each player takes the other role (a pair learning both sides). */
  swapRoles: z.boolean({ error: "swapRoles must be true or false" }).optional(),
});
export type RematchRequest = z.infer<typeof RematchRequest>;

/** `start-with-bot`: no fields; the friend's seat goes to the bot until the friend joins. */
export const StartWithBotRequest = z.strictObject({});
export type StartWithBotRequest = z.infer<typeof StartWithBotRequest>;
