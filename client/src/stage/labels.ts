// Every text the stage draws inside the canvas. The app builds a StageLabels from the current
// locale (its UI catalog has the same keys under "stage."); the bench and the harness use the
// English default. Flag names (SYN, ACK …) and state names are protocol words and stay as they are.

export interface StageLabels {
  /** Panel titles. */
  diagramTitle: string;
  ladderTitle: string;
  /** Shown in the empty ladder. */
  ladderHint: string;
  /** Host box: caption above the state, the "this is you" badge, the in-flight line. */
  hostState: string;
  hostYou: string;
  /** `{n}`: the number of this side's segments in flight. */
  hostSending: string;
  hostSendingNone: string;
  /** The caption over a host's running timer. */
  hostTimer: string;
  /** Fallback names of the sides (when the app gives no host label). */
  roleClient: string;
  roleServer: string;
  /** Direction captions of the wire's lanes. */
  dirClientServer: string;
  dirServerClient: string;
  /** Fate legend, and the prefix of a duplicate's label on the wire. */
  legendLate: string;
  legendDuplicate: string;
  legendLost: string;
  dupPrefix: string;
  /** RFC 9293 Figure 5 edge labels, "event / action". */
  edgePassiveOpen: string;
  edgeClose: string;
  edgeActiveOpen: string;
  edgeSend: string;
  edgeRcvSyn: string;
  edgeRcvRst: string;
  edgeRcvAckOfSyn: string;
  edgeRcvSynAck: string;
  edgeCloseSndFin: string;
  edgeRcvFin: string;
  edgeRcvAckOfFin: string;
  edgeTimeout: string;
  /** A timer's transition that Figure 5 does not draw (FIN_WAIT_2's timeout, giving up a SYN). */
  offFigureTimeout: string;
}

export type StageLabelKey = keyof StageLabels;

export const EN_STAGE_LABELS: Readonly<StageLabels> = Object.freeze({
  diagramTitle: "State diagram · RFC 9293 Figure 5",
  ladderTitle: "Time-sequence diagram",
  ladderHint: "segments appear here as they are sent",
  hostState: "state",
  hostYou: "you",
  hostSending: "sending: {n} in flight",
  hostSendingNone: "sending: nothing in flight",
  hostTimer: "timer",
  roleClient: "client",
  roleServer: "server",
  dirClientServer: "client → server",
  dirServerClient: "server → client",
  legendLate: "delayed / reordered",
  legendDuplicate: "duplicate",
  legendLost: "lost",
  dupPrefix: "dup",
  edgePassiveOpen: "passive OPEN",
  edgeClose: "CLOSE",
  edgeActiveOpen: "active OPEN / snd SYN",
  edgeSend: "SEND / snd SYN",
  edgeRcvSyn: "rcv SYN / snd SYN,ACK",
  edgeRcvRst: "rcv RST",
  edgeRcvAckOfSyn: "rcv ACK of SYN",
  edgeRcvSynAck: "rcv SYN,ACK / snd ACK",
  edgeCloseSndFin: "CLOSE / snd FIN",
  edgeRcvFin: "rcv FIN / snd ACK",
  edgeRcvAckOfFin: "rcv ACK of FIN",
  edgeTimeout: "2MSL timeout",
  offFigureTimeout: "timeout",
});

export const STAGE_LABEL_KEYS = Object.keys(EN_STAGE_LABELS) as StageLabelKey[];

/** Fill `{name}` placeholders. */
export function fillLabel(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(params[name]) : whole,
  );
}
