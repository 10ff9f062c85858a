// Every rule the engine applies, keyed for explanations. Each key names the state (or event)
// and the rule; `rfc` is the clause it comes from. Texts live in the i18n catalogs.

export const RULES = {
  "closed.segment.reset": { rfc: "RFC 9293 §3.10.7.1" },
  "closed.segment.rst_ignored": { rfc: "RFC 9293 §3.10.7.1" },
  "listen.rst.ignored": { rfc: "RFC 9293 §3.10.7.2" },
  "listen.ack.reset": { rfc: "RFC 9293 §3.10.7.2" },
  "listen.syn.syn_ack": { rfc: "RFC 9293 §3.10.7.2" },
  "listen.other.dropped": { rfc: "RFC 9293 §3.10.7.2" },
  "syn_sent.bad_ack.reset": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_sent.rst.refused": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_sent.rst_without_ack.ignored": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_sent.syn_ack.established": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_sent.syn.simultaneous_open": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_sent.no_syn.dropped": { rfc: "RFC 9293 §3.10.7.3" },
  "syn_received.dup_syn.syn_ack": { rfc: "RFC 1122 §4.2.2.20 (Linux tcp_check_req)" },
  "syn_received.bad_ack.reset": { rfc: "RFC 9293 §3.10.7.4" },
  "syn_received.rst.back_to_listen": { rfc: "RFC 9293 §3.10.7.4" },
  "syn_received.syn.reset": { rfc: "RFC 9293 §3.10.7.4" },
  "syn_received.ack.established": { rfc: "RFC 9293 §3.10.7.4" },
  "segment.no_ack.dropped": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "segment.unacceptable.ack": { rfc: "RFC 9293 §3.10.7.4 (first)" },
  "segment.unacceptable.rate_limited": { rfc: "RFC 5961 §7 (Linux tcp_invalid_ratelimit)" },
  "rst.exact.reset": { rfc: "RFC 5961 §3.2" },
  "rst.in_window.challenge_ack": { rfc: "RFC 5961 §3.2" },
  "rst.out_of_window.ignored": { rfc: "RFC 9293 §3.10.7.4 (first)" },
  "syn.synchronized.challenge_ack": { rfc: "RFC 5961 §4.2" },
  "ack.unsent.challenge_ack": { rfc: "RFC 9293 §3.10.7.4 (fifth); RFC 5961 §5.2" },
  "ack.too_old.challenge_ack": { rfc: "RFC 5961 §5.2" },
  "ack.old.ignored": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "ack.advances.snd_una": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "fin_wait_1.fin_acked.fin_wait_2": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "closing.fin_acked.time_wait": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "last_ack.fin_acked.closed": { rfc: "RFC 9293 §3.10.7.4 (fifth)" },
  "data.in_order.ack": { rfc: "RFC 9293 §3.10.7.4 (seventh)" },
  "data.out_of_order.dup_ack": { rfc: "RFC 9293 §3.10.7.4 (seventh); RFC 5681 §4.2" },
  "data.duplicate.ack": { rfc: "RFC 9293 §3.10.7.4 (first)" },
  "data.after_close.reset": { rfc: "RFC 1122 §4.2.2.13" },
  "data.after_fin.reset": { rfc: "RFC 9293 §3.10.7.4 (seventh); Linux tcp_rcv_state_process" },
  "fin.established.close_wait": { rfc: "RFC 9293 §3.10.7.4 (eighth)" },
  "fin.fin_wait_1.closing": { rfc: "RFC 9293 §3.10.7.4 (eighth)" },
  "fin.fin_wait_2.time_wait": { rfc: "RFC 9293 §3.10.7.4 (eighth)" },
  "time_wait.fin.re_ack": { rfc: "RFC 9293 §3.10.7.4 (eighth)" },
  "time_wait.rst.killed": { rfc: "RFC 1337 (Linux tcp_rfc1337=0)" },
  "time_wait.syn.reopen": { rfc: "RFC 1122 §4.2.2.13" },
  "time_wait.segment.ack": { rfc: "RFC 9293 §3.10.7.4 (first)" },
  "fin_wait_2.orphan.data_reset": { rfc: "RFC 1122 §4.2.2.13" },
  "fin_wait_2.orphan.syn_reset": { rfc: "Linux tcp_timewait_state_process (TCP_TW_RST)" },
  "segment.nothing_to_send": { rfc: "RFC 9293 §3.10.7.4" },
  "reset.received": { rfc: "RFC 9293 §3.10.7.4 (second)" },
  "user.open.active": { rfc: "RFC 9293 §3.10.1" },
  "user.open.passive": { rfc: "RFC 9293 §3.10.1" },
  "user.send.queued": { rfc: "RFC 9293 §3.10.2" },
  "user.send.after_shutdown": { rfc: "RFC 9293 §3.10.2" },
  "user.close.fin": { rfc: "RFC 9293 §3.10.4" },
  "user.close.unread_data_reset": { rfc: "RFC 2525 §2.17; RFC 9293 §3.10.4" },
  "user.close.syn_sent": { rfc: "RFC 9293 §3.10.4" },
  "user.close.orphan": { rfc: "RFC 9293 §3.10.4" },
  "user.shutdown.fin": { rfc: "RFC 9293 §3.10.4 (half-close)" },
  "user.abort.reset": { rfc: "RFC 9293 §3.10.5" },
  "user.abort.silent": { rfc: "RFC 9293 §3.10.5" },
  "timer.retransmission.resend": { rfc: "RFC 6298 §5" },
  "timer.retransmission.give_up": { rfc: "RFC 9293 §3.8.3 (R2)" },
  "timer.time_wait.closed": { rfc: "RFC 9293 §3.10.8" },
  "timer.fin_wait_2.closed": { rfc: "Linux tcp_fin_timeout" },
  "timer.keepalive.probe": { rfc: "RFC 1122 §4.2.3.6" },
  "timer.keepalive.give_up": { rfc: "RFC 1122 §4.2.3.6" },
  "ack.dup.fast_retransmit": { rfc: "RFC 5681 §3.2" },
} as const;

export type RuleKey = keyof typeof RULES;

/** The event a rule answers: an application call, a timer, an arriving RST, another segment. */
export type RuleEvent = "call" | "timer" | "rst" | "segment";

/** What a rule's key says about its event: `user.*`, `timer.*`, an RST's rules, the rest. */
export function ruleEvent(rule: string): RuleEvent | undefined {
  if (!Object.hasOwn(RULES, rule)) return undefined;
  if (rule.startsWith("user.")) return "call";
  if (rule.startsWith("timer.")) return "timer";
  // An RST's rules name it ("syn_sent.rst.refused", "closed.segment.rst_ignored"); "reset.received"
  // is an orphaned FIN_WAIT_2's (Linux tcp_timewait_state_process).
  return /(^|\.)rst(\.|_|$)/.test(rule) || rule === "reset.received" ? "rst" : "segment";
}
