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

/** The server speaks another protocol version than this page: only a reload helps. */
export function needsReload(e: unknown): boolean {
  return e instanceof AppError && e.key === "err.protocol";
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

/** A refused `move` request as an AppError. */
export function moveError(e: unknown): AppError {
  const lost = unanswered(e);
  if (lost) return lost;
  const { error, message } = refusal(e);
  switch (error) {
    case "not_your_turn":
      return new AppError("err.notYourTurn");
    case "stale_decision":
      return new AppError("err.stale");
    case "invalid_move":
      return new AppError("err.invalidMove", { message });
    case "not_playing":
      return new AppError("err.notPlaying");
    case "internal":
      return new AppError("err.internal");
    default:
      return new AppError("err.generic", { message });
  }
}

/** A refused `call` request as an AppError. */
export function callError(e: unknown): AppError {
  const { error, message } = refusal(e);
  switch (error) {
    case "not_now":
      return new AppError("err.notNow");
    case "invalid_call":
      return new AppError("err.invalidCall", { message });
    default:
      return moveError(e);
  }
}

/** A refused `start-with-bot` request as an AppError: the friend came first, or the match is over. */
export function startError(e: unknown): AppError {
  const lost = unanswered(e);
  if (lost) return lost;
  const { error, message } = refusal(e);
  if (error === "not_lobby") return new AppError("err.alreadyStarted");
  return new AppError("err.generic", { message });
}

/** A refused `rematch` request as an AppError. */
export function rematchError(e: unknown): AppError {
  const lost = unanswered(e);
  if (lost) return lost;
  const { error, message } = refusal(e);
  if (error === "not_finished") return new AppError("err.notFinished");
  return new AppError("err.generic", { message });
}
