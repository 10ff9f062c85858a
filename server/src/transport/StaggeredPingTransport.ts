// The WebSocket transport with its keep-alive pings spread over the interval, and only for clients
// that sent nothing in it (see stagger.ts), a flood of messages closed (see flood.ts), and plain
// binary sends framed in one buffer each (see wholeFrames.ts).

import { WebSocketTransport } from "@colyseus/ws-transport";
import type WebSocket from "ws";
import { meter } from "./flood.ts";
import { heardFrom, SLICE_MS, staggeredPinger } from "./stagger.ts";
import { WholeFrameWebSocket } from "./wholeFrames.ts";

type TransportOptions = NonNullable<ConstructorParameters<typeof WebSocketTransport>[0]>;

/**
 * The largest message a client may send (bytes): a move with its most segments is under 300. A
 * larger one closes its connection with 1009 (message too big), a drop like any other. Named here
 * rather than left to the transport's default (the same 4 KiB) so that it is ours and documented.
 */
export const MAX_MESSAGE_BYTES = 4 * 1024;

/** Every socket's "message" listener (one function for all: no closure per client). */
function onClientMessage(this: WebSocket): void {
  // The server makes its sockets of this class (the constructor's `WebSocket` option).
  const socket = this as WholeFrameWebSocket;
  heardFrom(socket);
  meter(socket, Date.now());
}

export class StaggeredPingTransport extends WebSocketTransport {
  constructor(options: TransportOptions = {}) {
    super({ WebSocket: WholeFrameWebSocket, maxPayload: MAX_MESSAGE_BYTES, ...options });
  }

  protected override autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const clients = this.wss.clients as Set<WebSocket & { pingCount: number }>;
    this.wss.on("connection", (ws: WebSocket) => {
      ws.on("message", onClientMessage);
    });
    const slice = staggeredPinger(clients, pingInterval, pingMaxRetries);
    // The field the base class clears when the server closes.
    this.pingInterval = setInterval(slice, Math.min(SLICE_MS, pingInterval));
  }
}
