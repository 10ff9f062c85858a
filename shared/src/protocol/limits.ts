// Limits of a move that both the server (which refuses more) and the client (which offers no
// more) read. docs/PROTOCOL.md.

/** The most segments one move may send: more than any right answer in the missions needs. */
export const MAX_MOVE_SEGMENTS = 4;
