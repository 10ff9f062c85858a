import assert from "node:assert/strict";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import { RATE_LIMITED_CODE } from "@tcp-tango/shared/protocol/refusals.ts";
import express from "express";
import proxyAddr from "proxy-addr";
import { limitMatchmaking, matchmakeLimitFrom } from "./matchmakeLimit.ts";
import { trustProxySetting } from "./trustProxy.ts";

describe("matchmakeLimitFrom", () => {
  it("reads '<burst>,<per second>', else a classroom's 60 at once and one a second", () => {
    assert.deepEqual(matchmakeLimitFrom("4000, 4000"), { burst: 4000, perSecond: 4000 });
    assert.deepEqual(matchmakeLimitFrom("10,0.5"), { burst: 10, perSecond: 0.5 });
    for (const bad of [undefined, "", "60", "0,1", "10,0", "a,b", "-1,2"])
      assert.deepEqual(matchmakeLimitFrom(bad), { burst: 60, perSecond: 1 }, String(bad));
  });
});

describe("limitMatchmaking", () => {
  it("refuses a create past the limit per client address, behind a trusted proxy too; joins pass", async () => {
    // Stands for Colyseus's own listener: it answers every request it is handed.
    const server = createServer((_req, res) => res.end("answered"));
    const app = express();
    app.set("trust proxy", trustProxySetting("loopback"));
    const trust = app.get("trust proxy fn") as Parameters<typeof proxyAddr>[1];
    limitMatchmaking(server, (req) => proxyAddr(req, trust), { burst: 1, perSecond: 0.001 });
    server.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const post = async (path: string, client: string) => {
      const r = await fetch(`${base}${path}`, { method: "POST", headers: { "X-Forwarded-For": client } });
      return { status: r.status, retryAfter: r.headers.get("retry-after"), text: await r.text() };
    };
    try {
      assert.equal((await post("/matchmake/create/match", "203.0.113.1")).status, 200);
      const refused = await post("/matchmake/joinOrCreate/match", "203.0.113.1");
      assert.equal(refused.status, RATE_LIMITED_CODE);
      assert.ok(Number(refused.retryAfter) >= 1);
      assert.deepEqual(JSON.parse(refused.text).code, RATE_LIMITED_CODE);
      assert.equal((await post("/matchmake/create/match", "203.0.113.2")).status, 200, "another client");
      assert.equal((await post("/matchmake/joinById/match", "203.0.113.1")).text, "answered", "a join");
      assert.equal(
        (await post("/matchmake/reconnect/abc", "203.0.113.1")).text,
        "answered",
        "a reconnection",
      );
    } finally {
      server.close();
    }
  });
});
