// A mission: one lesson of the campaign. It sets the network's conditions and scripted faults,
// the clock scale, what the two applications do (cues), and what success means (the goal).
// Texts are not here: they are i18n keys derived from the id (`mission.<id>.title`, `.brief`,
// `.goal`), and failure reasons are keys too (`goal.client_state` ...).

import { z } from "zod";
import { NetworkConfig, type NetworkConfigInput } from "../net/network.ts";
import type { TcpConfig } from "../tcp/config.ts";
import { SOCKET_ERRORS, type SocketError } from "../tcp/errors.ts";
import { TCP_STATES, type TcpState } from "../tcp/state.ts";

export type Role = "client" | "server";
export const ROLES: readonly Role[] = ["client", "server"];

/** The role at the other end of the connection. */
export function otherRole(role: Role): Role {
  return role === "client" ? "server" : "client";
}

/** When a cue fires. */
export type When =
  /** At this virtual time (ms from the start). */
  | { at: number }
  /** When that side's connection first reaches the state, plus delayMs. */
  | { state: TcpState; of: Role; delayMs?: number | undefined }
  /** When the cue with this id has fired, plus delayMs. */
  | { after: string; delayMs?: number | undefined };

/** An application call. The runner keeps the file descriptors (see MissionRun). */
export type CueCall =
  /** socket(), SO_REUSEADDR if asked, bind(port), listen(). The server application accepts by itself. */
  | { op: "listen"; port: number; reuseAddr?: boolean | undefined }
  /** socket(), connect() to the other host's port. */
  | { op: "connect"; port: number }
  /** send() so many bytes on the connection. */
  | { op: "send"; bytes: number }
  /** read() whatever has arrived. */
  | { op: "read" }
  /** close() the connection's fd. */
  | { op: "close" }
  /** shutdown(SHUT_WR) the connection's fd. */
  | { op: "shutdown" }
  /** close() with SO_LINGER {on, 0}: RST. */
  | { op: "abort" }
  /** The process dies: every fd it holds is closed, its connections are orphaned. */
  | { op: "restart" }
  /** A new socket binds the port (SO_REUSEADDR as given); the result goes into bindResults. */
  | { op: "bind"; port: number; reuseAddr: boolean }
  /**
   * The bound socket (else a new one, bound now, the result going into bindResults) sets
   * SO_REUSEADDR and listens.
   */
  | { op: "setReuseAddrAndListen"; port: number };

export interface Cue {
  /** Lets other cues fire `after` this one. */
  id?: string | undefined;
  side: Role;
  when: When;
  call: CueCall;
}

export interface Goal {
  /** The state (or one of the states) the client's connection must be in. */
  client?: TcpState | TcpState[] | undefined;
  server?: TcpState | TcpState[] | undefined;
  /**
   * States the client must have passed through, in this order and one right after the other
   * (a contiguous run of its state changes): ["FIN_WAIT_1", "TIME_WAIT"] is not met by
   * FIN_WAIT_1 → FIN_WAIT_2 → TIME_WAIT.
   */
  clientSaw?: TcpState[] | undefined;
  serverSaw?: TcpState[] | undefined;
  /** An error the client's application must have seen. */
  clientError?: SocketError | undefined;
  serverError?: SocketError | undefined;
  /** The results of the bind cues, in order (null: success). */
  bindResults?: Array<SocketError | null> | undefined;
}

export interface Mission {
  /** Kebab-case id: "handshake-client". */
  id: string;
  /** Campaign order. */
  order: number;
  difficulty: 1 | 2 | 3;
  /** The seat a solo player takes by default (client = side "a", server = side "b"). */
  defaultRole: Role;
  /** Conditions and scripted faults. */
  network: NetworkConfigInput;
  /** The clock scale, e.g. { mslMs: 4000, rtoInitialMs: 1000, finWait2TimeoutMs: 8000 }. */
  tcp: Partial<TcpConfig>;
  /**
   * The applications' calls on both sides. Empty: free play — the players make the calls
   * themselves, and a bot seat's application runs a small built-in script (MissionRun).
   */
  cues: Cue[];
  goal: Goal;
  /** Virtual time after which the mission is judged. */
  timeLimitMs: number;
}

