import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import WebSocket, { WebSocketServer } from "ws";
import { binaryFrame, sendWholeFrame, WholeFrameWebSocket } from "./wholeFrames.ts";

/**
 * A ws server making WholeFrameWebSockets, as the transport's does, and a client connected to it;
 * `server` is the server's side of the connection.
 */
async function openPair(
  perMessageDeflate = false,
): Promise<{ wss: WebSocketServer; client: WebSocket; server: WebSocket }> {
  const wss = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    perMessageDeflate: perMessageDeflate && { threshold: 0 },
    WebSocket: WholeFrameWebSocket,
  });
  await new Promise((resolve) => wss.once("listening", resolve));
  const connected = new Promise<WebSocket>((resolve) => wss.once("connection", resolve));
  const client = new WebSocket(`ws://127.0.0.1:${(wss.address() as AddressInfo).port}`, {
    perMessageDeflate,
  });
  return { wss, client, server: await connected };
}

/** Record the length of each buffer `server` writes to its socket, until `restore()`. */
function spyOnWrites(server: WebSocket): { writes: number[]; restore(): void } {
  const socket = (server as unknown as { _socket: { write(b: Uint8Array): boolean } })._socket;
  const writes: number[] = [];
  const write = socket.write;
  socket.write = function (this: unknown, b: Uint8Array, ...rest: unknown[]) {
    writes.push(b.length);
    return (write as (...a: unknown[]) => boolean).call(this, b, ...rest);
  };
  const restore = () => {
    socket.write = write;
  };
  return { writes, restore };
}

describe("binaryFrame", () => {
  it("frames a payload unmasked with FIN + binary, in each of the three length forms", () => {
    const small = binaryFrame(Uint8Array.of(1, 2, 3));
    assert.deepEqual([...small], [0x82, 3, 1, 2, 3]);
    const at125 = binaryFrame(new Uint8Array(125));
    assert.equal(at125[1], 125);
    assert.equal(at125.length, 127);
    const at126 = binaryFrame(new Uint8Array(126).fill(7));
    assert.deepEqual([...at126.subarray(0, 4)], [0x82, 126, 0, 126]);
    assert.equal(at126.length, 130);
    assert.equal(at126[129], 7);
    const big = binaryFrame(new Uint8Array(65_536));
    assert.deepEqual([...big.subarray(0, 10)], [0x82, 127, 0, 0, 0, 0, 0, 1, 0, 0]);
    assert.equal(big.length, 65_546);
  });
});

// Real sockets: a ws client reads what the server sent through the short path and through ws.
describe("WholeFrameWebSocket over real sockets", () => {
  let wss: WebSocketServer;
  let client: WebSocket;
  let server: WebSocket;
  const received: { data: Buffer; binary: boolean }[] = [];

  before(async () => {
    ({ wss, client, server } = await openPair());
    client.on("message", (data, binary) => received.push({ data: data as Buffer, binary }));
    assert.ok(server instanceof WholeFrameWebSocket);
  });

  after(async () => {
    client.terminate();
    await new Promise((resolve) => wss.close(resolve));
  });

  async function nextMessages(n: number): Promise<{ data: Buffer; binary: boolean }[]> {
    while (received.length < n) await new Promise((resolve) => setTimeout(resolve, 5));
    return received.splice(0, n);
  }

  it("delivers binary messages of every length form intact and in order", async () => {
    const sizes = [0, 1, 125, 126, 200, 65_535, 65_536, 70_000];
    const sent = sizes.map((n, k) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + k) & 0xff));
    for (const payload of sent) server.send(payload, { binary: true });
    const got = await nextMessages(sent.length);
    got.forEach((m, k) => {
      assert.equal(m.binary, true);
      assert.deepEqual(new Uint8Array(m.data), sent[k]);
    });
  });

  it("writes a plain binary message to the socket as one buffer, header and payload", async () => {
    const { writes, restore } = spyOnWrites(server);
    try {
      server.send(new Uint8Array(200), { binary: true });
    } finally {
      restore();
    }
    assert.deepEqual(writes, [204]);
    await nextMessages(1);
  });

  it("leaves text and callbacks to ws, in order with the others (a view is copied)", async () => {
    const backing = Uint8Array.from({ length: 10 }, (_, i) => i);
    let called = false;
    server.send("text", { binary: false });
    server.send(Uint8Array.of(9, 9), { binary: true }, () => {
      called = true;
    });
    server.send(backing.subarray(2, 5), { binary: true });
    const got = await nextMessages(3);
    assert.deepEqual(
      got.map((m) => [m.binary, [...m.data]]),
      [
        [false, [..."text"].map((c) => c.charCodeAt(0))],
        [true, [9, 9]],
        [true, [2, 3, 4]],
      ],
    );
    assert.equal(called, true);
  });

  it("keeps ws's own handling once the socket is closing", async () => {
    const closed = new Promise((resolve) => client.once("close", resolve));
    server.close(1000);
    let error: unknown;
    server.send(Uint8Array.of(1), { binary: true }, (e) => {
      error = e;
    });
    server.send(Uint8Array.of(1), { binary: true }); // no callback: ws drops it quietly
    await closed;
    assert.match(String(error), /not open/);
  });
});

describe("WholeFrameWebSocket where the short path does not apply", () => {
  it("sends through ws when compression was negotiated, and the message arrives intact", async () => {
    const { wss, client, server } = await openPair(true);
    const got = new Promise<Buffer>((resolve) => client.once("message", (data) => resolve(data as Buffer)));
    try {
      const { writes } = spyOnWrites(server);
      const payload = new Uint8Array(200).fill(5);
      server.send(payload, { binary: true });
      assert.deepEqual(new Uint8Array(await got), payload);
      assert.ok(!writes.includes(204), `an uncompressed frame was written: ${writes.join(", ")}`);
    } finally {
      client.terminate();
      await new Promise((resolve) => wss.close(resolve));
    }
  });

  it("leaves the message to ws when ws's internals are not the ones it knows", () => {
    const other = { readyState: 1 };
    assert.equal(sendWholeFrame(other as unknown as WebSocket, Uint8Array.of(1), { binary: true }), false);
  });
});
