// What an application sees from a socket call or from the connection failing.

export const SOCKET_ERRORS = [
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "ETIMEDOUT",
  "EADDRINUSE",
  "ENOTCONN",
  "EINVAL",
  "EBADF",
] as const;
export type SocketError = (typeof SOCKET_ERRORS)[number];

/** Thrown at the engine's boundary for input that no real stack could receive. */
export class EngineInputError extends Error {
  readonly code: "BAD_SEGMENT" | "BAD_CALL" | "BAD_ARGUMENT";
  constructor(code: EngineInputError["code"], message: string) {
    super(message);
    this.name = "EngineInputError";
    this.code = code;
  }
}
