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

/** Where net-tools' `netstat -ant` spells a state its own way (its tcp_state[] table). */
const NETSTAT_NAMES: Partial<Record<TcpState, string>> = {
  SYN_RECEIVED: "SYN_RECV",
  FIN_WAIT_1: "FIN_WAIT1",
  FIN_WAIT_2: "FIN_WAIT2",
  CLOSED: "CLOSE",
};

/** The name `netstat -ant` prints for a state: SYN_RECV, FIN_WAIT1, FIN_WAIT2, CLOSE, else RFC 9293's. */
export function netstatName(s: TcpState): string {
  return NETSTAT_NAMES[s] ?? s;
}

/** The RFC 9293 state a `netstat -ant` name stands for (the name itself if it is not one). */
export function rfcStateOf(netstat: string): string {
  for (const [rfc, name] of Object.entries(NETSTAT_NAMES)) if (name === netstat) return rfc;
  return netstat;
}
