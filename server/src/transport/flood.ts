// A connection that sends more messages in a second than any player does is closed, so a flood
// (a runaway script) cannot take the room's time from the other player. Counted in the transport
// and closed there: Colyseus's own maxMessagesPerSecond removes the client and stops reading it,
// but leaves its socket open until our onDrop's allowReconnection ends (60 s), a connection that
// looks alive and answers nothing. A plain close is a drop like any other: the seat is kept.

import { TOO_MANY_MESSAGES_CODE } from "@tcp-tango/shared/protocol/refusals.ts";

/** A player sends a few a second at most (moves, calls, pings, ladder requests). */
export const MAX_MESSAGES_PER_SECOND = 40;

export interface Metered {
  /** Messages counted in the second that ends at `secondEndsAt`. */
  messagesInSecond: number;
  /** ms; 0 before the first message. */
  secondEndsAt: number;
  close(code: number, reason: string): void;
}

/** Count one message at `now` (ms): true when it is one too many for its second. */
export function overLimit(m: Metered, now: number, max = MAX_MESSAGES_PER_SECOND): boolean {
  if (now >= m.secondEndsAt) {
    m.secondEndsAt = now + 1000;
    m.messagesInSecond = 1;
    return false;
  }
  return ++m.messagesInSecond > max;
}

/** Count a message from `m`'s client, and close the connection if it is one too many. */
export function meter(m: Metered, now: number): void {
  if (overLimit(m, now))
    m.close(TOO_MANY_MESSAGES_CODE, `more than ${MAX_MESSAGES_PER_SECOND} messages in a second`);
}
