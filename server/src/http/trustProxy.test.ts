import assert from "node:assert/strict";
import type { AddressInfo } from "node:net";
import { describe, it } from "node:test";
import express from "express";
import { rateLimited } from "./rateLimit.ts";
import { trustProxySetting } from "./trustProxy.ts";

describe("trustProxySetting", () => {
  it("reads booleans, hop counts and address lists; nothing set is Express's default", () => {
    assert.equal(trustProxySetting(undefined), undefined);
    assert.equal(trustProxySetting(" "), undefined);
    assert.equal(trustProxySetting("true"), true);
    assert.equal(trustProxySetting("false"), false);
    assert.equal(trustProxySetting("1"), 1);
    assert.equal(trustProxySetting("loopback, 10.0.0.0/8"), "loopback, 10.0.0.0/8");
  });

  it("behind a trusted proxy, each forwarded client has a bucket of its own", async () => {
    const app = express();
    app.set("trust proxy", trustProxySetting("loopback"));
    app.get("/x", rateLimited({ burst: 1, perSecond: 0.001 }, "tries"), (_req, res) => {
      res.json({ ok: true });
    });
    const server = app.listen(0, "127.0.0.1");
    await new Promise((resolve) => server.once("listening", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/x`;
    const from = async (client: string) =>
      (await fetch(url, { headers: { "X-Forwarded-For": client } })).status;
    try {
      assert.deepEqual([await from("203.0.113.1"), await from("203.0.113.1")], [200, 429]);
      assert.equal(await from("203.0.113.2"), 200, "another client behind the same proxy");
    } finally {
      server.close();
    }
  });
});
