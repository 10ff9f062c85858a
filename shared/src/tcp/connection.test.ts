// The reference TCP, state by state (RFC 9293 Figure 5 and §3.10), in the style of smoltcp's
// tcp.rs tests: each test starts from a fixture in one state, feeds one input and checks what
// the endpoint sent, the state it is in and the error the application sees. Where the RFC
// leaves a choice, the expected answer is Linux's; the comment names the kernel function.
//
// Numbers are relative (PROBE.md): the EUT's ISN is 0 and so is the peer's.

import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  activeConn,
  closed,
  closeWait,
  closing,
  Eut,
  established,
  expectStep,
  finWait1,
  finWait2,
  lastAck,
  listen,
  seg,
  synReceived,
  synReceivedSimultaneous,
  synSent,
  timeWait,
} from "./fixtures.test-util.ts";
import { ACK, PSH, SYN } from "./segment.ts";

describe("CLOSED", () => {
  it("closed + listen -> LISTEN, sends nothing", () => {
    expectStep(new Eut().listen(), "LISTEN");
  });

  it("closed + connect -> SYN_SENT, sends SYN seq 0", () => {
    expectStep(new Eut().connect(), "SYN_SENT", ["S 0"]);
  });

  it("closed + ACK -> RST seq=SEG.ACK (RFC 9293 §3.10.7.1)", () => {
    expectStep(closed().recv("A", 5, 9), "CLOSED", ["R 9"]);
  });

  it("closed + SYN -> RST,ACK seq 0 ack=SEG.SEQ+SEG.LEN (the SYN counts)", () => {
    expectStep(closed().recv("S", 0), "CLOSED", ["RA 0/1"]);
  });

  it("closed + FIN with data, no ACK -> RST,ACK ack=SEG.SEQ+len+1", () => {
    expectStep(closed().recv("F", 0, undefined, 10), "CLOSED", ["RA 0/11"]);
  });

  it("closed + FIN,ACK with data -> RST seq=SEG.ACK, no ACK flag", () => {
    expectStep(closed().recv("FPA", 0, 3, 10), "CLOSED", ["R 3"]);
  });

  it("closed + RST -> nothing (a reset is never answered)", () => {
    expectStep(closed().recv("R", 0), "CLOSED");
    expectStep(closed().recv("RA", 0, 1), "CLOSED");
  });

  it("closed: send -> EPIPE, read -> ENOTCONN, shutdown -> ENOTCONN, close -> nothing", () => {
    const e = closed();
    expectStep(e.send(1), "CLOSED", [], "EPIPE");
    expectStep(e.read(), "CLOSED", [], "ENOTCONN");
    expectStep(e.shutdown(), "CLOSED", [], "ENOTCONN");
    expectStep(e.close(), "CLOSED");
    expectStep(e.abort(), "CLOSED");
  });

  it("closed: close_listener without a listener -> EINVAL", () => {
    expectStep(closed().closeListener(), "CLOSED", [], "EINVAL");
  });

  it("closed: timers that are not armed fire nothing", () => {
    const e = closed();
    for (const k of ["retransmission", "time_wait", "fin_wait_2", "keepalive"] as const)
      expectStep(e.expire(k), "CLOSED");
  });
});

