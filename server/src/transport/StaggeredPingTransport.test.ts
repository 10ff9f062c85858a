import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import WebSocket from "ws";
import { freePort } from "../../../scripts/free-port.ts";
import { StaggeredPingTransport } from "./StaggeredPingTransport.ts";
import { WholeFrameWebSocket } from "./wholeFrames.ts";

// Real sockets: a connection with no room is answered and closed by the transport after 1 s,
// long enough for three rounds of 300 ms.
describe("StaggeredPingTransport over real sockets", () => {
  let transport: StaggeredPingTransport;
  let url = "";

  before(async () => {
    const port = await freePort();
    transport = new StaggeredPingTransport({ pingInterval: 300, pingMaxRetries: 10 });
    await new Promise<void>((resolve) => transport.listen(port, "127.0.0.1", undefined, () => resolve()));
    url = `ws://127.0.0.1:${port}/`;
  });

  after(() => transport.shutdown());

  /** Pings the client received before the server closed the connection. */
  async function pingsReceived(talk: boolean): Promise<number> {
    const ws = new WebSocket(url);
    let pings = 0;
    ws.on("ping", () => pings++);
    await new Promise((resolve) => ws.once("open", resolve));
    const chatter = talk ? setInterval(() => ws.send(new Uint8Array([0])), 50) : undefined;
    await new Promise((resolve) => ws.once("close", resolve));
    clearInterval(chatter);
    return pings;
  }

  it("pings a silent client, and not one that keeps sending", async () => {
    const [silent, talking] = await Promise.all([pingsReceived(false), pingsReceived(true)]);
    assert.ok(silent >= 2, `the silent client was pinged ${silent} times`);
    assert.equal(talking, 0);
  });

  it("makes its sockets whole-frame senders", async () => {
    const ws = new WebSocket(url);
    await new Promise((resolve) => ws.once("open", resolve));
    // The transport's ws server (a protected field of WebSocketTransport).
    const sockets = [...(transport as unknown as { wss: { clients: Set<WebSocket> } }).wss.clients];
    ws.terminate();
    assert.ok(sockets.length > 0);
    for (const s of sockets) assert.ok(s instanceof WholeFrameWebSocket, s.constructor.name);
  });
});
