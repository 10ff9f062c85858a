// The match state every client sees (schema 5 builders, no decorators). Per-seat secrets (a
// seat's pending decision and its candidate moves) sit in `pending`, a map whose elements are
// visible only to the views that added them: the seat itself. The correct answer and the next
// state after a decision are never put in the state at all.
//
// Records that change as a whole (a host's netstat table, the flights in the air, the candidate
// moves, a ladder line) are strings (shared/src/protocol/), not schema objects: a schema object
// costs the server a change tree and map bookkeeping of its own, about 1.2 KB of heap each, and
// a match would hold 15-30 of them. For the same reason the only collections left are the
// ladder's ring and `pending` (per-seat visibility; two view-tagged fields measured larger).

import { type SchemaType, schema, t } from "@colyseus/schema";

/**
 * The decision a seat has to make now. Only that seat's view holds it. Each seat has one for the
 * room's life; `id` is 0 (and the rest empty) while the seat has nothing to decide.
 */
export const PendingDecision = schema(
  {
    /** The decision's id (from 1), or 0: no decision pending. */
    id: t.uint32().default(0),
    role: t.string().default(""),
    /** segment | timer | call */
    triggerKind: t.string().default(""),
    /** A short human-readable description: "SA 1000:1000(0) ack 2001" or "timer retransmission" or "call close". */
    trigger: t.string().default(""),
    /** The connection's state before the event (the state after it is the question). */
    stateBefore: t.string().default(""),
    local: t.string().default(""),
    remote: t.string().default(""),
    /** Virtual time when the decision was raised. */
    at: t.number().default(0),
    /** Wall-clock (ms since epoch) after which the bot answers for the seat; 0 = no deadline. */
    deadline: t.number().default(0),
    /** The initial sequence number the seat's stack chose, when the answer opens a connection; else -1. */
    iss: t.number().default(-1),
    /**
     * Pick difficulty only: the moves to choose from, in index order, as one string
     * (shared/src/protocol/records.ts, encodeCandidates); "" otherwise.
     */
    candidates: t.string().default(""),
    /** Wrong attempts at this decision so far (coach mode). */
    attempts: t.uint16().default(0),
  },
  "PendingDecision",
);
export type PendingDecision = SchemaType<typeof PendingDecision>;

export const Seat = schema(
  {
    role: t.string().default(""),
    /** human | bot */
    kind: t.string().default("bot"),
    /** The human who owns it, even while the bot keeps it warm. */
    owned: t.boolean().default(false),
    connected: t.boolean().default(false),
    nickname: t.string().default(""),
    score: t.int32().default(0),
    mistakes: t.uint16().default(0),
    moves: t.uint16().default(0),
    /** The match is finished and this seat has asked for a rematch. */
    rematch: t.boolean().default(false),
  },
  "Seat",
);
export type Seat = SchemaType<typeof Seat>;

export const MatchState = schema(
  {
    missionId: t.string().default(""),
    /** The mission a rematch asked for will play, if another than `missionId` ("" otherwise). */
    rematchMissionId: t.string().default(""),
    /** The rematch asked for swaps the roles: each player plays the other side. */
    rematchSwap: t.boolean().default(false),
    /** coach | consequence */
    mode: t.string().default("coach"),
    /** pick | flags | full */
    difficulty: t.string().default("pick"),
    /** bot | friend */
    opponent: t.string().default("bot"),
    /** Guess-the-state play: a human seat deciding sees its own host as it was before the event. */
    guessState: t.boolean().default(false),
    /** lobby | playing | finished */
    phase: t.string().default("lobby"),
    /** Virtual time of the match, ms. */
    time: t.number().default(0),
    /** True while the clock is stopped for a human decision (or a dropped player). */
    paused: t.boolean().default(false),
    /** The role whose decision is pending ("" when none). Its details are in `pending`, for that seat only. */
    waitingFor: t.string().default(""),
    /** "" while playing; then success | failed */
    result: t.string().default(""),
    failedBecause: t.string().default(""),
    joinCode: t.string().default(""),
    /** 1 for the room's first match, then one more for each rematch. */
    matchNo: t.uint16().default(1),
    // The two seats and the two hosts are fixed fields, one per role, rather than maps (or child
    // schemas holding two fields): a collection costs the server its own change bookkeeping and
    // a table reallocated with each patch, a schema object a change tree; together about 1.7 KB
    // of heap per room (measured).
    clientSeat: Seat,
    serverSeat: Seat,
    /** The client's host: its address and netstat table, one string (encodeHost). */
    clientHost: t.string().default(""),
    /** The server's host, as clientHost. */
    serverHost: t.string().default(""),
    /** The segment copies in flight, one string: a JSON array of flight records (encodeFlights). */
    flights: t.string().default("[]"),
    /**
     * The ladder's last LADDER_WINDOW lines, one JSON string per event, in a ring: line n is in
     * slot n % LADDER_WINDOW (shared/src/protocol/ladder.ts). Older lines: the `ladder` request.
     */
    ladder: t.array("string"),
    /** Lines in the ladder so far. */
    ladderEnd: t.uint32().default(0),
    /** Keyed by role; each element is visible only to its seat. */
    pending: t.map(PendingDecision).view(),
  },
  "MatchState",
);
export type MatchState = SchemaType<typeof MatchState>;

/** The seat that plays `role`. */
export function seatOf(state: MatchState, role: "client" | "server"): Seat {
  return role === "client" ? state.clientSeat : state.serverSeat;
}

/** Set the host record of `role`'s host, if it changed. */
export function publishHost(state: MatchState, role: "client" | "server", record: string): void {
  if (role === "client") {
    if (state.clientHost !== record) state.clientHost = record;
  } else if (state.serverHost !== record) state.serverHost = record;
}
