// English texts. "We" is the TCP being explained; "the peer" is the other end.

import type { Catalog, CatalogKey } from "./catalog.ts";

export const en: Catalog = {
  // --- Rules (shared/src/tcp/rules.ts) ---------------------------------------------------
  "rule.closed.segment.reset":
    "No connection and no listener matches this segment, so we answer with a reset: if the segment carried an ACK, the RST takes that ACK number as its sequence number; otherwise the RST has sequence number 0 and acknowledges the segment.",
  "rule.closed.segment.rst_ignored":
    "A reset arrived for a connection that does not exist. A reset is never answered with a reset, so we drop it silently.",
  "rule.listen.rst.ignored":
    "A listener has no connection that a reset could end, so an incoming RST is simply ignored.",
  "rule.listen.ack.reset":
    "A listener has not sent anything yet, so no ACK can be valid here (it is probably left over from an old connection). We answer with an RST whose sequence number is that ACK number.",
  "rule.listen.syn.syn_ack":
    "A SYN reached a listening socket: we create a new connection in SYN_RECEIVED, record the peer's initial sequence number and answer with a SYN-ACK, the second step of the three-way handshake.",
  "rule.listen.other.dropped":
    "A segment without SYN, ACK or RST (or a SYN that also carries FIN) means nothing to a listener, so we drop it without reply.",
  "rule.syn_sent.bad_ack.reset":
    "In SYN_SENT the only acceptable ACK is the one for our SYN. This one acknowledges something we never sent (probably a leftover of an old connection), so we answer with an RST, unless it is itself a reset, and keep waiting.",
  "rule.syn_sent.rst.refused":
    "An RST that acknowledges our SYN means nothing listens on that port: the connection is refused, we close it, and connect() fails with ECONNREFUSED.",
  "rule.syn_sent.rst_without_ack.ignored":
    "In SYN_SENT an RST is believed only if it acknowledges our SYN; one without an ACK cannot be tied to our SYN, so we drop it.",
  "rule.syn_sent.syn_ack.established":
    "The SYN-ACK acknowledges our SYN and carries the peer's initial sequence number: we enter ESTABLISHED and send the ACK that completes the three-way handshake.",
  "rule.syn_sent.syn.simultaneous_open":
    "A SYN without ACK arrived while our own SYN is out: both sides opened at the same time (simultaneous open). We enter SYN_RECEIVED and send our SYN again, now with an ACK for theirs.",
  "rule.syn_sent.no_syn.dropped":
    "Without a SYN we cannot learn the peer's initial sequence number, so in SYN_SENT a segment with neither SYN nor RST is dropped and we keep waiting.",
  "rule.syn_received.dup_syn.syn_ack":
    "The peer sent the same SYN again: our SYN-ACK was probably lost, so we send the SYN-ACK again (at most once per rate-limit interval).",
  "rule.syn_received.bad_ack.reset":
    "In SYN_RECEIVED an ACK must acknowledge our SYN. This one does not (it belongs to no handshake of ours), so we answer it with an RST and keep waiting for the right ACK.",
  "rule.syn_received.rst.back_to_listen":
    "An RST ends the half-open connection: the connection request is forgotten and the listener simply goes on listening. Half-open connections vanish the same way when their listener closes.",
  "rule.syn_received.syn.reset":
    "A SYN with a new initial sequence number arrived inside the window of a half-open connection: the handshake has gone wrong (the peer probably started over), so we send an RST and forget the connection.",
  "rule.syn_received.ack.established":
    "The ACK acknowledges our SYN: the three-way handshake is complete and the connection enters ESTABLISHED; a listening application can now accept() it.",
  "rule.segment.no_ack.dropped":
    "Once the handshake is under way every segment must carry an ACK; one without the ACK flag (and without SYN or RST) is dropped without reply.",
  "rule.segment.unacceptable.ack":
    "The segment falls outside our receive window (an old duplicate, or beyond what we offered), so we drop it and send an ACK stating the sequence number we actually expect.",
  "rule.segment.unacceptable.rate_limited":
    "We would answer with an ACK, but we sent one for an invalid segment only moments ago. Such ACKs are rate-limited so that nobody can turn us into an ACK flood, so this time we stay silent.",
  "rule.rst.exact.reset":
    "The RST carries exactly the next sequence number we expect (after the peer's FIN, one less also counts), so it is genuine: the connection is reset at once and the application gets an error, usually ECONNRESET.",
  "rule.rst.in_window.challenge_ack":
    "The RST is inside our receive window but not exactly at the next expected sequence number, so it might be forged by an attacker guessing numbers. Instead of resetting we send a challenge ACK; a peer that really lost the connection answers it with an RST carrying the exact number.",
  "rule.rst.out_of_window.ignored":
    "An RST outside our receive window is old or forged, so we ignore it silently (a reset is never answered).",
  "rule.syn.synchronized.challenge_ack":
    "A SYN on a synchronized connection is suspicious: it may be forged, or the peer may have restarted and forgotten us (a half-open connection). Instead of resetting we answer with a challenge ACK; a peer that really restarted replies with an RST, which then ends the connection.",
  "rule.ack.unsent.challenge_ack":
    "The ACK acknowledges data we have never sent, so it cannot be believed. We drop the segment and answer with an ACK stating our real numbers.",
  "rule.ack.too_old.challenge_ack":
    "The ACK is older than anything we could still have in flight: further back than the largest window the peer has ever offered us. A real peer cannot send that, so it is not believed (it may be forged). We drop the segment and answer with an ACK stating our real numbers.",
  "rule.ack.old.ignored":
    "The ACK is older than what has already been acknowledged (a duplicate or reordered segment). It tells us nothing new, so we ignore the ACK field, but any data in the segment is still accepted.",
  "rule.ack.advances.snd_una":
    "The ACK acknowledges new data: SND.UNA moves forward, the acknowledged bytes leave the retransmission queue, and the retransmission timer restarts (or stops if nothing is left in flight).",
  "rule.fin_wait_1.fin_acked.fin_wait_2":
    "The peer acknowledged our FIN: our sending direction is closed and we enter FIN_WAIT_2 to wait for the peer's FIN. Until then the peer may still send data (half-close).",
  "rule.closing.fin_acked.time_wait":
    "In CLOSING both sides have sent a FIN (simultaneous close); now ours is acknowledged too, so we enter TIME_WAIT and wait 2MSL before the connection is finally gone.",
  "rule.last_ack.fin_acked.closed":
    "The peer acknowledged our FIN, the last thing we were waiting for: the connection is closed and forgotten. The side that closes second does not go through TIME_WAIT.",
  "rule.data.in_order.ack":
    "The data starts exactly at the next expected sequence number: we accept it, advance RCV.NXT by its length and acknowledge it.",
  "rule.data.out_of_order.dup_ack":
    "The data starts beyond the next expected sequence number, so something before it is missing. We keep it for later and at once repeat our ACK for the missing byte; such duplicate ACKs tell the sender to retransmit.",
  "rule.data.duplicate.ack":
    "Everything in this segment has already been received (a retransmission, perhaps because our ACK was lost), so we discard it and acknowledge again at once.",
  "rule.data.after_close.reset":
    "Our application has already closed its socket, so nobody will ever read this new data. Rather than accept it silently, we answer with an RST and the connection is closed.",
  "rule.data.after_fin.reset":
    "This data lies beyond the peer's own FIN: the peer said it had nothing more to send, so nothing can follow the FIN. The segment breaks the rules of the connection, and we answer with an RST; the connection is reset.",
  "rule.fin.established.close_wait":
    "The peer's FIN says it has nothing more to send: we acknowledge it and enter CLOSE_WAIT. Our application reads end-of-file and may still send data until it closes its own side.",
  "rule.fin.fin_wait_1.closing":
    "The peer's FIN arrived before the ACK of ours: both sides are closing at once (simultaneous close). We acknowledge it and enter CLOSING, still waiting for the ACK of our FIN.",
  "rule.fin.fin_wait_2.time_wait":
    "The peer's FIN arrived after ours was acknowledged: we acknowledge it and enter TIME_WAIT, staying 2MSL so that we can acknowledge the FIN again if our last ACK is lost, and so that old duplicates die out.",
  "rule.time_wait.fin.re_ack":
    "The peer sent its FIN again, so our ACK of it was probably lost: we acknowledge it again. In TIME_WAIT this also restarts the 2MSL timer; re-acknowledging a lost last ACK is exactly what TIME_WAIT is for.",
  "rule.time_wait.rst.killed":
    'An RST with the expected sequence number ends TIME_WAIT at once. Linux allows this, although RFC 1337 warns that such "TIME_WAIT assassination" lets old duplicates slip into a new connection on the same ports.',
  "rule.time_wait.syn.reopen":
    "A new SYN with a sequence number above the old connection's cannot be an old duplicate: if a listener is on the port, TIME_WAIT gives way to a new connection (a new incarnation). Without a listener the SYN just gets an ACK.",
  "rule.time_wait.segment.ack":
    "In TIME_WAIT any other segment (an old duplicate, or a SYN no listener wants) is answered with an ACK repeating our final numbers; nothing else can happen on this connection any more.",
  "rule.fin_wait_2.orphan.data_reset":
    "Our application has closed its socket and we are only waiting for the peer's FIN. New data can never be read now, so we answer with an RST and drop the connection.",
  "rule.fin_wait_2.orphan.syn_reset":
    "The application has closed and we only wait for the peer's FIN, yet a new SYN arrived: a half-dead connection cannot start over, so we answer with an RST and forget it.",
  "rule.segment.nothing_to_send":
    "Nothing in this segment calls for an answer: the rules are satisfied by taking note of it and sending nothing.",
  "rule.reset.received":
    "An acceptable RST arrived: the peer has reset the connection, so we delete it at once, without reply (a reset is never answered).",
  "rule.user.open.active":
    "connect(): we choose an initial sequence number, send a SYN and enter SYN_SENT, the first step of the three-way handshake.",
  "rule.user.open.passive":
    "listen(): the socket enters LISTEN and waits for SYNs; nothing is sent until a client connects.",
  "rule.user.send.queued":
    "send(): the data goes into the send buffer. It leaves once the connection is established and the peer's window (and Nagle's algorithm) allows.",
  "rule.user.send.after_shutdown":
    "We have already sent our FIN (or the connection is gone), so we may not send anything more: send() fails with EPIPE.",
  "rule.user.close.fin":
    "close(): after any data still queued we send a FIN. From ESTABLISHED (or SYN_RECEIVED) we enter FIN_WAIT_1; from CLOSE_WAIT, where the peer has already closed, we enter LAST_ACK.",
  "rule.user.close.unread_data_reset":
    "The application closes while received data is still unread. That data would be lost silently, so instead of a FIN we send an RST: the peer learns at once that its data was not consumed.",
  "rule.user.close.syn_sent":
    "Closing before the handshake completes: nothing is synchronized yet, so we simply delete the connection without sending anything. (shutdown() here also ends the attempt, and reports ECONNRESET.)",
  "rule.user.close.orphan":
    "The application lets go of the socket, but our FIN is already queued or sent, so the kernel finishes the close on its own. An orphaned connection waits in FIN_WAIT_2 at most tcp_fin_timeout for the peer's FIN.",
  "rule.user.shutdown.fin":
    "shutdown(SHUT_WR) closes only our sending direction (half-close): we send a FIN but keep receiving until the peer closes too.",
  "rule.user.abort.reset":
    "An abortive close (SO_LINGER with a zero timeout): we send an RST instead of a FIN, discard all queued data in both directions and close at once, with no FIN exchange and no TIME_WAIT.",
  "rule.user.abort.silent":
    "Aborting in SYN_SENT, CLOSING or LAST_ACK: like Linux, we delete the connection without an RST. In SYN_SENT there is no connection yet for the peer to reset, and in CLOSING and LAST_ACK both FINs have already been sent.",
  "rule.timer.retransmission.resend":
    "The retransmission timer expired before our oldest unacknowledged segment was acknowledged: we send it again and double the RTO (exponential backoff).",
  "rule.timer.retransmission.give_up":
    "We have retransmitted as many times as allowed without an answer: we give up and close the connection without sending anything, and the application gets ETIMEDOUT.",
  "rule.timer.time_wait.closed":
    "2MSL have passed in TIME_WAIT: every old duplicate of this connection has expired, so the connection is finally closed and its addresses and ports can safely be reused.",
  "rule.timer.fin_wait_2.closed":
    "The application has closed the socket and the peer sent no FIN within tcp_fin_timeout. Rather than wait forever, Linux drops the connection silently.",
  "rule.timer.keepalive.probe":
    "The connection has been idle for the keepalive time: we send a keepalive probe, an ACK with sequence number SND.UNA-1, which a live peer must answer with an ACK.",
  "rule.timer.keepalive.give_up":
    "None of the keepalive probes was answered: the peer is presumed dead (crashed or unreachable), so we send an RST, close the connection and report ETIMEDOUT.",
  "rule.ack.dup.fast_retransmit":
    "The third duplicate ACK: the peer keeps asking for the same byte, so that segment was most likely lost. We retransmit it at once instead of waiting for the retransmission timer (fast retransmit).",

  // --- Misconceptions (shared/src/referee/referee.ts) -------------------------------------
  "misconception.ack_is_peer_seq":
    "The ACK must name the next sequence number you expect: the peer's seq plus 1 for a SYN or FIN, plus the length for data, not the peer's seq itself.",
  "misconception.ack_ignores_len":
    "The ACK must cover the data as well: add the segment's length to its sequence number. Acknowledging just the sequence number asks for the same bytes again.",
  "misconception.fin_without_ack":
    "After the handshake every segment carries an ACK, a FIN included. A FIN without the ACK flag would be dropped by the peer.",
  "misconception.syn_ack_without_syn":
    "Answering a SYN takes a SYN of our own: the reply is a SYN-ACK, which acknowledges the peer's SYN and sends ours at the same time. A bare ACK leaves our direction unsynchronized.",
  "misconception.seq_not_advanced":
    "Our sequence number must move past what we have already sent: a SYN and a FIN each take one number, data takes its length. Reusing the old number makes the segment look like a duplicate.",
  "misconception.closed_not_time_wait":
    "The side that closes first does not go straight to CLOSED: after acknowledging the peer's FIN it waits in TIME_WAIT for 2MSL, in case that last ACK is lost.",
  "misconception.fin_answers_fin":
    "A FIN is answered with an ACK, not with a FIN of our own. We send our FIN only when our application closes too; until then the connection stays half-closed. That is why closing takes four segments.",
  "misconception.silence":
    "TCP must send something here. Staying silent leaves the peer waiting, and it will retransmit.",
  "misconception.answer_anyway":
    "Not every segment gets an answer: here TCP stays silent. Replying would, for example, answer a reset, or acknowledge a segment that must be ignored.",
  "misconception.reset_instead":
    "Nothing is wrong with the connection: a plain ACK is all it takes. An RST here would destroy a healthy connection.",
  "misconception.isn_is_zero":
    "The initial sequence number is not 0: each connection picks a fresh, hard-to-guess ISN (RFC 9293 §3.4). Wireshark only shows numbers relative to it, which is why they seem to start at 0.",
  "misconception.syn_with_ack":
    "The first SYN of a connection carries no ACK: there is nothing of the peer's to acknowledge yet. Only the answer to it is a SYN,ACK.",
  "misconception.state_unchanged":
    "This event changes the state: the connection does not stay where it was. Follow the state diagram to see which transition it triggers.",

  // --- States (shared/src/tcp/state.ts) ---------------------------------------------------
  "state.CLOSED": "CLOSED — no connection at all",
  "state.LISTEN": "LISTEN — waiting for a connection request (SYN) from any remote TCP",
  "state.SYN_SENT": "SYN_SENT — waiting for a matching SYN after sending our SYN",
  "state.SYN_RECEIVED": "SYN_RECEIVED — got a SYN and sent our SYN-ACK; waiting for the ACK of our SYN",
  "state.ESTABLISHED": "ESTABLISHED — the connection is open; data flows both ways",
  "state.FIN_WAIT_1": "FIN_WAIT_1 — we sent our FIN; waiting for its ACK (or the peer's FIN)",
  "state.FIN_WAIT_2": "FIN_WAIT_2 — our FIN is acknowledged; waiting for the peer's FIN",
  "state.CLOSE_WAIT": "CLOSE_WAIT — the peer sent its FIN; waiting for our application to close",
  "state.CLOSING": "CLOSING — both sides sent a FIN at once; waiting for the ACK of ours",
  "state.LAST_ACK": "LAST_ACK — the peer closed first and we sent our FIN; waiting for its ACK",
  "state.TIME_WAIT":
    "TIME_WAIT — waiting 2MSL so that the peer surely got our last ACK and old segments die out",

  // --- Socket errors (shared/src/tcp/errors.ts) -------------------------------------------
  "error.ECONNREFUSED":
    "Connection refused: the peer answered our SYN with RST — nothing listens on that port.",
  "error.ECONNRESET":
    "Connection reset by peer: the peer sent an RST — it aborted the connection, or no longer knows it (for example, it restarted).",
  "error.EPIPE":
    "Broken pipe: writing to a connection that can no longer send — we already shut down our side, or the connection was reset.",
  "error.ETIMEDOUT":
    "Connection timed out: retransmissions (or keepalive probes) went unanswered until TCP gave up — the peer is unreachable or dead.",
  "error.EADDRINUSE":
    "Address already in use: another socket, or a connection still in TIME_WAIT, holds this port. With SO_REUSEADDR set on both, a new socket may share the port with such a connection, but never with a listener.",
  "error.ENOTCONN":
    "Transport endpoint is not connected: the call needs a connection, but this socket has none (it never connected).",
  "error.EBADF":
    "Bad file descriptor: the application already closed this socket, so its descriptor no longer refers to anything. Open a new socket (connect again) to talk again.",
  "error.EINVAL":
    "Invalid argument: the call does not fit what the socket is now, for example binding a socket twice, or connect() on a listening socket.",

  // --- Timers (shared/src/tcp/connection.ts TimerKind) ------------------------------------
  "timer.retransmission": "RTO",
  "timer.time_wait": "2MSL (TIME_WAIT)",
  "timer.fin_wait_2": "FIN_WAIT_2 timeout",
  "timer.keepalive": "Keepalive",

  // --- Parts of a move (shared/src/referee/referee.ts WrongPart) ---------------------------
  "part.count": "number of segments",
  "part.flags": "flags",
  "part.seq": "sequence number",
  "part.ack": "acknowledgment number",
  "part.len": "data length",
  "part.state": "state",

  // --- One Mistake, as a line ---------------------------------------------------------------
  "mistake.move": "{part}: expected {expected}, got {got}",
  "mistake.segment": "Segment {n}, {part}: expected {expected}, got {got}",
  // --- Missions (shared/src/missions/catalog.ts) -------------------------------------------
  "mission.handshake-client.title": "Three-way handshake as the client",
  "mission.handshake-client.brief":
    "A server is listening on port 80, and half a second in, the client application calls connect(). You play the client's TCP: open the connection with the three-way handshake. The network is reliable: every segment arrives, about 400 ms after it is sent.",
  "mission.handshake-client.goal":
    "Both ends reach ESTABLISHED, the client going from SYN_SENT to ESTABLISHED.",
  "mission.handshake-server.title": "Three-way handshake as the server",
  "mission.handshake-server.brief":
    "The server application listens on port 80, and half a second later a client connects. You play the server's TCP: answer the client's SYN and complete the three-way handshake. The network is reliable: every segment arrives, about 400 ms after it is sent.",
  "mission.handshake-server.goal":
    "Both ends reach ESTABLISHED, the server going from LISTEN through SYN_RECEIVED to ESTABLISHED.",
  "mission.data-lost-segment.title": "A lost data segment",
  "mission.data-lost-segment.brief":
    "Once the connection is open, the client application sends 3000 bytes, which go out as three segments; the server application reads them only six seconds later. You play the client's TCP, and the network will lose the second data segment. Watch the server's acknowledgment numbers for the gap, and resend the missing data when the retransmission timer expires.",
  "mission.data-lost-segment.goal":
    "The lost data is retransmitted and the connection stays ESTABLISHED at both ends.",
  "mission.active-close.title": "Closing first (active close)",
  "mission.active-close.brief":
    "A second after the connection opens, the client application calls close(); the server application reads end-of-file and closes its end too. You play the client's TCP, the side that closes first: carry out the four-way close (FIN, ACK, FIN, ACK) and wait out TIME_WAIT. The network is reliable.",
  "mission.active-close.goal":
    "Both ends reach CLOSED, the client passing through FIN_WAIT_1, FIN_WAIT_2 and TIME_WAIT.",
  "mission.passive-close.title": "Closing second (passive close)",
  "mission.passive-close.brief":
    "A second after the connection opens, the client application closes it. You play the server's TCP: acknowledge the client's FIN; the server application reads end-of-file half a second later and closes half a second after that, and then you send your own FIN and wait for its ACK. The network is reliable.",
  "mission.passive-close.goal":
    "Both ends reach CLOSED, the server going from ESTABLISHED through CLOSE_WAIT and LAST_ACK to CLOSED.",
  "mission.fin-ack-shortcut.title": "FIN and ACK in one segment",
  "mission.fin-ack-shortcut.brief":
    "A second after the connection opens, the client application closes it, and the server application closes as soon as it reads end-of-file. You play the client's TCP. The network will lose the server's bare ACK of your FIN, so the first thing you get back is the server's FIN, which acknowledges your FIN as well.",
  "mission.fin-ack-shortcut.goal":
    "Both ends reach CLOSED, the client going from FIN_WAIT_1 straight to TIME_WAIT.",
  "mission.lost-syn.title": "A lost SYN",
  "mission.lost-syn.brief":
    "A server is listening on port 80 and the client application calls connect(). You play the client's TCP, and the network will lose your first SYN. No SYN-ACK will come: when the retransmission timer (1 s at first) expires, send the SYN again.",
  "mission.lost-syn.goal":
    "The connection is established at both ends despite the lost SYN, the client going from SYN_SENT to ESTABLISHED.",
  "mission.lost-final-ack.title": "The last ACK is lost",
  "mission.lost-final-ack.brief":
    "A second after the connection opens, the client application closes it; the server application reads end-of-file and closes too. You play the client's TCP, and the network will lose the last segment of the close: your ACK of the server's FIN. The server, left in LAST_ACK, will retransmit its FIN when its timer expires; this is what TIME_WAIT is for, so acknowledge it again from there.",
  "mission.lost-final-ack.goal":
    "Both ends reach CLOSED: the client through FIN_WAIT_1, FIN_WAIT_2 and TIME_WAIT, the server through CLOSE_WAIT and LAST_ACK.",
  "mission.simultaneous-close.title": "Simultaneous close",
  "mission.simultaneous-close.brief":
    "Three seconds in, both applications call close() at the same instant, so the two FINs cross in the network. You play the client's TCP: the server's FIN reaches you in FIN_WAIT_1, before your own FIN is acknowledged. The network is reliable.",
  "mission.simultaneous-close.goal":
    "Both ends reach CLOSED, each passing through FIN_WAIT_1, CLOSING and TIME_WAIT.",
  "mission.connection-refused.title": "Connection refused",
  "mission.connection-refused.brief":
    "The client application calls connect() to port 80, but no server program is running: nothing listens on the other host. You play the client's TCP: send your SYN and handle the RST that the other host's TCP sends back. The network is reliable.",
  "mission.connection-refused.goal":
    "The client goes from SYN_SENT back to CLOSED, and its application gets ECONNREFUSED.",
  "mission.server-restart.title": "Restarting a server during TIME_WAIT",
  "mission.server-restart.brief":
    "You play the server's TCP, over a reliable network. A client connects to port 80, and a second later the server closes first, so its end of the connection goes into TIME_WAIT. One second into TIME_WAIT the server program crashes and restarts: it calls bind() on port 80 without SO_REUSEADDR, then a second later sets SO_REUSEADDR, binds again and listens.",
  "mission.server-restart.goal":
    "The server's end goes through FIN_WAIT_1, FIN_WAIT_2 and TIME_WAIT to CLOSED; the first bind fails with EADDRINUSE, and the bind with SO_REUSEADDR succeeds.",
  "mission.free-play.title": "Free play: you make the calls",
  "mission.free-play.brief":
    "No script: you are both the application and its TCP, over a reliable network. Make the application calls yourself from the Application panel (listen, connect, send, read, shutdown, close, abort, bind) and answer for your TCP each time. The bot's program listens on port 80 as the server; as the client it connects, sends 100 bytes and closes.",
  "mission.free-play.goal":
    "The connection reaches ESTABLISHED on both sides, and afterwards both ends are closed (CLOSED, or TIME_WAIT running out).",

  // --- What each mission teaches (the result screen's debrief) -----------------------------
  "mission.handshake-client.point1":
    "connect() sends a SYN that carries the client's initial sequence number (ISN) and no ACK: there is nothing of the server's to acknowledge yet (RFC 9293 §3.5).",
  "mission.handshake-client.point2":
    "The server's SYN,ACK acknowledges the client's ISN + 1: a SYN takes up one sequence number, as a FIN does, though it carries no data.",
  "mission.handshake-client.point3":
    "The client is ESTABLISHED as soon as the SYN,ACK arrives, and its ACK brings the server there too: three segments, and each side's ISN acknowledged by the other.",
  "mission.handshake-server.point1":
    "listen() puts the socket in LISTEN: it sends nothing and waits for a SYN (RFC 9293 §3.5).",
  "mission.handshake-server.point2":
    "A SYN to a listener creates a new connection in SYN_RECEIVED, which answers with one segment: its own SYN, with its own ISN, and the ACK of the client's ISN + 1.",
  "mission.handshake-server.point3":
    "The client's ACK makes the new connection ESTABLISHED, ready for accept(); netstat shows it beside the listener, which goes on listening.",
  "mission.data-lost-segment.point1":
    "The receiver acknowledges only the data it has in order: after a gap, every ACK still names the first missing byte, however many later segments arrive.",
  "mission.data-lost-segment.point2":
    "Nothing announces a loss: when the retransmission timer (RTO) expires, the sender sends the oldest unacknowledged data again, and doubles the RTO (RFC 6298 §5.4, §5.5).",
  "mission.data-lost-segment.point3":
    "The receiver kept the segments after the gap: once the gap is filled, one ACK covers everything up to the last byte received.",
  "mission.active-close.point1":
    "The side that closes first sends a FIN, then waits in FIN_WAIT_1 for its ACK and in FIN_WAIT_2 for the peer's FIN (RFC 9293 §3.6).",
  "mission.active-close.point2":
    "Until the peer's FIN comes, the connection is half-closed: the peer may still send data, and we still acknowledge it.",
  "mission.active-close.point3":
    "After acknowledging the peer's FIN it stays in TIME_WAIT for 2MSL, so that it can acknowledge the FIN again if that last ACK is lost, and so that old duplicates die out.",
  "mission.passive-close.point1":
    "The peer's FIN is acknowledged at once and the connection enters CLOSE_WAIT; the application learns of it when read() returns 0, end-of-file (RFC 9293 §3.6).",
  "mission.passive-close.point2":
    "The connection stays in CLOSE_WAIT until the application calls close(): a program that never closes its sockets fills netstat with CLOSE_WAIT.",
  "mission.passive-close.point3":
    "close() sends our FIN and enters LAST_ACK; the ACK of that FIN ends the connection at once. The side that closes second has no TIME_WAIT.",
  "mission.fin-ack-shortcut.point1":
    "In FIN_WAIT_1, a FIN that also acknowledges our FIN takes the connection straight to TIME_WAIT, without FIN_WAIT_2 (RFC 9293 §3.10.7.4).",
  "mission.fin-ack-shortcut.point2":
    "Acknowledgments are cumulative: a lost bare ACK costs nothing when the peer's next segment acknowledges the same data again.",
  "mission.fin-ack-shortcut.point3":
    "Either way the peer's FIN is answered with an ACK of its sequence number + 1, and TIME_WAIT lasts 2MSL.",
  "mission.lost-syn.point1":
    "A sender is never told that a segment was lost; it only hears nothing until its retransmission timer expires.",
  "mission.lost-syn.point2":
    "The SYN sent again is the same SYN, with the same ISN: the connection's first sequence number does not change.",
  "mission.lost-syn.point3":
    "Before any round trip has been measured the first RTO is 1 s (RFC 6298 §2.1), and it doubles with each retry (§5.5); Linux gives up a connect() after tcp_syn_retries retries.",
  "mission.lost-final-ack.point1":
    "The side in LAST_ACK gets no ACK for its FIN, so it sends the FIN again when its retransmission timer expires.",
  "mission.lost-final-ack.point2":
    "The other side is still in TIME_WAIT, so it can answer: it acknowledges the FIN again and restarts its 2MSL timer (RFC 9293 §3.10.7.4).",
  "mission.lost-final-ack.point3":
    "Without TIME_WAIT that FIN would find no connection and be answered with an RST: the peer would see an error instead of a clean close.",
  "mission.simultaneous-close.point1":
    "When both applications close at once the FINs cross: each side gets the other's FIN in FIN_WAIT_1, acknowledges it and enters CLOSING (RFC 9293 §3.6).",
  "mission.simultaneous-close.point2":
    "CLOSING waits for the ACK of our own FIN; when it comes, the connection enters TIME_WAIT.",
  "mission.simultaneous-close.point3": "Both sides closed first, so both wait out 2MSL in TIME_WAIT.",
  "mission.connection-refused.point1":
    "A SYN to a port where nothing listens is answered with an RST whose ACK number is the SYN's sequence number + 1 (RFC 9293 §3.5.2, §3.10.7.1).",
  "mission.connection-refused.point2":
    "In SYN_SENT, an RST that acknowledges our SYN closes the connection at once: nothing is sent back, and there is no TIME_WAIT (RFC 9293 §3.10.7.3).",
  "mission.connection-refused.point3":
    "The application's connect() fails with ECONNREFUSED, “Connection refused”.",
  "mission.server-restart.point1":
    "TIME_WAIT belongs to the side that closes first, whichever it is: here the server, so its connection keeps port 80 in use for 2MSL after the program is gone.",
  "mission.server-restart.point2":
    "Meanwhile a new socket's bind() to port 80 fails with EADDRINUSE, “Address already in use”.",
  "mission.server-restart.point3":
    "With SO_REUSEADDR a socket may bind beside a connection in TIME_WAIT (never beside a listener): servers set it before bind() so that a restart need not wait out 2MSL.",
  "mission.free-play.point1":
    "The application drives TCP: listen() and connect() open a connection, send() hands it bytes to send, and close() sends a FIN once the data queued before it has gone.",
  "mission.free-play.point2":
    "shutdown() closes the sending half only: our FIN goes out, and data can still arrive until the peer closes too (RFC 9293 §3.6.1).",
  "mission.free-play.point3":
    "abort() resets the connection: an RST goes out at once and the connection is gone, with no FIN and no TIME_WAIT (RFC 9293 §3.10.5).",

  // --- Why a mission failed (shared/src/missions/run.ts GOAL_FAILURES) ------------------------
  "goal.client_state": "The client's connection did not end in the state the mission requires.",
  "goal.server_state": "The server's connection did not end in the state the mission requires.",
  "goal.client_saw": "The client did not go through the required states in the required order.",
  "goal.server_saw": "The server did not go through the required states in the required order.",
  "goal.client_error": "The client application did not get the error it should have.",
  "goal.server_error": "The server application did not get the error it should have.",
  "goal.bind_results": "The bind() calls did not fail and succeed as the mission requires.",
} satisfies Record<CatalogKey, string>;
