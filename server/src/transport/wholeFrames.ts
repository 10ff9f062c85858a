// Server-sent binary messages framed in one buffer each.
//
// ws frames a message as a header buffer and the payload, written as a cork/write/write/uncork:
// per message a Buffer view of the payload, an options object, the header, a two-item array and
// two buffered writes, which the socket's uncork then gathers into arrays for writev. Colyseus's
// patches and replies are small (~200 bytes, fresh copies): copying one into a buffer of its own
// behind its header costs less than all that (allocation sampling, 4,000 players: ws's send path
// was 21 % of the server's allocation, which is what sets the rate of its scavenges).
//
// Measured at 4,000 players (bench:server, three runs each way): the server's scavenges fell from
// 222 to 196 in the game's 30 s and from 85 to 57 in the patch floor's; the move RTT's p99 did not
// move beyond run-to-run noise (the tail is set elsewhere, see the closing notes).
//
// Only the plain case takes the short path: an open socket, a binary Uint8Array, no callback, no
// compression negotiated, nothing queued in ws's sender. Anything else goes to ws as before.

import type { Socket } from "node:net";
import WebSocket from "ws";

/** ws internals the short path reads (ws 8: lib/websocket.js, lib/sender.js); any of them missing
 * (another ws) sends through ws. */
interface WsInternals {
  _socket?: Socket | null;
  _sender?: { _state?: number; _queue?: unknown[]; _firstFragment?: boolean } | null;
  _extensions?: Record<string, unknown>;
}

const OPEN = 1;
/** ws's Sender state when it is not deflating or reading a Blob. */
const SENDER_IDLE = 0;
/** FIN + opcode 2 (binary): a whole binary message in one frame (RFC 6455 §5.2). */
const FIN_BINARY = 0x82;

/** The frame of `payload` as a server sends it (unmasked, RFC 6455 §5.2). */
export function binaryFrame(payload: Uint8Array): Buffer {
  const len = payload.length;
  const head = len < 126 ? 2 : len < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + len);
  frame[0] = FIN_BINARY;
  if (head === 2) frame[1] = len;
  else if (head === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(len, 2);
  } else {
    frame[1] = 127;
    frame.writeUInt32BE(Math.floor(len / 2 ** 32), 2);
    frame.writeUInt32BE(len >>> 0, 6);
  }
  frame.set(payload, head);
  return frame;
}

/**
 * Send `data` as one framed buffer if the short path applies (see above) and say so; false: the
 * caller sends it through ws.
 */
export function sendWholeFrame(ws: WebSocket, data: unknown, options?: unknown, cb?: unknown): boolean {
  const internals = ws as unknown as WsInternals;
  const socket = internals._socket;
  const sender = internals._sender;
  if (
    cb !== undefined ||
    typeof options === "function" ||
    !(data instanceof Uint8Array) ||
    (options as { binary?: boolean } | undefined)?.binary !== true ||
    ws.readyState !== OPEN ||
    !socket ||
    !sender ||
    sender._state !== SENDER_IDLE ||
    sender._queue?.length !== 0 ||
    sender._firstFragment !== true ||
    !internals._extensions ||
    internals._extensions["permessage-deflate"] !== undefined
  )
    return false;
  socket.write(binaryFrame(data));
  return true;
}

/**
 * ws's WebSocket sending plain binary messages as one framed buffer each (see above). The
 * transport's server makes its sockets of this class (ws's `WebSocket` option): a method on the
 * prototype, not a closure and a bound send on each of thousands of sockets.
 */
export class WholeFrameWebSocket extends WebSocket {
  // The transport's bookkeeping per client (stagger.ts, flood.ts), declared so that every socket
  // has the same shape from the start.
  heard = false;
  messagesInSecond = 0;
  secondEndsAt = 0;

  // biome-ignore lint/suspicious/noExplicitAny: ws's send is overloaded; this takes each form.
  override send(data: any, options?: any, cb?: any): void {
    if (!sendWholeFrame(this, data, options, cb)) super.send(data, options, cb);
  }
}
