// The "call" request: a player's application makes a system call (docs/PROTOCOL.md). The
// payload is validated here; MatchRoom hands the call to MissionRun.appCall.

import { MAX_SEND_BYTES } from "@tcp-tango/shared/protocol/limits.ts";
import { z } from "zod";

/** The port a call uses when it names none (the missions' server port). */
export const DEFAULT_PORT = 80;

export const CALL_OPS = ["listen", "connect", "send", "read", "close", "shutdown", "abort", "bind"] as const;
export type CallOp = (typeof CALL_OPS)[number];

export const CallPayload = z.strictObject({
  op: z.enum(CALL_OPS, { error: `op must be one of ${CALL_OPS.join(", ")}` }),
  /** send: how many bytes (default 100). */
  bytes: z
    .number({ error: "bytes must be a number" })
    .int("bytes must be a whole number")
    .min(1, `bytes must be from 1 to ${MAX_SEND_BYTES}`)
    .max(MAX_SEND_BYTES, `bytes must be from 1 to ${MAX_SEND_BYTES}`)
    .optional(),
  /** listen, connect, bind: the port (default 80). */
  port: z
    .number({ error: "port must be a port number" })
    .int("port must be a whole number")
    .min(1, "port must be from 1 to 65535")
    .max(65535, "port must be from 1 to 65535")
    .optional(),
  /** listen, bind: set SO_REUSEADDR first (default false). */
  reuseAddr: z.boolean({ error: "reuseAddr must be true or false" }).optional(),
});
export type CallPayload = z.infer<typeof CallPayload>;

/** The call as MissionRun.appCall takes it (a mission cue's call). */
export type AppCallSpec =
  | { op: "listen"; port: number; reuseAddr?: boolean }
  | { op: "connect"; port: number }
  | { op: "send"; bytes: number }
  | { op: "read" | "close" | "shutdown" | "abort" }
  | { op: "bind"; port: number; reuseAddr: boolean };

export function toAppCall(p: CallPayload): AppCallSpec {
  const port = p.port ?? DEFAULT_PORT;
  switch (p.op) {
    case "listen":
      return { op: "listen", port, reuseAddr: p.reuseAddr ?? false };
    case "connect":
      return { op: "connect", port };
    case "send":
      return { op: "send", bytes: p.bytes ?? 100 };
    case "bind":
      return { op: "bind", port, reuseAddr: p.reuseAddr ?? false };
    default:
      return { op: p.op };
  }
}

/** The reply to a call the application made. */
export interface CallReply {
  ok: true;
  /** The fd a listen, connect or bind opened; the bytes a read returned; else null. */
  result: number | null;
  /** The socket error the application sees (EADDRINUSE, EPIPE, ENOTCONN, EBADF ...), or null. */
  error: string | null;
}
