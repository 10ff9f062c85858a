// The campaign: one mission per behaviour, in order, at rising difficulty. Clocks are at game
// scale: segments take 350–450 ms across (visible in flight), the first RTO is 1 s, MSL is 4 s
// (TIME_WAIT lasts 8 s), an orphaned FIN_WAIT_2 waits 8 s.
//
// Texts are i18n keys: `mission.<id>.title`, `mission.<id>.brief`, `mission.<id>.goal`.

import type { NetworkConfigInput, ScriptedFaultInput } from "../net/network.ts";
import type { TcpConfig } from "../tcp/config.ts";
import type { Cue, Mission } from "./mission.ts";

/** The game clock: every mission uses it unless it says otherwise. */
export const GAME_CLOCK: Partial<TcpConfig> = { mslMs: 4000, rtoInitialMs: 1000, finWait2TimeoutMs: 8000 };

export const PORT = 80;

/** 400 ms ± 50 ms each way: a round trip stays under the first RTO, so nothing is resent by chance. */
function network(faults: ScriptedFaultInput[] = []): NetworkConfigInput {
  const link = { delayMs: 400, jitterMs: 50 };
  return { "a->b": link, "b->a": link, faults };
}

/** The server listens from the start; the client connects half a second in. */
const OPEN: Cue[] = [
  { id: "listen", side: "server", when: { at: 0 }, call: { op: "listen", port: PORT } },
  { id: "connect", side: "client", when: { at: 500 }, call: { op: "connect", port: PORT } },
];

/** Open, then the client closes a second after it is established; the server a second after EOF. */
const CLIENT_CLOSES: Cue[] = [
  ...OPEN,
  {
    id: "client-close",
    side: "client",
    when: { state: "ESTABLISHED", of: "client", delayMs: 1000 },
    call: { op: "close" },
  },
  {
    id: "server-read",
    side: "server",
    when: { state: "CLOSE_WAIT", of: "server", delayMs: 500 },
    call: { op: "read" },
  },
  { id: "server-close", side: "server", when: { after: "server-read", delayMs: 500 }, call: { op: "close" } },
];

