// A server that holds as many matches as it may refuses a new one with a clear error, and goes on.
// This file's server may hold 2 matches (set before the server's modules are loaded).

import assert from "node:assert/strict";
import { test } from "node:test";

process.env.TANGO_MAX_MATCHES = "2";
// A seat reservation lapses after 1 s here (Colyseus's default is 15 s).
process.env.COLYSEUS_SEAT_RESERVATION_TIME = "1";
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

test("a match its creator never joins gives its place back once the seat reservation has lapsed", async () => {
  // Creates alone, over HTTP, as a script would: no WebSocket ever joins.
  const createOverHttp = () =>
    fetch(`${server.url}/matchmake/create/match`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ missionId: "handshake-client" }),
    });
  // The last test's matches, their players gone, are played out by the bot and then go.
  await matchesDownTo(0, 15_000);
  assert.equal((await createOverHttp()).status, 200);
  assert.equal((await createOverHttp()).status, 200);
  assert.equal((await createOverHttp()).status, SERVER_FULL_CODE, "both places are taken");
  // Two reservation times (2 s here) after its creation, a room nobody joined is gone.
  const t0 = Date.now();
  await matchesDownTo(0, 8000);
  assert.ok(Date.now() - t0 > 1000, "not before the reservation lapsed");
  const room = await create();
  assert.equal(room.connection.isOpen, true, "a player's create finds a place");
  await room.leave();
});

async function matchesDownTo(n: number, withinMs: number): Promise<void> {
  const t0 = Date.now();
  for (;;) {
    const health = (await getJson(`${server.url}/healthz`)).body;
    if (health.matches <= n) return;
    if (Date.now() - t0 > withinMs) assert.fail(`still ${health.matches} matches after ${withinMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
