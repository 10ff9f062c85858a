// The contract between the app (HTML, Colyseus state) and the stage (Phaser). The app turns the
// room's state into a StageModel on every patch; the stage only draws it. The stage never
// decides anything about TCP: it draws what it is given.

import type { Fate } from "@tcp-tango/shared/protocol/records.ts";
import type { RuleEvent } from "@tcp-tango/shared/tcp/rules.ts";
import type { StageLabels } from "./labels.ts";

export type { StageLabels } from "./labels.ts";

export type Role = "client" | "server";
export type { Fate };
export type Palette = "default" | "colorblind";

/** What the stage's camera shows: everything, or one region filling the canvas (views.ts). */
export const STAGE_VIEWS = ["all", "diagram", "ladder"] as const;
export type StageView = (typeof STAGE_VIEWS)[number];
export const isStageView = (v: unknown): v is StageView =>
  typeof v === "string" && (STAGE_VIEWS as readonly string[]).includes(v);

/** A segment copy in flight, as the state's `flights` records have it (its key: "id.copy"). */
export interface FlightModel {
  key: string;
  from: Role;
  /** Flags as letters in SFRPA order, e.g. "SA". */
  flags: string;
  seq: number;
  ack: number;
  len: number;
  sentAt: number;
  arriveAt: number;
  fate: Fate;
}

/** One rung of the time-sequence ("ladder") diagram: a segment from one side to the other. */
export interface LadderSegment {
  key: string;
  from: Role;
  label: string;
  sentAt: number;
  /** Arrival time; for a lost segment, when it would have arrived. */
  arriveAt: number;
  lost: boolean;
}

/** A state written beside a side's time line, where it changed. */
export interface LadderState {
  role: Role;
  t: number;
  state: string;
}

/**
 * What made a state change: an application call, an arriving segment (an RST apart), a timer —
 * the event of the rule the engine applied (shared/src/tcp/rules.ts).
 */
export type TransitionCause = RuleEvent;

export interface Transition {
  role: Role;
  from: string;
  to: string;
  /** Virtual time it happened. */
  at: number;
  /**
   * What caused it, when known. The diagram highlights a Figure 5 edge only if the edge is for
   * that cause: SYN_SENT → CLOSED on an RST is not Figure 5's "CLOSE" edge.
   */
  cause?: TransitionCause;
}

export interface HostModel {
  ip: string;
  state: string;
  label: string;
  /** The running timer of the connection shown (RTO, 2MSL ...): its name and when it fires. */
  timer?: { name: string; firesAt: number } | null;
}

export interface StageModel {
  /** Virtual ms now (the room clock). */
  time: number;
  paused: boolean;
  /**
   * `time` is a jump to be shown exactly, back or forth (a replay's step). Without it the stage
   * smooths a live match's clock: it holds still rather than step back a little.
   */
  seek?: boolean;
  /** The seat of this browser, or null for a spectator. */
  me: Role | null;
  hosts: Record<Role, HostModel>;
  flights: FlightModel[];
  ladder: { segments: LadderSegment[]; states: LadderState[] };
  /** The most recent state change (the diagram highlights its edge). */
  lastTransition: Transition | null;
  /**
   * Each side's own most recent state change: where on the diagram its state is (CLOSED after
   * TIME_WAIT or LAST_ACK is the bottom node), even when the other side changed since.
   */
  lastTransitionOf: Record<Role, Transition | null>;
  reducedMotion: boolean;
  palette: Palette;
  /** The region the camera shows (default: all of them). */
  view?: StageView;
  /**
   * The texts drawn in the canvas, in the viewer's language (default: EN_STAGE_LABELS). Keep the
   * same object while the language does not change: the stage re-renders its texts only when
   * this reference changes.
   */
  labels?: StageLabels;
}

export interface StageHandle {
  update(model: StageModel): void;
  /** For tests: the camera's zoom, the view asked for, and whether it is still gliding there. */
  camera(): { zoom: number; view: StageView; moving: boolean };
  destroy(): void;
}

/** What `mountStage` (stage/index.ts) provides; the app imports it lazily, with Phaser. */
export type MountStage = (parent: HTMLElement) => Promise<StageHandle>;
