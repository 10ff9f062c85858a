// A bare `ws` echo server on PORT (loopback): the baseline for bench:server.
import { WebSocketServer } from "ws";

const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(process.env.PORT) });
wss.on("connection", (ws) => {
  ws.on("message", (data, isBinary) => ws.send(data, { binary: isBinary }));
});
wss.on("listening", () => process.send?.("ready"));
