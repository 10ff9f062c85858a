// Test helpers: a real server on a free port, wrapped by @colyseus/testing, and SDK clients
// that play decisions.

import { request } from "node:http";
import { after, before } from "node:test";
import type { Room as SdkRoom } from "@colyseus/sdk";
import { ColyseusTestServer } from "@colyseus/testing";
import { freePort } from "../../scripts/free-port.ts";
import { listen, makeServer } from "../src/app.config.ts";

export async function startServer(): Promise<{ colyseus: ColyseusTestServer; port: number; url: string }> {
  const port = await freePort();
  const server = makeServer();
  await listen(server, port);
  return { colyseus: new ColyseusTestServer(server), port, url: `http://127.0.0.1:${port}` };
}

/** This test file's server: started before its tests, shut down after them. */
export function serverForTheseTests(): { readonly colyseus: ColyseusTestServer; readonly url: string } {
  let started: Awaited<ReturnType<typeof startServer>> | undefined;
  before(async () => {
    started = await startServer();
  });
  after(async () => {
    await started?.colyseus.shutdown();
  });
  const get = () => {
    if (!started) throw new Error("the test server is not started yet");
    return started;
  };
  return {
    get colyseus() {
      return get().colyseus;
    },
    get url() {
      return get().url;
    },
  };
}

export interface Decision {
  id: number;
  role: string;
  triggerKind: string;
  trigger: string;
  stateBefore: string;
  difficulty: "pick" | "flags" | "full";
  candidates: { flags: string; seq: number; ack: number; len: number }[][];
  /** The server's epoch ms by which the bot answers for the seat; 0: no time limit. */
  deadline: number;
  /** The ms left then when the message was sent; 0: no time limit. */
  deadlineInMs: number;
}

export interface Finished {
  result: string;
  failedBecause: string;
  scores: Record<string, { score: number; mistakes: number; moves: number }>;
  logUrl: string;
}

/** Collects the server's messages for one SDK room so tests can await them in order. */
export class Inbox {
  decisions: Decision[] = [];
  finished: Finished | undefined;
  seat: { role: string; seatToken: string; roomId: string; joinCode: string } | undefined;
  private waiters: (() => void)[] = [];

  constructor(room: SdkRoom) {
    this.attach(room);
  }

  attach(room: SdkRoom): void {
    room.onMessage("decision", (d: Decision) => {
      this.decisions.push(d);
      this.wake();
    });
    room.onMessage("finished", (f: Finished) => {
      this.finished = f;
      this.wake();
    });
    room.onMessage("seat", (s: Inbox["seat"]) => {
      this.seat = s;
      this.wake();
    });
    room.onMessage("*", () => {});
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  async until<T>(f: () => T | undefined, timeoutMs = 10_000, what = "condition"): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = f();
      if (v !== undefined && v !== false) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** The next decision with an id greater than `after`, or the end of the match. */
  async next(after: number, timeoutMs = 10_000): Promise<Decision | Finished> {
    return this.until(
      () => this.decisions.find((d) => d.id > after) ?? this.finished,
      timeoutMs,
      `a decision after #${after}`,
    );
  }
}

// biome-ignore lint/suspicious/noExplicitAny: test-only JSON bodies, read field by field
type JsonBody = any;

export async function getJson(url: string): Promise<{ status: number; body: JsonBody }> {
  const r = await fetch(url);
  return { status: r.status, body: await r.json() };
}

/** GET `url` from the local address `from` (another loopback address: another client's IP). */
export function getFrom(
  from: string,
  url: string,
): Promise<{ status: number; retryAfter: string | undefined; body: JsonBody }> {
  return requestFrom(from, url, "GET");
}

/** POST `body` as JSON to `url` from the local address `from`. */
export function postFrom(
  from: string,
  url: string,
  body: object,
): Promise<{ status: number; retryAfter: string | undefined; body: JsonBody }> {
  return requestFrom(from, url, "POST", body);
}

function requestFrom(
  from: string,
  url: string,
  method: "GET" | "POST",
  body?: object,
): Promise<{ status: number; retryAfter: string | undefined; body: JsonBody }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method, localAddress: from, headers: body ? { "content-type": "application/json" } : {} },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => {
          text += chunk;
        });
        res.on("end", () => {
          const retryAfter = res.headers["retry-after"];
          resolve({ status: res.statusCode ?? 0, retryAfter, body: JSON.parse(text) });
        });
      },
    );
    req.on("error", reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

import type { MatchRoom } from "../src/rooms/MatchRoom.ts";

export function serverRoom(colyseus: ColyseusTestServer, roomId: string): MatchRoom {
  const r = colyseus.getRoomById(roomId) as unknown as MatchRoom | undefined;
  if (!r) throw new Error(`no room ${roomId}`);
  return r;
}

/** The right payload for this decision, from the server's reference (test-only peek). */
export function rightPayload(colyseus: ColyseusTestServer, roomId: string, d: Decision): object {
  const ref = serverRoom(colyseus, roomId).referenceMove();
  if (!ref) throw new Error("no decision pending on the server");
  const key = (segs: { flags: string; seq: number; ack: number; len: number }[]) =>
    JSON.stringify(segs.map((s) => [s.flags, s.seq, s.flags.includes("A") ? s.ack : 0, s.len]));
  if (d.difficulty === "pick") {
    const choice = d.candidates.findIndex((c) => key(c) === key(ref.segments));
    if (choice < 0) throw new Error("the right move is not among the candidates");
    return { decisionId: d.id, choice };
  }
  if (d.difficulty === "flags") return { decisionId: d.id, flags: ref.segments.map((s) => s.flags) };
  return { decisionId: d.id, segments: ref.segments };
}

/** Plays every decision of one seat right until the match ends. */
export async function playRight(
  colyseus: ColyseusTestServer,
  room: SdkRoom,
  inbox: Inbox,
  timeoutMs = 15_000,
): Promise<Finished> {
  let last = 0;
  for (;;) {
    const n = await inbox.next(last, timeoutMs);
    if ("result" in n) return n;
    last = n.id;
    const reply = await room.request("move", rightPayload(colyseus, room.roomId, n));
    if (!reply.correct) throw new Error(`the right move was judged wrong: ${JSON.stringify(reply)}`);
  }
}

/** What a refused request says (`ctx.reject`): its error code, a message, and the fields at fault. */
export interface Rejection {
  error: string;
  message: string;
  issues?: { field: string; message: string }[];
}

/** The refusal of a request that must be refused. */
export async function rejection(p: Promise<unknown>): Promise<Rejection> {
  try {
    await p;
  } catch (e) {
    return (e as { reason: Rejection }).reason;
  }
  throw new Error("expected the request to be rejected");
}
