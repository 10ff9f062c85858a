// The eleven states of RFC 9293 §3.3.2 (Figure 5), spelled as netstat prints them.

export const TCP_STATES = [
  "CLOSED",
  "LISTEN",
  "SYN_SENT",
  "SYN_RECEIVED",
  "ESTABLISHED",
  "FIN_WAIT_1",
  "FIN_WAIT_2",
  "CLOSE_WAIT",
  "CLOSING",
  "LAST_ACK",
  "TIME_WAIT",
] as const;

export type TcpState = (typeof TCP_STATES)[number];

export function isTcpState(s: unknown): s is TcpState {
  return typeof s === "string" && (TCP_STATES as readonly string[]).includes(s);
}

/** RFC 9293 §3.3.2: states in which both sides' sequence numbers are known. */
export function isSynchronized(s: TcpState): boolean {
  return s !== "CLOSED" && s !== "LISTEN" && s !== "SYN_SENT" && s !== "SYN_RECEIVED";
}

/** The name `netstat -ant` prints (Linux spells SYN_RECEIVED as SYN_RECV). */
export function netstatName(s: TcpState): string {
  return s === "SYN_RECEIVED" ? "SYN_RECV" : s === "CLOSED" ? "CLOSE" : s;
}