export const MISSIONS: Mission[] = [
  {
    id: "handshake-client",
    order: 1,
    difficulty: 1,
    defaultRole: "client",
    network: network(),
    tcp: GAME_CLOCK,
    cues: OPEN,
    goal: { client: "ESTABLISHED", server: "ESTABLISHED", clientSaw: ["SYN_SENT", "ESTABLISHED"] },
    timeLimitMs: 15_000,
  },
  {
    id: "handshake-server",
    order: 2,
    difficulty: 1,
    defaultRole: "server",
    network: network(),
    tcp: GAME_CLOCK,
    cues: OPEN,
    goal: {
      client: "ESTABLISHED",
      server: "ESTABLISHED",
      serverSaw: ["LISTEN", "SYN_RECEIVED", "ESTABLISHED"],
    },
    timeLimitMs: 15_000,
  },
  {
    id: "data-lost-segment",
    order: 3,
    difficulty: 2,
    defaultRole: "client",
    // Client to server: 1 SYN, 2 ACK, then data in MSS-sized segments 3, 4, 5. The second is lost.
    network: network([{ match: { direction: "a->b", nth: 4 }, action: "drop" }]),
    tcp: GAME_CLOCK,
    cues: [
      ...OPEN,
      {
        id: "send",
        side: "client",
        when: { state: "ESTABLISHED", of: "client", delayMs: 500 },
        call: { op: "send", bytes: 3000 },
      },
      { id: "read", side: "server", when: { after: "send", delayMs: 6000 }, call: { op: "read" } },
    ],
    goal: { client: "ESTABLISHED", server: "ESTABLISHED" },
    timeLimitMs: 20_000,
  },
  {
    id: "active-close",
    order: 4,
    difficulty: 1,
    defaultRole: "client",
    network: network(),
    tcp: GAME_CLOCK,
    cues: CLIENT_CLOSES,
    goal: {
      client: "CLOSED",
      server: "CLOSED",
      clientSaw: ["ESTABLISHED", "FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT", "CLOSED"],
    },
    timeLimitMs: 30_000,
  },
  {
    id: "passive-close",
    order: 5,
    difficulty: 1,
    defaultRole: "server",
    network: network(),
    tcp: GAME_CLOCK,
    cues: CLIENT_CLOSES,
    goal: {
      client: "CLOSED",
      server: "CLOSED",
      serverSaw: ["ESTABLISHED", "CLOSE_WAIT", "LAST_ACK", "CLOSED"],
    },
    timeLimitMs: 30_000,
  },
  {
    id: "fin-ack-shortcut",
    order: 6,
    difficulty: 2,
    defaultRole: "client",
    // The server's ACK of the client's FIN (its only bare ACK) is lost: its FIN+ACK, sent right
    // after, acknowledges the client's FIN too. (Held up rather than lost, the ACK would reach
    // TIME_WAIT, draw a duplicate ACK, and the closed server's RST would end TIME_WAIT early.)
    network: network([{ match: { direction: "b->a", exactFlags: "A" }, action: "drop" }]),
    tcp: GAME_CLOCK,
    cues: [
      ...OPEN,
      {
        id: "client-close",
        side: "client",
        when: { state: "ESTABLISHED", of: "client", delayMs: 1000 },
        call: { op: "close" },
      },
      // The server application reads EOF and closes at once.
      {
        id: "server-close",
        side: "server",
        when: { state: "CLOSE_WAIT", of: "server" },
        call: { op: "close" },
      },
    ],
    goal: { client: "CLOSED", server: "CLOSED", clientSaw: ["FIN_WAIT_1", "TIME_WAIT"] },
    timeLimitMs: 30_000,
  },
  {
    id: "lost-syn",
    order: 7,
    difficulty: 2,
    defaultRole: "client",
    network: network([{ match: { direction: "a->b", flags: "S" }, action: "drop" }]),
    tcp: GAME_CLOCK,
    cues: OPEN,
    goal: { client: "ESTABLISHED", server: "ESTABLISHED", clientSaw: ["SYN_SENT", "ESTABLISHED"] },
    timeLimitMs: 15_000,
  },
  {
    id: "lost-final-ack",
    order: 8,
    difficulty: 3,
    defaultRole: "client",
    // Client to server: 1 SYN, 2 ACK, 3 FIN, 4 the last ACK — lost.
    network: network([{ match: { direction: "a->b", nth: 4, exactFlags: "A" }, action: "drop" }]),
    tcp: GAME_CLOCK,
    cues: CLIENT_CLOSES,
    goal: {
      client: "CLOSED",
      server: "CLOSED",
      clientSaw: ["FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"],
      serverSaw: ["CLOSE_WAIT", "LAST_ACK", "CLOSED"],
    },
    timeLimitMs: 30_000,
  },
  {
    id: "simultaneous-close",
    order: 9,
    difficulty: 3,
    defaultRole: "client",
    network: network(),
    tcp: GAME_CLOCK,
    cues: [
      ...OPEN,
      { id: "client-close", side: "client", when: { at: 3000 }, call: { op: "close" } },
      { id: "server-close", side: "server", when: { at: 3000 }, call: { op: "close" } },
    ],
    goal: {
      client: "CLOSED",
      server: "CLOSED",
      clientSaw: ["FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"],
      serverSaw: ["FIN_WAIT_1", "CLOSING", "TIME_WAIT", "CLOSED"],
    },
    timeLimitMs: 30_000,
  },
  {
    id: "connection-refused",
    order: 10,
    difficulty: 1,
    defaultRole: "client",
    network: network(),
    tcp: GAME_CLOCK,
    cues: [{ id: "connect", side: "client", when: { at: 500 }, call: { op: "connect", port: PORT } }],
    goal: {
      client: "CLOSED",
      server: "CLOSED",
      clientSaw: ["SYN_SENT", "CLOSED"],
      clientError: "ECONNREFUSED",
    },
    timeLimitMs: 10_000,
  },
  {
    id: "server-restart",
    order: 11,
    difficulty: 3,
    defaultRole: "server",
    network: network(),
    tcp: GAME_CLOCK,
    cues: [
      // The server program sets SO_REUSEADDR on its listener, as servers do.
      { id: "listen", side: "server", when: { at: 0 }, call: { op: "listen", port: PORT, reuseAddr: true } },
      { id: "connect", side: "client", when: { at: 500 }, call: { op: "connect", port: PORT } },
      // The server closes first: its end of the connection will sit in TIME_WAIT.
      {
        id: "server-close",
        side: "server",
        when: { state: "ESTABLISHED", of: "server", delayMs: 1000 },
        call: { op: "close" },
      },
      {
        id: "client-read",
        side: "client",
        when: { state: "CLOSE_WAIT", of: "client", delayMs: 500 },
        call: { op: "read" },
      },
      {
        id: "client-close",
        side: "client",
        when: { after: "client-read", delayMs: 500 },
        call: { op: "close" },
      },
      // Then it crashes and comes back while TIME_WAIT still holds port 80.
      {
        id: "restart",
        side: "server",
        when: { state: "TIME_WAIT", of: "server", delayMs: 1000 },
        call: { op: "restart" },
      },
      {
        id: "bind",
        side: "server",
        when: { after: "restart", delayMs: 500 },
        call: { op: "bind", port: PORT, reuseAddr: false },
      },
      {
        id: "rebind",
        side: "server",
        when: { after: "bind", delayMs: 1000 },
        call: { op: "setReuseAddrAndListen", port: PORT },
      },
    ],
    goal: {
      server: "CLOSED",
      serverSaw: ["FIN_WAIT_1", "FIN_WAIT_2", "TIME_WAIT"],
      bindResults: ["EADDRINUSE", null],
    },
    timeLimitMs: 30_000,
  },
  {
    // Free play: no cues. Each player makes the application calls (connect, listen, send, read,
    // shutdown, close, abort, bind) and answers for its stack; a bot seat's application runs
    // a small built-in script (MissionRun: listen; connect, send 100 bytes, close). The goal:
    // a connection was established on both sides, then both sides' connections are closed
    // (CLOSED, or TIME_WAIT still running out; a listener may stay open).
    id: "free-play",
    order: 12,
    difficulty: 1,
    defaultRole: "client",
    // Clean: no loss, 350–450 ms each way (a round trip stays under the first RTO).
    network: network(),
    tcp: GAME_CLOCK,
    cues: [],
    goal: {
      client: ["CLOSED", "TIME_WAIT"],
      server: ["CLOSED", "TIME_WAIT"],
      clientSaw: ["ESTABLISHED"],
      serverSaw: ["ESTABLISHED"],
    },
    timeLimitMs: 600_000,
  },
];

const BY_ID = new Map(MISSIONS.map((m) => [m.id, m]));

export function missionById(id: string): Mission | undefined {
  return BY_ID.get(id);
}