describe("LISTEN", () => {
  it("listen + SYN -> SYN_RECEIVED, sends SYN,ACK seq 0 ack 1", () => {
    expectStep(listen().recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  });

  it("listen + ACK -> RST seq=SEG.ACK, stays LISTEN", () => {
    expectStep(listen().recv("A", 1, 7), "LISTEN", ["R 7"]);
  });

  it("listen + SYN,ACK -> RST seq=SEG.ACK (any ACK is bad in LISTEN)", () => {
    expectStep(listen().recv("SA", 0, 7), "LISTEN", ["R 7"]);
  });

  it("listen + RST -> ignored", () => {
    expectStep(listen().recv("R", 0), "LISTEN");
  });

  it("listen + RST,ACK -> ignored (no RST answers an RST)", () => {
    expectStep(listen().recv("RA", 0, 3), "LISTEN");
  });

  it("listen + SYN,FIN -> dropped (Linux tcp_rcv_state_process, TCP_LISTEN)", () => {
    expectStep(listen().recv("SF", 0), "LISTEN");
  });

  it("listen + FIN or bare data without SYN -> dropped", () => {
    const e = listen();
    expectStep(e.recv("F", 0), "LISTEN");
    expectStep(e.recv("P", 0, undefined, 10), "LISTEN");
  });

  it("listen + SYN with data -> SYN,ACK acknowledges the SYN only (no TCP Fast Open)", () => {
    const e = listen();
    expectStep(e.recv("S", 0, undefined, 20), "SYN_RECEIVED", ["SA 0/1"]);
    expectStep(e.recv("A", 1, 1), "ESTABLISHED");
    // The data was dropped: the peer's retransmission of it is new data.
    expectStep(e.recv("PA", 1, 1, 20), "ESTABLISHED", ["A 1/21"]);
  });

  it("listen + close -> CLOSED", () => {
    expectStep(listen().close(), "CLOSED");
  });

  it("listen + close_listener -> CLOSED, and the port answers with RST", () => {
    const e = listen();
    expectStep(e.closeListener(), "CLOSED");
    expectStep(e.recv("S", 0), "CLOSED", ["RA 0/1"]);
  });

  it("listen + send -> EPIPE, no SYN (Linux has no LISTEN -> SYN_SENT)", () => {
    expectStep(listen().send(10), "LISTEN", [], "EPIPE");
  });

  it("listen + read -> ENOTCONN; shutdown does nothing", () => {
    const e = listen();
    expectStep(e.read(), "LISTEN", [], "ENOTCONN");
    expectStep(e.shutdown(), "LISTEN");
  });

  it("listen + connect -> EINVAL, still listening", () => {
    const e = listen();
    expectStep(e.connect(), "LISTEN", [], "EINVAL");
    expectStep(e.recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  });
});

describe("SYN_SENT", () => {
  it("syn_sent + SYN,ACK -> ESTABLISHED, sends ACK", () => {
    expectStep(synSent().recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("syn_sent + SYN,ACK with ack=ISS -> RST seq=SEG.ACK, stays SYN_SENT", () => {
    expectStep(synSent().recv("SA", 0, 0), "SYN_SENT", ["R 0"]);
  });

  it("syn_sent + SYN,ACK with ack > SND.NXT -> RST seq=SEG.ACK, stays SYN_SENT", () => {
    expectStep(synSent().recv("SA", 0, 5), "SYN_SENT", ["R 5"]);
  });

  it("syn_sent + bad ACK then the good SYN,ACK still completes the handshake", () => {
    const e = synSent();
    expectStep(e.recv("A", 0, 9), "SYN_SENT", ["R 9"]);
    expectStep(e.recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("syn_sent + RST,ACK acceptable -> CLOSED, ECONNREFUSED", () => {
    expectStep(synSent().recv("RA", 0, 1), "CLOSED", [], "ECONNREFUSED");
  });

  it("syn_sent + RST,ACK with a bad ack -> dropped, no reset", () => {
    expectStep(synSent().recv("RA", 0, 5), "SYN_SENT");
  });

  it("syn_sent + RST without ACK -> ignored", () => {
    expectStep(synSent().recv("R", 0), "SYN_SENT");
  });

  it("syn_sent + SYN -> SYN_RECEIVED, sends SYN,ACK (simultaneous open)", () => {
    expectStep(synSent().recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  });

  it("syn_sent + ACK without SYN -> dropped", () => {
    expectStep(synSent().recv("A", 0, 1), "SYN_SENT");
  });

  it("syn_sent + segment with neither SYN, RST nor ACK -> dropped", () => {
    expectStep(synSent().recv("F", 0), "SYN_SENT");
  });

  it("syn_sent + SYN,ACK carrying data -> ESTABLISHED, the data is not acknowledged (Linux drops it)", () => {
    const e = synSent();
    expectStep(e.recv("SA", 0, 1, 30), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("PA", 1, 1, 30), "ESTABLISHED", ["A 1/31"]);
  });

  it("syn_sent + close -> CLOSED silently", () => {
    const e = synSent();
    expectStep(e.close(), "CLOSED");
    expectStep(e.recv("SA", 0, 1), "CLOSED", ["R 1"]);
  });

  it("syn_sent + abort -> CLOSED, no RST (tcp_need_reset is false in SYN_SENT)", () => {
    expectStep(synSent().abort(), "CLOSED");
  });

  it("syn_sent + shutdown -> CLOSED, ECONNRESET (Linux inet_shutdown -> tcp_disconnect)", () => {
    const e = synSent();
    expectStep(e.shutdown(), "CLOSED", [], "ECONNRESET");
    expectStep(e.connect(), "SYN_SENT", ["S 0"]);
  });

  it("syn_sent + connect or listen -> EINVAL", () => {
    const e = synSent();
    expectStep(e.connect(), "SYN_SENT", [], "EINVAL");
    expectStep(e.listen(), "SYN_SENT", [], "EINVAL");
  });

  it("syn_sent + retransmission timeout -> the same SYN again", () => {
    const e = synSent();
    expectStep(e.expire("retransmission"), "SYN_SENT", ["S 0"]);
    expectStep(e.recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("syn_sent: 10 retransmissions (tcp_syn_retries 6 + tcp_syn_linear_timeouts 4), ETIMEDOUT on the 11th expiry, reported once", () => {
    const e = synSent();
    for (const r of e.expireTimes("retransmission", 10)) expectStep(r, "SYN_SENT", ["S 0"]);
    expectStep(e.expire("retransmission"), "CLOSED", [], "ETIMEDOUT");
    expectStep(e.expire("retransmission"), "CLOSED");
    expectStep(e.send(1), "CLOSED", [], "EPIPE");
  });

  it("syn_sent: the SYN timer runs 1 s five times, then backs off 2 s ... 64 s, giving up after 131 s (Linux 6.5+)", () => {
    const { conn } = activeConn(1000);
    let now = 0;
    const waits: number[] = [];
    for (let i = 0; i < 10; i++) {
      const at = conn.timers.retransmission as number;
      waits.push(at - now);
      now = at;
      const r = conn.onTimerExpires("retransmission", now);
      assert.deepEqual(
        r.sent.map((s) => [s.flags, s.seq]),
        [[SYN, 1000]],
      );
    }
    const last = conn.timers.retransmission as number;
    waits.push(last - now);
    assert.deepEqual(waits, [1000, 1000, 1000, 1000, 1000, 2000, 4000, 8000, 16000, 32000, 64000]);
    const r = conn.onTimerExpires("retransmission", last);
    assert.equal(last, 131_000);
    assert.equal(r.error, "ETIMEDOUT");
    assert.equal(r.sent.length, 0);
    assert.equal(conn.state, "CLOSED");
  });

  it("syn_sent: tcp_syn_retries from the configuration still counts (synRetries 1 -> 5 retransmissions)", () => {
    const { conn } = activeConn(7, { synRetries: 1 });
    for (let i = 0; i < 5; i++)
      assert.equal(conn.onTimerExpires("retransmission", 1000 * (i + 1)).sent.length, 1);
    assert.equal(conn.onTimerExpires("retransmission", 10_000).error, "ETIMEDOUT");
  });

  it("syn_sent: keepalive is not armed before the connection is established", () => {
    expectStep(synSent().expire("keepalive"), "SYN_SENT");
  });
});

describe("SYN_RECEIVED (passive)", () => {
  it("syn_received + duplicate SYN -> SYN,ACK again", () => {
    expectStep(synReceived().recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
  });

  it("syn_received + duplicate SYN with FIN -> SYN,ACK again (tcp_check_req looks only at SYN/ACK/RST)", () => {
    expectStep(synReceived().recv("SF", 0), "SYN_RECEIVED", ["SA 0/1"]);
  });

  it("syn_received + a second duplicate SYN within 500 ms -> rate limited (tcp_oow_rate_limited)", () => {
    const e = synReceived();
    expectStep(e.recv("S", 0), "SYN_RECEIVED", ["SA 0/1"]);
    expectStep(e.recv("S", 0), "SYN_RECEIVED");
  });

  it("syn_received + ACK not acknowledging our SYN -> RST seq=SEG.ACK, stays SYN_RECEIVED", () => {
    const e = synReceived();
    expectStep(e.recv("A", 1, 5), "SYN_RECEIVED", ["R 5"]);
    expectStep(e.recv("A", 1, 1), "ESTABLISHED");
  });

  it("syn_received + RST,ACK with a bad ack -> nothing (no RST to an RST)", () => {
    expectStep(synReceived().recv("RA", 1, 5), "SYN_RECEIVED");
  });

  it("syn_received + RST in window -> back to LISTEN, no error", () => {
    const e = synReceived();
    expectStep(e.recv("R", 1), "LISTEN");
    expectStep(e.recv("A", 1, 1), "LISTEN", ["R 1"]);
  });

  it("syn_received + RST,ACK acknowledging our SYN -> back to LISTEN", () => {
    expectStep(synReceived().recv("RA", 1, 1), "LISTEN");
  });

  it("syn_received + RST out of window -> ignored", () => {
    expectStep(synReceived().recv("R", 100_000), "SYN_RECEIVED");
  });

  it("syn_received + SYN at another sequence number in window -> RST, back to LISTEN", () => {
    expectStep(synReceived().recv("S", 5), "LISTEN", ["RA 0/6"]);
  });

  it("syn_received + out-of-window segment with a good ACK -> ACK (seq=ISS+1), stays", () => {
    expectStep(synReceived().recv("A", 100_000, 1), "SYN_RECEIVED", ["A 1/1"]);
  });

  it("syn_received + segment without ACK -> dropped", () => {
    expectStep(synReceived().recv("P", 1, undefined, 10), "SYN_RECEIVED");
  });

  it("syn_received + ACK -> ESTABLISHED, sends nothing", () => {
    expectStep(synReceived().recv("A", 1, 1), "ESTABLISHED");
  });

  it("syn_received + ACK with data -> ESTABLISHED, the data is acknowledged", () => {
    const e = synReceived();
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 1/11"]);
    expectStep(e.read(), "ESTABLISHED");
  });

  it("syn_received + ACK,FIN -> CLOSE_WAIT, the FIN is acknowledged", () => {
    expectStep(synReceived().recv("FA", 1, 1), "CLOSE_WAIT", ["A 1/2"]);
  });

  it("syn_received: SYN,ACK retransmitted 5 times (tcp_synack_retries), then dropped -> LISTEN, no error", () => {
    const e = synReceived();
    for (const r of e.expireTimes("retransmission", 5)) expectStep(r, "SYN_RECEIVED", ["SA 0/1"]);
    expectStep(e.expire("retransmission"), "LISTEN");
    expectStep(e.recv("A", 1, 1), "LISTEN", ["R 1"]);
  });

  it("syn_received + close: the listener goes, and the request with it", () => {
    const e = synReceived();
    expectStep(e.close(), "CLOSED");
    expectStep(e.recv("A", 1, 1), "CLOSED", ["R 1"]);
  });

  it("syn_received + bind_again with SO_REUSEADDR -> EADDRINUSE (the listener holds the port)", () => {
    expectStep(synReceived().bindAgain(true), "SYN_RECEIVED", [], "EADDRINUSE");
  });
});

describe("SYN_RECEIVED (simultaneous open)", () => {
  it("syn_received + SYN,ACK acknowledging our SYN -> ESTABLISHED, sends ACK (Linux 6.11+ accepts the crossed SYN-ACK)", () => {
    expectStep(synReceivedSimultaneous().recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("syn_received + ACK -> ESTABLISHED, sends nothing", () => {
    expectStep(synReceivedSimultaneous().recv("A", 1, 1), "ESTABLISHED");
  });

  it("syn_received + duplicate SYN -> challenge ACK (a full socket, RFC 5961 §4.2)", () => {
    expectStep(synReceivedSimultaneous().recv("S", 0), "SYN_RECEIVED", ["A 1/1"]);
  });

  it("syn_received + ACK of something not sent -> RST seq=SEG.ACK", () => {
    expectStep(synReceivedSimultaneous().recv("A", 1, 2), "SYN_RECEIVED", ["R 2"]);
  });

  it("syn_received + RST exact -> CLOSED, ECONNRESET (Linux tcp_reset outside SYN_SENT)", () => {
    expectStep(synReceivedSimultaneous().recv("R", 1), "CLOSED", [], "ECONNRESET");
  });

  it("syn_received + retransmission timeout -> SYN,ACK again", () => {
    expectStep(synReceivedSimultaneous().expire("retransmission"), "SYN_RECEIVED", ["SA 0/1"]);
  });

  it("syn_received: tcp_syn_retries (6, no linear extra outside SYN_SENT), then ETIMEDOUT", () => {
    const e = synReceivedSimultaneous();
    for (const r of e.expireTimes("retransmission", 6)) expectStep(r, "SYN_RECEIVED", ["SA 0/1"]);
    expectStep(e.expire("retransmission"), "CLOSED", [], "ETIMEDOUT");
  });

  it("syn_received + close -> FIN_WAIT_1, sends FIN", () => {
    const e = synReceivedSimultaneous();
    expectStep(e.close(), "FIN_WAIT_1", ["FA 1/1"]);
    expectStep(e.recv("A", 1, 2), "FIN_WAIT_2");
  });
});

describe("ESTABLISHED", () => {
  it("established (passive) + send -> data goes out with PSH,ACK", () => {
    expectStep(established("passive").send(100), "ESTABLISHED", ["PA 1/1 len100"]);
  });

  it("established + in-order data -> ACK of it", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 1, 100), "ESTABLISHED", ["A 1/101"]);
    expectStep(e.recv("PA", 101, 1, 50), "ESTABLISHED", ["A 1/151"]);
    expectStep(e.read(), "ESTABLISHED");
  });

  it("established + out-of-order data -> duplicate ACK; the gap filled -> ACK of everything", () => {
    const e = established();
    expectStep(e.recv("PA", 101, 1, 100), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("PA", 201, 1, 100), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("PA", 1, 1, 100), "ESTABLISHED", ["A 1/301"]);
  });

  it("established + duplicate data -> ACK at once", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 1, 100), "ESTABLISHED", ["A 1/101"]);
    expectStep(e.recv("PA", 1, 1, 100), "ESTABLISHED", ["A 1/101"]);
  });

  it("established + partly new data -> only the new part counts", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 1, 100), "ESTABLISHED", ["A 1/101"]);
    expectStep(e.recv("PA", 51, 1, 100), "ESTABLISHED", ["A 1/151"]);
  });

  it("established + RST at RCV.NXT -> CLOSED, ECONNRESET, reported once", () => {
    const e = established();
    expectStep(e.recv("R", 1), "CLOSED", [], "ECONNRESET");
    expectStep(e.read(), "CLOSED");
    expectStep(e.send(1), "CLOSED", [], "EPIPE");
    expectStep(e.shutdown(), "CLOSED", [], "ENOTCONN");
  });

  it("established + RST,ACK at RCV.NXT -> CLOSED, ECONNRESET", () => {
    expectStep(established().recv("RA", 1, 1), "CLOSED", [], "ECONNRESET");
  });

  it("established + RST in window, not exact -> challenge ACK (RFC 5961 §3.2)", () => {
    const e = established();
    expectStep(e.recv("R", 5), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("R", 1), "CLOSED", [], "ECONNRESET");
  });

  it("established + RST out of window -> ignored", () => {
    const e = established();
    expectStep(e.recv("R", 100_000), "ESTABLISHED");
    expectStep(e.recv("R", 0), "ESTABLISHED");
  });

  it("established + SYN in window -> challenge ACK (RFC 5961 §4.2)", () => {
    expectStep(established().recv("S", 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("established + SYN out of window -> challenge ACK too", () => {
    expectStep(established().recv("S", 500_000), "ESTABLISHED", ["A 1/1"]);
  });

  it("established: challenge ACKs are rate limited per socket (tcp_invalid_ratelimit, 500 ms)", () => {
    const e = established();
    expectStep(e.recv("R", 5), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("S", 1), "ESTABLISHED");
  });

  it("established + ACK of unsent data -> challenge ACK, the data is not accepted", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 50, 10), "ESTABLISHED", ["A 1/1"]);
    assert.deepEqual(e.probe.lastRules, ["ack.unsent.challenge_ack"]);
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 1/11"]);
  });

  it("established + old ACK (below SND.UNA, within what was acknowledged) -> the data still counts", () => {
    const e = established();
    expectStep(e.send(100), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.recv("A", 1, 101), "ESTABLISHED");
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 101/11"]);
  });

  it("established + ACK older than anything in flight -> challenge ACK, the data is dropped (RFC 5961 §5.2)", () => {
    const e = established();
    expectStep(e.recv("PA", 1, -5, 10), "ESTABLISHED", ["A 1/1"]);
    assert.deepEqual(e.probe.lastRules, ["ack.too_old.challenge_ack"]);
  });

  it("established + FIN -> CLOSE_WAIT, ACK of the FIN", () => {
    expectStep(established().recv("FA", 1, 1), "CLOSE_WAIT", ["A 1/2"]);
  });

  it("established + data with FIN -> CLOSE_WAIT, ACK of data and FIN", () => {
    expectStep(established().recv("FPA", 1, 1, 10), "CLOSE_WAIT", ["A 1/12"]);
  });

  it("established + FIN out of order -> duplicate ACK; once the gap fills -> CLOSE_WAIT", () => {
    const e = established();
    expectStep(e.recv("FA", 11, 1), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("PA", 1, 1, 10), "CLOSE_WAIT", ["A 1/12"]);
  });

  it("established + segment without ACK -> dropped", () => {
    expectStep(established().recv("P", 1, undefined, 10), "ESTABLISHED");
  });

  it("established + out-of-window ACK -> duplicate ACK with our numbers", () => {
    expectStep(established().recv("A", 200_000, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("established + send -> PSH,ACK with the data", () => {
    expectStep(established().send(100), "ESTABLISHED", ["PA 1/1 len100"]);
  });

  it("established: Nagle holds a second small send until the first is ACKed", () => {
    const e = established();
    expectStep(e.send(100), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.send(100), "ESTABLISHED");
    expectStep(e.send(100), "ESTABLISHED");
    expectStep(e.recv("A", 1, 101), "ESTABLISHED", ["PA 101/1 len200"]);
    expectStep(e.recv("A", 1, 301), "ESTABLISHED");
  });

  it("established: held data fills a full-sized segment, which Nagle lets go (Minshall, tcp_minshall_check)", () => {
    const e = established();
    expectStep(e.send(1000), "ESTABLISHED", ["PA 1/1 len1000"]);
    expectStep(e.send(1000), "ESTABLISHED");
    expectStep(e.send(1000), "ESTABLISHED", ["PA 1001/1 len1460"]);
    // The short segment is acknowledged: the last short one may go although 1460 bytes are in flight.
    expectStep(e.recv("A", 1, 1001), "ESTABLISHED", ["PA 2461/1 len540"]);
    expectStep(e.recv("A", 1, 3001), "ESTABLISHED");
  });

  it("established: the data is retransmitted on timeout, and the ACK of it stops the timer", () => {
    const e = established();
    expectStep(e.send(100), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.expire("retransmission"), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.expire("retransmission"), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.recv("A", 1, 101), "ESTABLISHED");
    expectStep(e.expire("retransmission"), "ESTABLISHED");
  });

  it("established: 15 retransmissions (tcp_retries2), then ETIMEDOUT on the 16th expiry, nothing sent", () => {
    const e = established();
    expectStep(e.send(5), "ESTABLISHED", ["PA 1/1 len5"]);
    for (const r of e.expireTimes("retransmission", 15)) expectStep(r, "ESTABLISHED", ["PA 1/1 len5"]);
    expectStep(e.expire("retransmission"), "CLOSED", [], "ETIMEDOUT");
    expectStep(e.expire("retransmission"), "CLOSED");
  });

  it("established: three duplicate ACKs with one segment in flight -> no fast retransmit (Linux, no SACK)", () => {
    const e = established();
    expectStep(e.send(1000), "ESTABLISHED", ["PA 1/1 len1000"]);
    for (let i = 0; i < 4; i++) expectStep(e.recv("A", 1, 1), "ESTABLISHED");
    expectStep(e.expire("retransmission"), "ESTABLISHED", ["PA 1/1 len1000"]);
  });

  it("established: three duplicate ACKs with four segments in flight -> fast retransmit, then NewReno", () => {
    const { conn } = activeConn(100, { mss: 100 });
    conn.onSegmentArrives(seg("SA", 5000, 101), 10);
    const sent = conn.send(new Uint8Array(400), 20).sent;
    assert.deepEqual(
      sent.map((s) => [s.seq, s.len]),
      [
        [101, 100],
        [201, 100],
        [301, 100],
        [401, 100],
      ],
    );
    const dup = () => conn.onSegmentArrives(seg("A", 5001, 101), 30).sent;
    assert.deepEqual(dup(), []);
    assert.deepEqual(dup(), []);
    assert.deepEqual(
      dup().map((s) => [s.flags, s.seq, s.len]),
      [[PSH | ACK, 101, 100]],
    );
    assert.deepEqual(dup(), [], "only one fast retransmit per loss");
    // A partial ACK: the next segment is resent at once (RFC 6582).
    assert.deepEqual(
      conn.onSegmentArrives(seg("A", 5001, 201), 40).sent.map((s) => s.seq),
      [201],
    );
    assert.deepEqual(conn.onSegmentArrives(seg("A", 5001, 501), 50).sent, []);
    assert.equal(conn.timers.retransmission, undefined);
  });

  it("established: three duplicate ACKs with three segments in flight -> no fast retransmit", () => {
    const { conn } = activeConn(100, { mss: 100 });
    conn.onSegmentArrives(seg("SA", 5000, 101), 10);
    assert.equal(conn.send(new Uint8Array(300), 20).sent.length, 3);
    for (let i = 0; i < 5; i++) assert.deepEqual(conn.onSegmentArrives(seg("A", 5001, 101), 30).sent, []);
  });

  it("established + close -> FIN_WAIT_1, sends FIN", () => {
    expectStep(established().close(), "FIN_WAIT_1", ["FA 1/1"]);
  });

  it("established + close with unread data -> RST,ACK and CLOSED (RFC 2525 §2.17), no error", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 1/11"]);
    expectStep(e.close(), "CLOSED", ["RA 1/11"]);
  });

  it("established + close after reading everything -> FIN as usual", () => {
    const e = established();
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 1/11"]);
    expectStep(e.read(), "ESTABLISHED");
    expectStep(e.close(), "FIN_WAIT_1", ["FA 1/11"]);
  });

  it("established + abort -> RST,ACK at SND.NXT, CLOSED, no error", () => {
    const e = established();
    expectStep(e.send(10), "ESTABLISHED", ["PA 1/1 len10"]);
    expectStep(e.abort(), "CLOSED", ["RA 11/1"]);
    expectStep(e.recv("A", 1, 11), "CLOSED", ["R 11"]);
  });

  it("established + shutdown -> FIN_WAIT_1, sends FIN", () => {
    expectStep(established().shutdown(), "FIN_WAIT_1", ["FA 1/1"]);
  });

  it("established + retransmitted SYN,ACK (our ACK was lost) -> ACK (a challenge ACK, RFC 5961 §4.2)", () => {
    expectStep(established().recv("SA", 0, 1), "ESTABLISHED", ["A 1/1"]);
  });

  it("established (passive) + out-of-order data on the handshake's last ACK -> duplicate ACK", () => {
    const e = synReceived();
    expectStep(e.recv("PA", 11, 1, 10), "ESTABLISHED", ["A 1/1"]);
    expectStep(e.recv("PA", 1, 1, 10), "ESTABLISHED", ["A 1/21"]);
  });

  it("established + connect -> EINVAL, the connection is intact", () => {
    const e = established();
    expectStep(e.connect(), "ESTABLISHED", [], "EINVAL");
    expectStep(e.send(1), "ESTABLISHED", ["PA 1/1 len1"]);
  });
});

describe("keepalive", () => {
  it("keepalive expiry -> probe with seq=SND.UNA-1, which the peer answers", () => {
    const e = established();
    expectStep(e.expire("keepalive"), "ESTABLISHED", ["A 0/1"]);
    expectStep(e.recv("A", 1, 1), "ESTABLISHED");
  });

  it("keepalive: 9 unanswered probes (tcp_keepalive_probes), the 10th expiry -> RST,ACK and ETIMEDOUT", () => {
    const e = established();
    for (const r of e.expireTimes("keepalive", 9)) expectStep(r, "ESTABLISHED", ["A 0/1"]);
    expectStep(e.expire("keepalive"), "CLOSED", ["RA 1/1"], "ETIMEDOUT");
    expectStep(e.expire("keepalive"), "CLOSED");
  });

  it("keepalive: an answer starts the count of unanswered probes again", () => {
    const e = established();
    e.expireTimes("keepalive", 5);
    expectStep(e.recv("A", 1, 1), "ESTABLISHED");
    for (const r of e.expireTimes("keepalive", 9)) expectStep(r, "ESTABLISHED", ["A 0/1"]);
    expectStep(e.expire("keepalive"), "CLOSED", ["RA 1/1"], "ETIMEDOUT");
  });

  it("keepalive: no probe while data is in flight (the connection is alive anyway)", () => {
    const e = established();
    expectStep(e.send(10), "ESTABLISHED", ["PA 1/1 len10"]);
    expectStep(e.expire("keepalive"), "ESTABLISHED");
  });

  it("keepalive works on a passive connection too; the probe follows SND.UNA", () => {
    const e = established("passive");
    expectStep(e.send(10), "ESTABLISHED", ["PA 1/1 len10"]);
    expectStep(e.recv("A", 1, 11), "ESTABLISHED");
    expectStep(e.expire("keepalive"), "ESTABLISHED", ["A 10/1"]);
  });

  it("keepalive: idle time 2 h, then one probe every 75 s (Linux defaults)", () => {
    const { conn } = activeConn(0, {
      keepalive: { enabled: true, idleMs: 7_200_000, intervalMs: 75_000, probes: 9 },
    });
    conn.onSegmentArrives(seg("SA", 0, 1), 10);
    assert.equal(conn.timers.keepalive, 10 + 7_200_000);
    conn.onTimerExpires("keepalive", 7_200_010);
    assert.equal(conn.timers.keepalive, 7_200_010 + 75_000);
  });
});

describe("FIN_WAIT_1", () => {
  it("fin_wait_1 + ACK of FIN -> FIN_WAIT_2", () => {
    expectStep(finWait1().recv("A", 1, 2), "FIN_WAIT_2");
  });

  it("fin_wait_1 + ACK not covering the FIN -> stays FIN_WAIT_1", () => {
    expectStep(finWait1().recv("A", 1, 1), "FIN_WAIT_1");
  });

  it("fin_wait_1 + FIN -> CLOSING, ACK of the FIN", () => {
    expectStep(finWait1().recv("FA", 1, 1), "CLOSING", ["A 2/2"]);
  });

  it("fin_wait_1 + FIN,ACK of our FIN -> TIME_WAIT, ACK", () => {
    expectStep(finWait1().recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  });

  it("fin_wait_1 + retransmission timeout -> FIN again", () => {
    const e = finWait1();
    expectStep(e.expire("retransmission"), "FIN_WAIT_1", ["FA 1/1"]);
    expectStep(e.recv("A", 1, 2), "FIN_WAIT_2");
  });

  it("fin_wait_1 after close: 8 FIN retransmissions (tcp_orphan_retries), then CLOSED silently", () => {
    const e = finWait1("close");
    for (const r of e.expireTimes("retransmission", 8)) expectStep(r, "FIN_WAIT_1", ["FA 1/1"]);
    expectStep(e.expire("retransmission"), "CLOSED");
  });

  it("fin_wait_1 after shutdown: 15 FIN retransmissions, then ETIMEDOUT", () => {
    const e = finWait1("shutdown");
    for (const r of e.expireTimes("retransmission", 15)) expectStep(r, "FIN_WAIT_1", ["FA 1/1"]);
    expectStep(e.expire("retransmission"), "CLOSED", [], "ETIMEDOUT");
  });

  it("fin_wait_1 after close + data -> RST seq=SEG.ACK, CLOSED, no error (RFC 1122 §4.2.2.13)", () => {
    const e = finWait1("close");
    expectStep(e.recv("PA", 1, 1, 10), "CLOSED", ["R 1"]);
    assert.ok(e.probe.lastRules.includes("data.after_close.reset"), e.probe.lastRules.join());
  });

  it("fin_wait_1 after close + data with the ACK of our FIN -> RST, CLOSED", () => {
    expectStep(finWait1("close").recv("PA", 1, 2, 10), "CLOSED", ["R 2"]);
  });

  it("fin_wait_1 after close + ACK of our FIN with an out-of-order FIN -> RST, CLOSED (Linux TCP_FIN_WAIT1, SOCK_DEAD)", () => {
    expectStep(finWait1("close").recv("FA", 5, 2), "CLOSED", ["R 2"]);
  });

  it("fin_wait_1 after shutdown + data -> accepted and ACKed", () => {
    const e = finWait1("shutdown");
    expectStep(e.recv("PA", 1, 1, 10), "FIN_WAIT_1", ["A 2/11"]);
    expectStep(e.read(), "FIN_WAIT_1");
  });

  it("fin_wait_1 + FIN with an old ACK -> the old ACK is ignored, the FIN still counts: CLOSING + ACK (Linux: accept old ack during closing)", () => {
    const e = established();
    expectStep(e.send(100), "ESTABLISHED", ["PA 1/1 len100"]);
    expectStep(e.recv("A", 1, 101), "ESTABLISHED");
    expectStep(e.shutdown(), "FIN_WAIT_1", ["FA 101/1"]);
    expectStep(e.recv("FA", 1, 1), "CLOSING", ["A 102/2"]);
    expectStep(e.recv("A", 2, 102), "TIME_WAIT");
  });

  it("fin_wait_1 + send -> EPIPE, nothing sent, state unchanged", () => {
    expectStep(finWait1().send(10), "FIN_WAIT_1", [], "EPIPE");
  });

  it("fin_wait_1 + shutdown again -> nothing, no error", () => {
    expectStep(finWait1("shutdown").shutdown(), "FIN_WAIT_1");
  });

  it("fin_wait_1 after shutdown + close -> stays FIN_WAIT_1, now orphaned: data draws a reset", () => {
    const e = finWait1("shutdown");
    expectStep(e.close(), "FIN_WAIT_1");
    expectStep(e.recv("PA", 1, 1, 10), "CLOSED", ["R 1"]);
  });

  it("fin_wait_1 after shutdown + RST -> ECONNRESET", () => {
    expectStep(finWait1("shutdown").recv("R", 1), "CLOSED", [], "ECONNRESET");
  });

  it("fin_wait_1 after close + RST -> CLOSED, nobody to tell", () => {
    expectStep(finWait1("close").recv("R", 1), "CLOSED");
  });

  it("fin_wait_1 + abort -> RST,ACK at SND.NXT (after the FIN), CLOSED", () => {
    expectStep(finWait1("shutdown").abort(), "CLOSED", ["RA 2/1"]);
  });
});

describe("FIN_WAIT_2", () => {
  it("fin_wait_2 + FIN -> TIME_WAIT, ACK", () => {
    expectStep(finWait2().recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  });

  it("fin_wait_2 after shutdown + data -> accepted, ACKed, readable", () => {
    const e = finWait2("shutdown");
    expectStep(e.recv("PA", 1, 2, 10), "FIN_WAIT_2", ["A 2/11"]);
    expectStep(e.read(), "FIN_WAIT_2");
    expectStep(e.recv("FA", 11, 2), "TIME_WAIT", ["A 2/12"]);
  });

  it("fin_wait_2 after shutdown: no FIN_WAIT_2 timer (only orphans have one)", () => {
    expectStep(finWait2("shutdown").expire("fin_wait_2"), "FIN_WAIT_2");
  });

  it("fin_wait_2 orphaned (after close): fin_wait_2 expiry -> CLOSED, nothing sent", () => {
    const e = finWait2("close");
    expectStep(e.expire("fin_wait_2"), "CLOSED");
    expectStep(e.recv("FA", 1, 2), "CLOSED", ["R 2"]);
  });

  it("fin_wait_2 orphaned + data -> RST seq=SEG.ACK, CLOSED (tcp_timewait_state_process: TCP_TW_RST)", () => {
    expectStep(finWait2("close").recv("PA", 1, 2, 10), "CLOSED", ["R 2"]);
  });

  it("fin_wait_2 orphaned + FIN -> TIME_WAIT, ACK", () => {
    expectStep(finWait2("close").recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  });

  it("fin_wait_2 orphaned + FIN carrying data -> RST, CLOSED", () => {
    expectStep(finWait2("close").recv("FPA", 1, 2, 5), "CLOSED", ["R 2"]);
  });

  it("fin_wait_2 orphaned + bare ACK in window -> nothing", () => {
    expectStep(finWait2("close").recv("A", 1, 2), "FIN_WAIT_2");
  });

  it("fin_wait_2 orphaned + out-of-window segment -> ACK with our numbers", () => {
    expectStep(finWait2("close").recv("A", 300_000, 2), "FIN_WAIT_2", ["A 2/1"]);
  });

  it("fin_wait_2 orphaned + RST in window -> CLOSED, no error", () => {
    expectStep(finWait2("close").recv("R", 1), "CLOSED");
  });

  it("fin_wait_2 orphaned + SYN in window -> RST, CLOSED", () => {
    expectStep(finWait2("close").recv("S", 10), "CLOSED", ["RA 0/11"]);
  });

  it("fin_wait_2 after shutdown + close -> orphaned, the FIN_WAIT_2 timer now runs", () => {
    const e = finWait2("shutdown");
    expectStep(e.close(), "FIN_WAIT_2");
    expectStep(e.expire("fin_wait_2"), "CLOSED");
  });

  it("fin_wait_2 after shutdown + RST -> ECONNRESET", () => {
    expectStep(finWait2("shutdown").recv("R", 1), "CLOSED", [], "ECONNRESET");
  });

  it("fin_wait_2 after shutdown + close with unread data -> RST,ACK, CLOSED (tcp_close: data_was_unread)", () => {
    const e = finWait2("shutdown");
    expectStep(e.recv("PA", 1, 2, 10), "FIN_WAIT_2", ["A 2/11"]);
    expectStep(e.close(), "CLOSED", ["RA 2/11"]);
  });

  it("fin_wait_2 + send -> EPIPE", () => {
    expectStep(finWait2("shutdown").send(1), "FIN_WAIT_2", [], "EPIPE");
  });

  it("fin_wait_2 after shutdown + keepalive expiry -> probe at SND.UNA-1 (the FIN's sequence number)", () => {
    expectStep(finWait2("shutdown").expire("keepalive"), "FIN_WAIT_2", ["A 1/1"]);
  });
});

describe("CLOSE_WAIT", () => {
  it("close_wait + close -> LAST_ACK, sends FIN", () => {
    expectStep(closeWait().close(), "LAST_ACK", ["FA 1/2"]);
  });

  it("close_wait + shutdown -> LAST_ACK, sends FIN", () => {
    expectStep(closeWait().shutdown(), "LAST_ACK", ["FA 1/2"]);
  });

  it("close_wait + send -> the data goes out", () => {
    const e = closeWait();
    expectStep(e.send(10), "CLOSE_WAIT", ["PA 1/2 len10"]);
    expectStep(e.recv("A", 2, 11), "CLOSE_WAIT");
  });

  it("close_wait + RST at RCV.NXT -> CLOSED with EPIPE (Linux tcp_reset)", () => {
    const e = closeWait();
    expectStep(e.recv("R", 2), "CLOSED", [], "EPIPE");
    expectStep(e.send(1), "CLOSED", [], "EPIPE");
  });

  it("close_wait + RST at RCV.NXT-1 (the FIN's number) -> CLOSED, EPIPE (tcp_reset_check)", () => {
    expectStep(closeWait().recv("R", 1), "CLOSED", [], "EPIPE");
  });

  it("close_wait + retransmitted FIN -> ACK again", () => {
    expectStep(closeWait().recv("FA", 1, 1), "CLOSE_WAIT", ["A 1/2"]);
  });

  it("close_wait + data after the peer's FIN -> ignored silently", () => {
    expectStep(closeWait().recv("PA", 2, 1, 10), "CLOSE_WAIT");
  });

  it("close_wait + data running past the peer's FIN -> RST, CLOSED, EPIPE (Linux: RCV_SHUTDOWN, tcp_reset)", () => {
    const e = closeWait();
    expectStep(e.recv("PA", 1, 1, 10), "CLOSED", ["R 1"], "EPIPE");
    assert.ok(e.probe.lastRules.includes("data.after_fin.reset"), e.probe.lastRules.join());
  });

  it("close_wait + close with unread data -> RST,ACK, CLOSED", () => {
    const e = established();
    expectStep(e.recv("FPA", 1, 1, 10), "CLOSE_WAIT", ["A 1/12"]);
    expectStep(e.close(), "CLOSED", ["RA 1/12"]);
  });

  it("close_wait + abort -> RST,ACK", () => {
    expectStep(closeWait().abort(), "CLOSED", ["RA 1/2"]);
  });

  it("close_wait + SYN -> challenge ACK", () => {
    expectStep(closeWait().recv("S", 2), "CLOSE_WAIT", ["A 1/2"]);
  });

  it("close_wait + read -> no error (end of file)", () => {
    expectStep(closeWait().read(), "CLOSE_WAIT");
  });

  it("close_wait on a passive connection + close -> LAST_ACK, then CLOSED and LISTEN again", () => {
    const e = closeWait("passive");
    expectStep(e.close(), "LAST_ACK", ["FA 1/2"]);
    expectStep(e.recv("A", 2, 2), "LISTEN");
  });
});

describe("CLOSING", () => {
  it("closing + ACK of FIN -> TIME_WAIT, sends nothing", () => {
    expectStep(closing().recv("A", 2, 2), "TIME_WAIT");
  });

  it("closing + ACK not covering the FIN -> stays CLOSING", () => {
    expectStep(closing().recv("A", 2, 1), "CLOSING");
  });

  it("closing + retransmitted FIN -> ACK again", () => {
    expectStep(closing().recv("FA", 1, 1), "CLOSING", ["A 2/2"]);
  });

  it("closing + retransmission timeout -> FIN again", () => {
    expectStep(closing().expire("retransmission"), "CLOSING", ["FA 1/2"]);
  });

  it("closing after shutdown + RST -> ECONNRESET", () => {
    expectStep(closing("shutdown").recv("R", 2), "CLOSED", [], "ECONNRESET");
  });

  it("closing + RST at RCV.NXT-1 -> reset too (tcp_reset_check)", () => {
    expectStep(closing("shutdown").recv("R", 1), "CLOSED", [], "ECONNRESET");
  });

  it("closing after close + RST -> CLOSED, no error", () => {
    expectStep(closing("close").recv("R", 2), "CLOSED");
  });

  it("closing + send -> EPIPE", () => {
    expectStep(closing().send(1), "CLOSING", [], "EPIPE");
  });

  it("closing + abort -> CLOSED silently (the FIN is out, tcp_disconnect sends no RST)", () => {
    expectStep(closing("shutdown").abort(), "CLOSED");
  });
});

describe("LAST_ACK", () => {
  it("last_ack + ACK of FIN -> CLOSED, sends nothing", () => {
    expectStep(lastAck().recv("A", 2, 2), "CLOSED");
  });

  it("last_ack + ACK not covering the FIN -> stays LAST_ACK", () => {
    expectStep(lastAck().recv("A", 2, 1), "LAST_ACK");
  });

  it("last_ack + retransmitted FIN -> ACK again", () => {
    expectStep(lastAck().recv("FA", 1, 1), "LAST_ACK", ["A 2/2"]);
  });

  it("last_ack + retransmission timeout -> FIN again", () => {
    expectStep(lastAck().expire("retransmission"), "LAST_ACK", ["FA 1/2"]);
  });

  it("last_ack after close: 8 FIN retransmissions, then CLOSED silently", () => {
    const e = lastAck("close");
    for (const r of e.expireTimes("retransmission", 8)) expectStep(r, "LAST_ACK", ["FA 1/2"]);
    expectStep(e.expire("retransmission"), "CLOSED");
  });

  it("last_ack after shutdown + RST -> ECONNRESET", () => {
    expectStep(lastAck("shutdown").recv("R", 2), "CLOSED", [], "ECONNRESET");
  });

  it("last_ack after close + RST -> CLOSED, no error", () => {
    expectStep(lastAck("close").recv("R", 2), "CLOSED");
  });

  it("last_ack + send -> EPIPE", () => {
    expectStep(lastAck("shutdown").send(1), "LAST_ACK", [], "EPIPE");
  });

  it("last_ack + abort -> CLOSED silently", () => {
    expectStep(lastAck("shutdown").abort(), "CLOSED");
  });
});

describe("TIME_WAIT", () => {
  it("time_wait + retransmitted FIN -> ACK again", () => {
    expectStep(timeWait().recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait: every retransmitted FIN is re-ACKed (a FIN occupies sequence space: tcp_oow_rate_limited exempts it)", () => {
    const e = timeWait();
    expectStep(e.recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
    expectStep(e.recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait: ACKs to bare out-of-window segments are rate limited (500 ms)", () => {
    const e = timeWait();
    expectStep(e.recv("A", 7, 2), "TIME_WAIT", ["A 2/2"]);
    expectStep(e.recv("A", 7, 2), "TIME_WAIT");
  });

  it("time_wait: 2MSL expiry -> CLOSED", () => {
    const e = timeWait();
    expectStep(e.expire("time_wait"), "CLOSED");
    expectStep(e.recv("FA", 1, 2), "CLOSED", ["R 2"]);
  });

  it("time_wait: the timer is 2MSL (60 s) and a retransmitted FIN restarts it", () => {
    const { conn } = activeConn(0);
    conn.onSegmentArrives(seg("SA", 0, 1), 10);
    conn.close(20);
    conn.onSegmentArrives(seg("FA", 1, 2), 30);
    assert.equal(conn.state, "TIME_WAIT");
    assert.equal(conn.timers.time_wait, 30 + 60_000);
    const r = conn.onSegmentArrives(seg("FA", 1, 2), 5_000);
    assert.deepEqual(
      r.sent.map((s) => [s.flags, s.seq, s.ack]),
      [[ACK, 2, 2]],
    );
    assert.equal(conn.timers.time_wait, 5_000 + 60_000);
    // A bare ACK at RCV.NXT restarts it too, silently.
    assert.deepEqual(conn.onSegmentArrives(seg("A", 2, 2), 9_000).sent, []);
    assert.equal(conn.timers.time_wait, 9_000 + 60_000);
  });

  it("time_wait + RST at RCV.NXT -> CLOSED (Linux tcp_rfc1337=0), no error", () => {
    const e = timeWait();
    expectStep(e.recv("R", 2), "CLOSED");
    expectStep(e.bindAgain(false), "CLOSED");
  });

  it("time_wait + RST elsewhere -> ignored", () => {
    expectStep(timeWait().recv("R", 50), "TIME_WAIT");
  });

  it("time_wait + data -> ACK with our final numbers", () => {
    expectStep(timeWait().recv("PA", 2, 2, 10), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait (passive, listener open) + SYN above RCV.NXT -> SYN_RECEIVED, a new incarnation", () => {
    const e = timeWait("passive");
    expectStep(e.recv("S", 1000), "SYN_RECEIVED", ["SA 0/1001"]);
    expectStep(e.recv("A", 1001, 1), "ESTABLISHED");
    expectStep(e.send(10), "ESTABLISHED", ["PA 1/1001 len10"]);
  });

  it("time_wait (active, no listener) + SYN above RCV.NXT -> ACK only", () => {
    const e = timeWait("active");
    expectStep(e.recv("S", 1000), "TIME_WAIT", ["A 2/2"]);
    expectStep(e.recv("S", 1000), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait (passive, listener closed) + SYN -> ACK only", () => {
    const e = timeWait("passive");
    expectStep(e.closeListener(), "TIME_WAIT");
    expectStep(e.recv("S", 1000), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait + SYN at or below RCV.NXT (an old duplicate) -> ACK, stays TIME_WAIT", () => {
    expectStep(timeWait("passive").recv("S", 0), "TIME_WAIT", ["A 2/2"]);
  });

  it("time_wait after close + send -> EPIPE; shutdown -> ENOTCONN; close and abort -> nothing", () => {
    const e = timeWait();
    expectStep(e.send(1), "TIME_WAIT", [], "EPIPE");
    expectStep(e.shutdown(), "TIME_WAIT", [], "ENOTCONN");
    expectStep(e.close(), "TIME_WAIT");
    expectStep(e.abort(), "TIME_WAIT");
  });

  it("time_wait reached from FIN_WAIT_2 after shutdown: send -> EPIPE, shutdown -> ENOTCONN", () => {
    const e = finWait2("shutdown");
    expectStep(e.recv("FA", 1, 2), "TIME_WAIT", ["A 2/2"]);
    expectStep(e.send(1), "TIME_WAIT", [], "EPIPE");
    expectStep(e.shutdown(), "TIME_WAIT", [], "ENOTCONN");
    expectStep(e.read(), "TIME_WAIT");
    expectStep(e.close(), "TIME_WAIT");
  });
});

describe("EPIPE, ECONNRESET and errors reported once (PROBE.md)", () => {
  const afterShutdown: Array<[string, () => Eut]> = [
    ["FIN_WAIT_1", () => finWait1("shutdown")],
    ["FIN_WAIT_2", () => finWait2("shutdown")],
    ["CLOSING", () => closing("shutdown")],
    ["LAST_ACK", () => lastAck("shutdown")],
  ];

  for (const [state, make] of afterShutdown) {
    it(`send in ${state} after shutdown -> EPIPE, nothing sent, no state change`, () => {
      const e = make();
      expectStep(e.send(10), state, [], "EPIPE");
      expectStep(e.send(10), state, [], "EPIPE");
    });

    it(`an acceptable RST in ${state} after shutdown -> ECONNRESET`, () => {
      const e = make();
      const rcvNxt = state === "CLOSING" || state === "LAST_ACK" ? 2 : 1;
      expectStep(e.recv("R", rcvNxt), "CLOSED", [], "ECONNRESET");
      expectStep(e.send(1), "CLOSED", [], "EPIPE");
    });
  }

  it("send in TIME_WAIT after shutdown -> EPIPE", () => {
    const e = finWait2("shutdown");
    e.recv("FA", 1, 2);
    expectStep(e.send(1), "TIME_WAIT", [], "EPIPE");
  });

  it("an acceptable RST in CLOSE_WAIT -> EPIPE instead of ECONNRESET", () => {
    expectStep(closeWait().recv("R", 2), "CLOSED", [], "EPIPE");
  });

  it("ECONNREFUSED is reported once; later steps see nothing, sends see EPIPE", () => {
    const e = synSent();
    expectStep(e.recv("RA", 0, 1), "CLOSED", [], "ECONNREFUSED");
    expectStep(e.expire("retransmission"), "CLOSED");
    expectStep(e.recv("SA", 0, 1), "CLOSED", ["R 1"]);
    expectStep(e.send(1), "CLOSED", [], "EPIPE");
  });

  it("ETIMEDOUT from keepalive is reported once", () => {
    const e = established();
    e.expireTimes("keepalive", 9);
    expectStep(e.expire("keepalive"), "CLOSED", ["RA 1/1"], "ETIMEDOUT");
    expectStep(e.recv("A", 1, 1), "CLOSED", ["R 1"]);
    expectStep(e.read(), "CLOSED");
  });

  it("a passive connection's reset is reported once, then the EUT listens again", () => {
    const e = established("passive");
    expectStep(e.recv("R", 1), "LISTEN", [], "ECONNRESET");
    expectStep(e.recv("R", 1), "LISTEN");
    expectStep(e.send(1), "LISTEN", [], "EPIPE");
  });
});
