// Errors the app shows: a UI text key and its parameters, so they re-render in any language.

import { h } from "./dom.ts";
import type { Params, Tr, UiKey } from "./i18n/index.ts";

export class AppError extends Error {
  readonly key: UiKey;
  readonly params: Params;
  constructor(key: UiKey, params: Params = {}) {
    super(`${key} ${JSON.stringify(params)}`);
    this.key = key;
    this.params = params;
  }
}

/** The HTTP API's 429 (too many requests from this address): how long to wait, in the page's words. */
export function rateLimited(res: Response): AppError {
  return waitFor(res.headers.get("Retry-After"));
}

/** "Try again in <n> s" (whole seconds, at least 1) from what the server said. */
function waitFor(seconds: string | null | undefined): AppError {
  return new AppError("err.rateLimited", { seconds: Math.max(1, Math.ceil(Number(seconds)) || 1) });
}

/**
 * Matchmaking's 429 (too many matches created from this address): the SDK keeps only the
 * message, which ends `try again in <n> s`.
 */
export function matchmakingRateLimited(message: string): AppError {
  return waitFor(/try again in (\d+) s/.exec(message)?.[1]);
}

/** The server speaks another protocol version than this page: only a reload helps. */
export function needsReload(e: unknown): boolean {
  return e instanceof AppError && e.key === "err.protocol";
}

/** The server was full, busy with this address or out of reach: the same request may well succeed a moment later. */
export function worthRetrying(e: unknown): boolean {
  return (
    e instanceof AppError &&
    (e.key === "err.serverFull" ||
      e.key === "err.rateLimited" ||
      e.key === "err.network" ||
      e.key === "err.timeout")
  );
}

/** The way out of such an error: a button (#reload) that reloads the page. */
export function reloadButton(tr: Tr, primary = false): HTMLButtonElement {
  return h(
    "button",
    {
      type: "button",
      id: "reload",
      class: primary ? "primary" : undefined,
      onclick: () => location.reload(),
    },
    tr.ui("err.reload"),
  );
}

export function errorText(tr: Tr, e: unknown): string {
  if (e instanceof AppError) return tr.ui(e.key, e.params);
  const message = e instanceof Error ? e.message : String(e);
  return tr.ui("err.generic", { message });
}

/** A refused request's `err.reason = { error, message }`, the message falling back to the error's. */
function refusal(e: unknown): { error: string | undefined; message: string } {
  const reason = (e as { reason?: { error?: string; message?: string } } | null)?.reason;
  return {
    error: reason?.error,
    message: reason?.message ?? (e instanceof Error ? e.message : String(e)),
  };
}

/**
 * A request that never reached the room or got no answer (the SDK's own errors, in English): said
 * in the page's language. Undefined for anything else.
 */
function unanswered(e: unknown): AppError | undefined {
  if ((e as { reason?: unknown } | null)?.reason !== undefined) return undefined;
  const message = e instanceof Error ? e.message : String(e);
  if (/connection is not open|connection closed before/.test(message)) return new AppError("err.offline");
  if (/timed out after/.test(message)) return new AppError("err.timeout");
  return undefined;
}

type Refusals = Readonly<Record<string, (message: string) => AppError>>;

/**
 * A failed request as an AppError: one that never reached the room or got no answer, else the
 * room's refusal as `known` words it, else the generic text with the room's message.
 */
function requestError(e: unknown, known: Refusals): AppError {
  const lost = unanswered(e);
  if (lost) return lost;
  const { error, message } = refusal(e);
  const word = error === undefined ? undefined : known[error];
  return word ? word(message) : new AppError("err.generic", { message });
}

const MOVE_REFUSALS: Refusals = {
  not_your_turn: () => new AppError("err.notYourTurn"),
  stale_decision: () => new AppError("err.stale"),
  invalid_move: (message) => new AppError("err.invalidMove", { message }),
  not_playing: () => new AppError("err.notPlaying"),
  internal: () => new AppError("err.internal"),
};

/** A refused `move` request as an AppError. */
export const moveError = (e: unknown): AppError => requestError(e, MOVE_REFUSALS);

/** A refused `call` request as an AppError (a call is refused as a move is, and two ways more). */
export const callError = (e: unknown): AppError =>
  requestError(e, {
    ...MOVE_REFUSALS,
    not_now: () => new AppError("err.notNow"),
    invalid_call: (message) => new AppError("err.invalidCall", { message }),
  });

/** A refused `start-with-bot` request as an AppError: the friend came first, or the match is over. */
export const startError = (e: unknown): AppError =>
  requestError(e, { not_lobby: () => new AppError("err.alreadyStarted") });

/** A refused `rematch` request as an AppError. */
export const rematchError = (e: unknown): AppError =>
  requestError(e, { not_finished: () => new AppError("err.notFinished") });
