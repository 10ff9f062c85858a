// Limits of a move or a call that both the server (which refuses more) and the client (which offers no
// more) read. docs/PROTOCOL.md.

/** The most segments one move may send: more than any right answer in the missions needs. */
export const MAX_MOVE_SEGMENTS = 4;

/** The most bytes one send() call may queue (a call's `bytes`, from 1). */
export const MAX_SEND_BYTES = 1000;
