// The match protocol's version: what a client and a server must agree on to understand each
// other's messages, requests and state fields (docs/PROTOCOL.md). Bump it whenever one of those
// changes meaning, so a page loaded before an upgrade is told to reload instead of misreading.

/** The version this build speaks. 2: a ladder `state` line names the rule the engine applied. */
export const PROTOCOL_VERSION = 2;

/** The create/join error code for a client that speaks another version: HTTP 426 Upgrade Required. */
export const PROTOCOL_MISMATCH_CODE = 426;

/** `null` when a client announcing `version` can play here; otherwise the error message to give it. */
export function protocolMismatch(version: number | undefined): string | null {
  if (version === undefined || version === PROTOCOL_VERSION) return null;
  return `protocol: this server speaks protocol ${PROTOCOL_VERSION}, the client ${version}; reload the page`;
}
