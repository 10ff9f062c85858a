import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { netstatName, rfcStateOf, TCP_STATES } from "./state.ts";

describe("netstat's names for the states (net-tools netstat.c, tcp_state[])", () => {
  it("spells SYN_RECV, FIN_WAIT1, FIN_WAIT2 and CLOSE its own way, the rest as RFC 9293", () => {
    const ownWay = TCP_STATES.filter((s) => netstatName(s) !== s).map((s) => [s, netstatName(s)]);
    assert.deepEqual(ownWay, [
      ["CLOSED", "CLOSE"],
      ["SYN_RECEIVED", "SYN_RECV"],
      ["FIN_WAIT_1", "FIN_WAIT1"],
      ["FIN_WAIT_2", "FIN_WAIT2"],
    ]);
  });

  it("reads each netstat name back as its RFC state, and leaves other text alone", () => {
    for (const s of TCP_STATES) assert.equal(rfcStateOf(netstatName(s)), s);
    assert.equal(rfcStateOf("SOMETHING"), "SOMETHING");
  });
});