/** The i18n keys of a mission's texts. */
export function missionTextKeys(id: string): { title: string; brief: string; goal: string } {
  return { title: `mission.${id}.title`, brief: `mission.${id}.brief`, goal: `mission.${id}.goal` };
}

// ---------------------------------------------------------------------------------------------
// Schema

const millis = (name: string) =>
  z
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(0, `${name} must not be negative`);

const positiveMillis = (name: string) =>
  z
    .number({ error: `${name} must be a number of milliseconds` })
    .int(`${name} must be a whole number of milliseconds`)
    .min(1, `${name} must be at least 1 ms`);

const count = (name: string, min = 0) =>
  z
    .number({ error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`);

const port = (name: string) =>
  z
    .number({ error: `${name} must be a port number` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be a port from 1 to 65535`)
    .max(65535, `${name} must be a port from 1 to 65535`);

const stateNames = TCP_STATES.join(", ");
export const TcpStateSchema = z.enum(TCP_STATES, { error: `a state must be one of ${stateNames}` });
export const SocketErrorSchema = z.enum(SOCKET_ERRORS, {
  error: `an error must be one of ${SOCKET_ERRORS.join(", ")}`,
});
export const RoleSchema = z.enum(["client", "server"], { error: 'a side must be "client" or "server"' });

export const WhenSchema = z.union(
  [
    z.strictObject({ at: millis("when.at") }),
    z.strictObject({ state: TcpStateSchema, of: RoleSchema, delayMs: millis("when.delayMs").optional() }),
    z.strictObject({
      after: z.string({ error: "when.after must be a cue id" }).min(1, "when.after must be a cue id"),
      delayMs: millis("when.delayMs").optional(),
    }),
  ],
  { error: "when must be { at }, { state, of, delayMs? } or { after, delayMs? }" },
);

const CUE_OPS = [
  "listen",
  "connect",
  "send",
  "read",
  "close",
  "shutdown",
  "abort",
  "restart",
  "bind",
  "setReuseAddrAndListen",
] as const;

export const CueCallSchema = z.discriminatedUnion(
  "op",
  [
    z.strictObject({ op: z.literal("listen"), port: port("call.port"), reuseAddr: z.boolean().optional() }),
    z.strictObject({ op: z.literal("connect"), port: port("call.port") }),
    z.strictObject({ op: z.literal("send"), bytes: count("call.bytes", 1) }),
    z.strictObject({ op: z.literal("read") }),
    z.strictObject({ op: z.literal("close") }),
    z.strictObject({ op: z.literal("shutdown") }),
    z.strictObject({ op: z.literal("abort") }),
    z.strictObject({ op: z.literal("restart") }),
    z.strictObject({
      op: z.literal("bind"),
      port: port("call.port"),
      reuseAddr: z.boolean({ error: "call.reuseAddr must be true or false" }),
    }),
    z.strictObject({ op: z.literal("setReuseAddrAndListen"), port: port("call.port") }),
  ],
  { error: `call.op must be one of ${CUE_OPS.join(", ")}` },
);

export const CueSchema = z.strictObject({
  id: z.string({ error: "a cue id must be a string" }).min(1, "a cue id must not be empty").optional(),
  side: RoleSchema,
  when: WhenSchema,
  call: CueCallSchema,
});

const oneOrMoreStates = z.union([TcpStateSchema, z.array(TcpStateSchema).min(1, "list at least one state")], {
  error: `a goal state must be one of ${stateNames}, or a list of them`,
});

export const GoalSchema = z
  .strictObject({
    client: oneOrMoreStates.optional(),
    server: oneOrMoreStates.optional(),
    clientSaw: z.array(TcpStateSchema).min(1, "clientSaw must list at least one state").optional(),
    serverSaw: z.array(TcpStateSchema).min(1, "serverSaw must list at least one state").optional(),
    clientError: SocketErrorSchema.optional(),
    serverError: SocketErrorSchema.optional(),
    bindResults: z.array(SocketErrorSchema.nullable()).optional(),
  })
  .refine((g) => Object.values(g).some((v) => v !== undefined), { error: "a goal must ask for something" });

export const KeepaliveSchema = z.strictObject({
  enabled: z.boolean({ error: "keepalive.enabled must be true or false" }),
  idleMs: positiveMillis("keepalive.idleMs"),
  intervalMs: positiveMillis("keepalive.intervalMs"),
  probes: count("keepalive.probes", 1),
});

export const TcpConfigPartialSchema = z.strictObject({
  rtoInitialMs: positiveMillis("tcp.rtoInitialMs").optional(),
  rtoMinMs: positiveMillis("tcp.rtoMinMs").optional(),
  rtoMaxMs: positiveMillis("tcp.rtoMaxMs").optional(),
  synRetries: count("tcp.synRetries").optional(),
  synAckRetries: count("tcp.synAckRetries").optional(),
  retries2: count("tcp.retries2").optional(),
  orphanRetries: count("tcp.orphanRetries").optional(),
  mslMs: positiveMillis("tcp.mslMs").optional(),
  finWait2TimeoutMs: positiveMillis("tcp.finWait2TimeoutMs").optional(),
  invalidAckIntervalMs: millis("tcp.invalidAckIntervalMs").optional(),
  keepalive: KeepaliveSchema.optional(),
  mss: count("tcp.mss", 1).optional(),
  rcvWnd: count("tcp.rcvWnd", 1).optional(),
  nagle: z.boolean({ error: "tcp.nagle must be true or false" }).optional(),
  dupAckThreshold: count("tcp.dupAckThreshold", 1).optional(),
});

export const MissionSchema = z
  .strictObject({
    id: z
      .string({ error: "id must be a string" })
      .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "id must be kebab-case, like handshake-client"),
    order: count("order", 1),
    difficulty: z.union([z.literal(1), z.literal(2), z.literal(3)], {
      error: "difficulty must be 1, 2 or 3",
    }),
    defaultRole: RoleSchema,
    network: NetworkConfig,
    tcp: TcpConfigPartialSchema,
    // No cues at all: free play, the players make the calls (bot seats run a built-in script).
    cues: z.array(CueSchema),
    goal: GoalSchema,
    timeLimitMs: positiveMillis("timeLimitMs"),
  })
  .superRefine((m, ctx) => {
    const ids = new Set<string>();
    m.cues.forEach((cue, i) => {
      if (cue.id === undefined) return;
      if (ids.has(cue.id))
        ctx.addIssue({
          code: "custom",
          message: `cue id "${cue.id}" is used twice`,
          path: ["cues", i, "id"],
        });
      ids.add(cue.id);
    });
    m.cues.forEach((cue, i) => {
      if ("after" in cue.when && !ids.has(cue.when.after))
        ctx.addIssue({
          code: "custom",
          message: `cue ${i} fires after "${cue.when.after}", which is no cue's id`,
          path: ["cues", i, "when", "after"],
        });
      if ("after" in cue.when && cue.when.after === cue.id)
        ctx.addIssue({
          code: "custom",
          message: `cue ${i} cannot fire after itself`,
          path: ["cues", i, "when", "after"],
        });
    });
  });

/** What MissionSchema accepts; it matches the Mission interface (checked below). */
export type MissionInput = z.input<typeof MissionSchema>;

/** Validates a mission; throws a RangeError listing every problem. */
export function parseMission(input: unknown): Mission {
  const result = MissionSchema.safeParse(input);
  if (!result.success) {
    const id =
      typeof input === "object" && input !== null && typeof (input as { id?: unknown }).id === "string"
        ? ` "${(input as { id: string }).id}"`
        : "";
    throw new RangeError(`Invalid mission${id}:\n${z.prettifyError(result.error)}`, { cause: result.error });
  }
  return result.data;
}

// Compile-time checks that the schema and the interface agree both ways.
type Assert<T extends true> = T;
export type _SchemaOutputIsMission = Assert<z.output<typeof MissionSchema> extends Mission ? true : false>;
export type _MissionIsSchemaInput = Assert<Mission extends z.input<typeof MissionSchema> ? true : false>;
