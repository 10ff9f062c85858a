// A server that holds as many matches as it may refuses a new one with a clear error, and goes on.
// This file's server may hold 2 matches (set before the server's modules are loaded).

import assert from "node:assert/strict";
import { test } from "node:test";

process.env.TANGO_MAX_MATCHES = "2";
const { SERVER_FULL_CODE } = await import("@tcp-tango/shared/protocol/refusals.ts");
const { getJson, Inbox, serverForTheseTests } = await import("./helpers.ts");
const { log } = await import("../src/log.ts");

const server = serverForTheseTests();
const create = () =>
  server.colyseus.sdk.create("match", { missionId: "handshake-client", role: "client", timeScale: 50 });

test("a third match is refused with 503 while two are open; once one is gone, it is created", async (t) => {
  const warned = t.mock.method(log, "warn");
  const errors = t.mock.method(log, "error");
  const one = await create();
  const two = await create();
  const refuse = () =>
    create().then(
      () => assert.fail("a third match was created"),
      (e: { code?: number; message?: string }) => e,
    );
  const refused = await refuse();
  assert.equal(refused.code, SERVER_FULL_CODE);
  assert.match(refused.message ?? "", /holds 2 matches.*try again/);
  // The operator hears of it once, not once per refusal; /healthz counts them all.
  await refuse();
  assert.equal(warned.mock.callCount(), 1, "one warning for two refusals");
  const [fields, msg] = (warned.mock.calls[0]?.arguments ?? []) as unknown as [object, string];
  assert.match(msg, /server is full/);
  assert.deepEqual(fields, { max: 2, refused: 1 });
  assert.equal(errors.mock.callCount(), 0, "a refusal is not an error (onUncaughtException sees it too)");
  const health = await getJson(`${server.url}/healthz`);
  // The server and the open matches go on.
  assert.equal(health.status, 200);
  assert.equal(health.body.ok, true);
  assert.equal(health.body.full, true);
  assert.equal(health.body.matches, 2);
  assert.equal(health.body.maxMatches, 2);
  assert.equal(health.body.refusedMatches, 2);
  const inbox = new Inbox(two);
  await inbox.next(0);
  // A finished or abandoned match's room goes away, and its place with it.
  await one.leave();
  for (let tries = 0; tries < 50; tries++) {
    const three = await create().catch(() => undefined);
    if (three) {
      await three.leave();
      await two.leave();
      return;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail("no place came free after the first match was left");
});
