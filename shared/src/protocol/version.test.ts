import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { PROTOCOL_MISMATCH_CODE, PROTOCOL_VERSION, protocolMismatch } from "./version.ts";

describe("protocol version", () => {
  test("the same version, or none said, plays", () => {
    assert.equal(protocolMismatch(PROTOCOL_VERSION), null);
    assert.equal(protocolMismatch(undefined), null);
  });

  test("another version is told both numbers and to reload", () => {
    assert.equal(
      protocolMismatch(PROTOCOL_VERSION + 1),
      `protocol: this server speaks protocol ${PROTOCOL_VERSION}, the client ${PROTOCOL_VERSION + 1}; reload the page`,
    );
    assert.match(protocolMismatch(0) ?? "", /the client 0;/);
  });

  test("the refusal's code is an HTTP status (the matchmaker answers with it)", () => {
    assert.ok(PROTOCOL_MISMATCH_CODE >= 400 && PROTOCOL_MISMATCH_CODE < 500);
  });
});
