// Why the match server refuses a join or closes a seat's connection: the codes a client reads to
// say so in its own language (a join's MatchMakeError.code; a WebSocket close code). docs/PROTOCOL.md.

/** Join: the seat token names a seat another connection is playing (another tab): HTTP 409 Conflict. */
export const SEAT_IN_USE_CODE = 409;
/** Join: no seat in this match has the seat token: HTTP 404 Not Found. */
export const UNKNOWN_SEAT_CODE = 404;
/**
 * Create or join: an option is missing, unknown or out of range (the message names it): HTTP 400.
 * A ServerError, so Colyseus answers it without logging a stack trace for each bad request.
 */
export const INVALID_OPTIONS_CODE = 400;
/** Create: the server holds as many matches as it may (TANGO_MAX_MATCHES): HTTP 503. */
export const SERVER_FULL_CODE = 503;
/** Join: the match has its players (a friend match with both seats taken, or one against the bot). */
export const MATCH_CLOSED_CODE = 403;
/**
 * Close: another connection took this seat over with its reconnection token, such as a copy of
 * this tab. The seat plays on there; this connection is done (a private-use WebSocket close code).
 */
export const SEAT_TAKEN_OVER_CODE = 4409;
/**
 * Close: the client sent more messages in a second than a player does (a runaway script). A drop
 * like any other: the seat is kept, and the client may reconnect.
 */
export const TOO_MANY_MESSAGES_CODE = 4429;
/**
 * Create: too many matches created from this address just now; the message ends `try again in
 * <n> s`. HTTP 429, as the HTTP API's rate limits.
 */
export const RATE_LIMITED_CODE = 429;
