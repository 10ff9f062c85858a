// The match: the stage (Phaser, lazily loaded) with HTML panels — the move picker and its
// judgement, both hosts' netstat, running timers, scores, and a live event log.

import { otherRole } from "@tcp-tango/shared/missions/mission.ts";
import { parseStateText } from "@tcp-tango/shared/protocol/ladder.ts";
import { MAX_MOVE_SEGMENTS, MAX_SEND_BYTES } from "@tcp-tango/shared/protocol/limits.ts";
import { SEAT_TAKEN_OVER_CODE } from "@tcp-tango/shared/protocol/refusals.ts";
import { TCP_STATES } from "@tcp-tango/shared/tcp/state.ts";
import type { StageModel } from "../../stage/model.ts";
import { choiceFrom, serverOptions } from "../choice.ts";
import type { Ctx, MatchStart, MistakeRecord, ResultData, Screen } from "../context.ts";
import { add, fill, h } from "../dom.ts";
import { AppError, errorText, needsReload, reloadButton, worthRetrying } from "../errors.ts";
import {
  describeTrigger,
  explanation,
  FLAG_LETTERS,
  formatClock,
  formatMove,
  formatScoreChange,
  formatSeconds,
  type LadderEntryLike,
  ladderEventText,
  mistakeLines,
  netstatTimer,
  parseSegmentText,
  ROLES,
  type Role,
  roleName,
  type Seg,
} from "../format.ts";
import { sentence, type Tr, type UiKey } from "../i18n/index.ts";
import { stageLabels } from "../i18n/stage.ts";
import { missionText, missionTitle, nextMission, otherSideNote, takesAppCalls } from "../missions.ts";
import { normaliseSnapshot, type Snapshot, toStageModel, waitsFor } from "../model.ts";
import { buildMove, type Difficulty, type Draft, emptySeg, newDraft, toggleFlag } from "../moves.ts";
import { netstatPanel, refillNetstat } from "../netstatTable.ts";
import { nextMissionButton } from "../nextMission.ts";
import type {
  CallPayload,
  CallReply,
  ConnStatus,
  DecisionMsg,
  FinishedMsg,
  MatchSession,
  MoveReply,
  ServerMessage,
} from "../session.ts";
import { LazyStage, preloadStage } from "../stage.ts";
import { pickNextStageView, stageViewOf, stageViewPicker } from "../stageView.ts";
import { loadSession, type MatchChoice, recordResult } from "../storage.ts";

interface LogItem {
  text: (tr: Tr) => string;
  tone: "" | "ok" | "bad" | "me" | "sys";
  /** The virtual time it happened at, for what happens in the match; null for the rest. */
  t: number | null;
  /** A line of the ladder (what went on the wire and in the hosts), not the room's news. */
  ladder?: boolean;
  /** A change of state: the rule the engine applied, told on demand (a disclosure). */
  rule?: string;
  /** The disclosure is open: it stays so when the log is drawn again (a language switch). */
  open?: boolean;
}

interface Feedback {
  reply: MoveReply;
  decision: DecisionMsg;
}

const LOG_MAX = 300;
/** The longest a decision's or a result's log line waits for the state patch after its message. */
const LINE_AFTER_PATCH_WAIT_MS = 250;
/** After the connection is lost for good, how often and how long to ask whether the match is gone. */
const GONE_CHECK_MS = 2000;
const GONE_CHECKS = 60;
/** The Application panel's calls, in rows: opening, data, closing. */
const APP_ROWS: readonly (readonly CallPayload["op"][])[] = [
  ["listen", "connect", "bind"],
  ["send", "read"],
  ["shutdown", "close", "abort"],
];
type CallOp = CallPayload["op"];
const isTextInput = (el: EventTarget | null): boolean =>
  el instanceof HTMLInputElement
    ? !["radio", "checkbox", "button", "submit"].includes(el.type)
    : el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement;

export class MatchScreen implements Screen {
  readonly id = "match" as const;
  private session: MatchSession | null = null;
  private snap: Snapshot = normaliseSnapshot({});
  private hadState = false;
  private decision: DecisionMsg | null = null;
  /** This machine's Date.now() when the bot answers the decision for us (a time limit), else 0. */
  private decideBy = 0;
  private readonly answered = new Set<number>();
  private draft: Draft | null = null;
  private feedback: Feedback | null = null;
  private sending = false;
  private formError: unknown = null;
  private startError: unknown = null;
  private finished: FinishedMsg | null = null;
  /** This seat's rematch request while it is on its way (where it stands is in the state). */
  private rematch: "idle" | "asking" = "idle";
  private conn: ConnStatus = "connecting";
  /** Closed for good, and the game server says it no longer has the match (it restarted). */
  private matchGone = false;
  /** The close code when the connection was closed for good (conn "left"). */
  private leftCode: number | undefined;
  private readonly log: LogItem[] = [];
  /**
   * The log line of a decision just announced (or of the match's result), said once the state
   * patch that follows the message has logged what led to it (the arrival, the change of state),
   * or after LINE_AFTER_PATCH_WAIT_MS without one.
   */
  private lineAfterPatch: { say: () => void; timer: ReturnType<typeof setTimeout> } | null = null;
  private readonly mistakes: MistakeRecord[] = [];
  private readonly choice: MatchChoice | null;
  private copied = false;
  private dead = false;

  // the Application panel (free play)
  private readonly appForm = { port: "80", bytes: "100", reuse: false };
  private calling = false;
  private lastCall: { text: (tr: Tr) => string; bad: boolean } | null = null;
  private appKey = "";

  // ladder and timers already told
  private ladderSeen = 0;
  private ladderLastKey = "";
  private readonly segs = new Map<number, Seg>();
  private timersSeen = new Set<string>();

  // the clock between patches
  private lastTime = 0;
  private lastWall = 0;
  private rate = 1;
  private raf = 0;
  private lastTick = 0;

  // DOM
  private root: HTMLElement | null = null;
  private readonly stageBox: HTMLDivElement;
  private stage: LazyStage | null = null;
  private stageFailed = false;
  private model: StageModel | null = null;
  private moveKey = "";
  private readonly el: Partial<Record<string, HTMLElement>> = {};
  private timerCells: { cell: HTMLElement; kind: string; remaining: number; fmt: "netstat" | "countdown" }[] =
    [];

  private readonly ctx: Ctx;
  /** How this screen was started: what "Try again" starts again. */
  private readonly start: MatchStart;
  /** The room's match number this screen shows (a rematch's screen is a new one). */
  private matchNo = 1;
  /** Rejoining after a reload: the match's history goes into the log without being read out. */
  private resuming = false;

  constructor(ctx: Ctx, start: MatchStart) {
    this.ctx = ctx;
    this.start = start;
    this.choice = start.kind === "create" || start.kind === "continue" ? start.choice : null;
    this.resuming = start.kind === "resume";
    this.stageBox = h("div", { class: "stage-box", id: "stage" });
    void preloadStage();
    // A rematch takes the session over at once: the new match's first messages are this screen's.
    if (start.kind === "continue") this.takeOver(start.session, start.matchNo, start.swapped);
    else void this.connect(start);
  }

  // -------------------------------------------------------------------------------------------
  // Connection

  private readonly events = {
    state: (s: Snapshot) => this.onState(s),
    decision: (d: DecisionMsg) => this.onDecision(d),
    message: (m: ServerMessage) => this.onMessage(m),
    status: (s: ConnStatus, code?: number) => this.onStatus(s, code),
  };

  private takeOver(session: MatchSession, matchNo: number, swapped: boolean): void {
    this.session = session;
    this.matchNo = matchNo;
    session.rebind(this.events);
    this.onStatus("connected");
    this.say((t) => t.ui("ev.rematch", { n: matchNo }), "sys");
    if (swapped) this.say((t) => t.ui("ev.rolesSwapped", { role: roleName(t, session.role) }), "sys");
    // No state yet: the session dropped the last match's, and the new match's first patch follows.
  }

  /**
   * A rematch has started (of `missionId`, the roles `swapped` or not): a fresh screen for it, on
   * this session (this one no longer leaves it).
   */
  private handOver(matchNo: number, missionId: string, swapped: boolean): void {
    const session = this.session;
    if (!session) return;
    this.session = null;
    const choice = this.choice && {
      ...this.choice,
      missionId: missionId || this.choice.missionId,
      role: session.role,
    };
    this.ctx.go("match", { kind: "continue", session, choice, matchNo, swapped });
  }

  /**
   * Ask for a rematch: of this mission, or of `missionId` (going on together in this room); in the
   * same roles, or swapped.
   */
  private async askRematch(missionId?: string, swapRoles = false): Promise<void> {
    if (!this.session || this.rematch === "asking") return;
    this.rematch = "asking";
    this.formError = null;
    this.updateState();
    try {
      await this.session.rematch(missionId, swapRoles);
    } catch (e) {
      this.formError = e;
    }
    this.rematch = "idle";
    if (this.root) this.updateState();
  }

  private async connect(start: Exclude<MatchStart, { kind: "continue" }>): Promise<void> {
    const { MatchSession } = await import("../session.ts");
    const events = this.events;
    try {
      if (start.kind === "create") {
        const c = start.choice;
        this.session = await MatchSession.create(
          {
            missionId: c.missionId,
            role: c.role,
            opponent: start.opponent,
            mode: c.mode,
            difficulty: c.difficulty,
            guessState: c.guessState,
            ...serverOptions(c, start.opponent),
            nickname: this.ctx.settings.nickname.trim() || undefined,
          },
          events,
        );
      } else if (start.kind === "join") {
        this.session = await MatchSession.join(
          start.code,
          this.ctx.settings.nickname.trim() || undefined,
          events,
        );
      } else {
        const saved = loadSession();
        if (!saved) throw new AppError("err.resume", { message: "—" });
        this.session = await MatchSession.resume(saved, events);
      }
      this.onState(this.session.snapshot);
    } catch (e) {
      this.startError = e;
      this.conn = "left";
      this.ctx.setConnection(null);
      this.renderAll();
    }
  }

  private onStatus(s: ConnStatus, code?: number): void {
    if (this.dead) return;
    const prev = this.conn;
    this.conn = s;
    this.leftCode = s === "left" ? code : undefined;
    const key: UiKey = `conn.${s}`;
    this.ctx.setConnection(
      this.ctx.tr.ui(key),
      s === "connected" || s === "reconnected"
        ? "ok"
        : s === "dropped"
          ? "warn"
          : s === "left"
            ? "bad"
            : "warn",
    );
    if (prev !== s && (s === "dropped" || s === "reconnected" || (s === "left" && !this.finished)))
      this.say((tr) => tr.ui("ev.conn", { status: tr.ui(key) }), "sys");
    // Closed for good: the move panel says why instead of offering moves.
    if (s === "left" && prev !== s) {
      this.renderMove();
      if (code !== SEAT_TAKEN_OVER_CODE) void this.checkGone();
    }
  }

  /**
   * After the connection is lost for good: whether the game server still has the match. A
   * server that answers that it has not (it restarted) leaves nothing to rejoin by reloading.
   * While it does not answer at all (down, or restarting), ask again every few seconds.
   */
  private async checkGone(): Promise<void> {
    const roomId = this.session?.roomId;
    if (!roomId) return;
    for (let tries = 0; tries < GONE_CHECKS && !this.dead && this.conn === "left"; tries++) {
      try {
        const res = await fetch(`/api/matches/${encodeURIComponent(roomId)}/log`);
        if (res.status !== 404) return; // still there: a reload rejoins it
        if (this.dead || this.conn !== "left") return;
        this.matchGone = true;
        if (this.root) this.renderMove();
        return;
      } catch {
        await new Promise((r) => setTimeout(r, GONE_CHECK_MS));
      }
    }
  }

  private get me(): Role | null {
    return this.session?.role ?? null;
  }

  private onState(s: Snapshot): void {
    const now = performance.now();
    if (
      this.hadState &&
      !this.snap.paused &&
      !s.paused &&
      s.time > this.lastTime &&
      now > this.lastWall + 15
    ) {
      const r = (s.time - this.lastTime) / (now - this.lastWall);
      if (Number.isFinite(r) && r > 0) this.rate = this.rate * 0.7 + r * 0.3;
    }
    if (s.time !== this.lastTime || s.paused) {
      this.lastTime = s.time;
      this.lastWall = now;
    }
    const first = !this.hadState;
    this.snap = s;
    this.hadState = true;
    this.takeLadder(s.ladder, first);
    this.flushLineAfterPatch();
    this.takeTimers(s, first);
    // A decision the message did not bring (it always should): take it from our view of the state.
    const mine = this.me ? s.pending[this.me] : undefined;
    if (!this.decision && mine && !this.answered.has(mine.id) && s.phase === "playing") {
      this.onDecision({
        ...mine,
        role: mine.role as Role,
        difficulty: s.difficulty,
        candidates: mine.candidates.map((c) => c.segments),
        iss: mine.iss !== undefined && mine.iss >= 0 ? mine.iss : null,
      });
    }
    if (s.phase === "finished" && this.decision) this.decision = null;
    if (!this.root) return;
    if (first) this.renderAll();
    else this.updateState();
  }

  private onDecision(d: DecisionMsg): void {
    if (this.answered.has(d.id)) return;
    const isNew = this.decision?.id !== d.id;
    this.decision = d;
    // The message says how long is left, which no clock difference between us and the server
    // can skew; a decision read from the state has only the server's own deadline.
    if (isNew || d.deadlineInMs !== undefined)
      this.decideBy =
        d.deadline > 0 ? (d.deadlineInMs !== undefined ? Date.now() + d.deadlineInMs : d.deadline) : 0;
    if (isNew) {
      this.draft = newDraft(d.id, this.difficulty, d.candidates.length);
      this.formError = null;
      const trig = { kind: d.triggerKind, text: d.trigger };
      // Said at the decision's time: the clock stands still while it is pending.
      this.sayAfterPatch(() =>
        this.say((tr) => tr.ui("ev.decision", { trigger: describeTrigger(tr, trig.kind, trig.text) }), "me", {
          t: this.snap.time,
        }),
      );
    }
    if (!this.root) return;
    const focusInside =
      this.focusIsIn("move") ||
      (this.focusIsIn("calls") && document.activeElement instanceof HTMLButtonElement) ||
      document.activeElement === document.body ||
      !document.activeElement;
    this.renderMove();
    if (isNew && focusInside) this.focusMove();
    this.renderApp();
  }

  private onMessage(m: ServerMessage): void {
    const tr = this.ctx.tr;
    switch (m.type) {
      case "started":
        // A later match than this screen's: a rematch (after a reconnection, perhaps without the
        // last match's end having come).
        if (m.matchNo && m.matchNo > this.matchNo)
          return this.handOver(m.matchNo, m.missionId, m.swapped === true);
        this.say((t) => t.ui("ev.started"), "sys");
        break;
      case "rematch-asked": {
        if (m.role === this.me) break;
        const other = m.missionId && m.missionId !== this.snap.missionId ? m.missionId : null;
        this.say(
          (t) =>
            sentence(
              other
                ? t.ui("ev.rematchAskedFor", { role: roleName(t, m.role), mission: missionTitle(t, other) })
                : m.swapRoles
                  ? t.ui("ev.rematchAskedSwap", { role: roleName(t, m.role) })
                  : t.ui("ev.rematchAsked", { role: roleName(t, m.role) }),
            ),
          "sys",
        );
        break;
      }
      case "moved":
        if (m.role !== this.me)
          this.say(
            (t) =>
              sentence(t.ui(m.correct ? "ev.movedCorrect" : "ev.movedWrong", { role: roleName(t, m.role) })),
            m.correct ? "" : "bad",
          );
        break;
      case "bot-answered":
        if (m.role === this.me && this.decision?.id === m.decisionId) {
          this.answered.add(m.decisionId);
          this.decision = null;
        }
        this.say(
          (t) => t.ui("ev.botAnswered", { role: roleName(t, m.role), why: t.ui(`ev.why.${m.why}`) }),
          "sys",
        );
        break;
      case "bot-mistake":
        this.say((t) => t.ui("ev.botMistake", { text: t.game(`misconception.${m.misconception}`) }), "bad");
        break;
      case "seat-warm":
        this.say((t) => t.ui("ev.seatWarm", { role: roleName(t, m.role) }), "sys");
        break;
      case "finished":
        this.finish(m);
        break;
    }
    void tr;
    if (this.root) this.updateState();
  }

  private finish(m: FinishedMsg): void {
    // Told again after a reconnection (it may have been lost with the connection): once is enough.
    if (this.finished) return;
    this.finished = m;
    this.decision = null;
    const me = this.me ?? "client";
    recordResult(
      this.snap.missionId || this.choice?.missionId || "",
      m.result === "success",
      m.scores[me]?.score ?? 0,
    );
    // After the last events of the match, which the next state patch brings.
    this.sayAfterPatch(() =>
      this.say(
        (t) => t.ui(m.result === "success" ? "ev.success" : "ev.failed"),
        m.result === "success" ? "ok" : "bad",
      ),
    );
    if (this.root) {
      this.renderMove();
      document.getElementById("see-result")?.focus();
    }
  }

  /**
   * The rematch buttons, and where the requests stand (this seat's, and the other seat's): play
   * this mission again, in the same roles or swapped, or, with a friend, go on together to the
   * next mission (or the one the friend asked for).
   */
  private rematchBox(): HTMLElement {
    const tr = this.ctx.tr;
    const s = this.snap;
    const me: Role = this.me ?? "client";
    const other = otherRole(me);
    const mine = s.seats[me]?.rematch === true;
    const otherAsked = s.seats[other]?.kind === "human" && s.seats[other]?.rematch === true;
    // Another mission: the one asked for, else (with a friend) the campaign's next.
    const onward = s.rematchMissionId || (s.opponent === "friend" ? (nextMission(s.missionId) ?? "") : "");
    const asking = this.rematch === "asking";
    const title = (id: string) => missionTitle(tr, id);
    // What is asked for: the same again, the roles swapped, or another mission.
    const proposal = s.rematchMissionId ? "onward" : s.rematchSwap ? "swap" : "rematch";
    const names = { role: roleName(tr, other), mission: s.rematchMissionId ? title(s.rematchMissionId) : "" };
    const status = mine
      ? tr.ui(`finished.${proposal}Waiting`, names)
      : otherAsked
        ? tr.ui(`finished.${proposal}Asked`, names)
        : onward
          ? tr.ui("finished.onwardHint")
          : tr.ui("finished.rematchHint");
    const button = (id: string, kind: typeof proposal, label: string, onclick: () => void) =>
      h(
        "button",
        {
          id,
          type: "button",
          class: otherAsked && proposal === kind && kind !== "rematch" ? "primary" : undefined,
          "aria-describedby": "rematch-status",
          disabled: asking || (mine && proposal === kind) ? true : undefined,
          onclick,
        },
        label,
      );
    return h(
      "div",
      { class: "rematch" },
      h(
        "p",
        { class: "actions" },
        button("rematch", "rematch", tr.ui("finished.rematch"), () => void this.askRematch()),
        button(
          "rematch-swap",
          "swap",
          tr.ui("finished.swap", { role: roleName(tr, other) }),
          () => void this.askRematch(undefined, true),
        ),
        onward
          ? button(
              "rematch-onward",
              "onward",
              tr.ui("finished.onward", { mission: title(onward) }),
              () => void this.askRematch(onward),
            )
          : null,
      ),
      h("p", { id: "rematch-status", class: "muted", role: "status" }, status),
      this.formError ? h("p", { class: "error" }, errorText(tr, this.formError)) : null,
    );
  }

  private resultData(): ResultData | null {
    const f = this.finished;
    if (!f || !this.session) return null;
    return {
      roomId: this.session.roomId,
      missionId: this.snap.missionId || this.choice?.missionId || "",
      role: this.session.role,
      result: f.result,
      failedBecause: f.failedBecause,
      scores: f.scores,
      mistakes: [...this.mistakes],
      logUrl: f.logUrl,
      choice:
        this.choice ??
        choiceFrom({
          missionId: this.snap.missionId,
          difficulty: this.difficulty,
          mode: this.snap.mode === "consequence" ? "consequence" : "coach",
          role: this.session.role,
          guessState: this.snap.guessState,
        }),
    };
  }

  // -------------------------------------------------------------------------------------------
  // Events in words

  private say(
    text: (tr: Tr) => string,
    tone: LogItem["tone"] = "",
    more: Partial<Pick<LogItem, "t" | "rule" | "ladder">> = {},
  ): void {
    const item: LogItem = { text, tone, t: null, ...more };
    this.log.push(item);
    if (this.log.length > LOG_MAX) this.log.shift();
    const list = this.el.log;
    if (list) {
      list.querySelector(".log-empty")?.remove();
      list.append(this.logLine(item));
      while (list.childElementCount > LOG_MAX) list.firstElementChild?.remove();
      const box = this.el.logBox;
      if (box) box.scrollTop = box.scrollHeight;
    }
  }

  /** Say `line` after the next state patch's events (see lineAfterPatch). */
  private sayAfterPatch(line: () => void): void {
    this.flushLineAfterPatch();
    const timer = setTimeout(() => this.flushLineAfterPatch(), LINE_AFTER_PATCH_WAIT_MS);
    this.lineAfterPatch = { say: line, timer };
  }

  private flushLineAfterPatch(): void {
    const pending = this.lineAfterPatch;
    if (!pending) return;
    this.lineAfterPatch = null;
    clearTimeout(pending.timer);
    if (!this.dead) pending.say();
  }

  private logLine(item: LogItem): HTMLElement {
    const tr = this.ctx.tr;
    const cls = item.tone ? `tone-${item.tone}` : undefined;
    const time = item.t !== null ? h("span", { class: "log-t" }, formatClock(item.t)) : null;
    const ex = item.rule ? explanation(tr, item.rule) : null;
    const attrs = { class: cls, "data-ladder": item.ladder ? "" : undefined };
    if (!ex?.rfc) return h("li", attrs, time, item.text(tr));
    // Closed, the why is not read out with the line; opened, it is the rule's text and clause.
    return h(
      "li",
      attrs,
      h(
        "details",
        {
          class: "log-why",
          open: item.open === true,
          ontoggle: (e: Event) => {
            const d = e.currentTarget as HTMLDetailsElement;
            if (d.open === (item.open === true)) return; // drawn open again, not opened now
            item.open = d.open;
            // Opened at the log's foot, the why would stay below the scrolled box.
            if (d.open) d.scrollIntoView({ block: "nearest" });
          },
        },
        h("summary", null, time, item.text(tr)),
        h("p", null, ex.text, " ", h("span", { class: "rfc" }, ex.rfc)),
      ),
    );
  }

  private takeLadder(ladder: readonly LadderEntryLike[], first: boolean): void {
    const key = (e: LadderEntryLike) => `${e.t}|${e.type}|${e.role}|${e.segId}|${e.text}`;
    let start = 0;
    if (this.ladderSeen > 0) {
      const at = ladder[this.ladderSeen - 1];
      if (at && key(at) === this.ladderLastKey) start = this.ladderSeen;
      else {
        const idx = ladder.findLastIndex((e) => key(e) === this.ladderLastKey);
        start = idx + 1;
      }
    }
    // After a reload the whole history arrives at once: it fills the log silently (the live
    // region is off meanwhile), and one line says so; what happens next is read out as usual.
    const history = this.resuming && start === 0 && ladder.length > 0;
    if (ladder.length > 0) this.resuming = false;
    const live = this.el.logBox;
    if (history && live) live.setAttribute("aria-live", "off");
    for (let i = start; i < ladder.length; i++) {
      const e = ladder[i]!;
      if (e.type === "send") {
        const seg = parseSegmentText(e.text);
        if (seg) this.segs.set(e.segId, seg);
      }
      const segs = this.segs;
      const tone: LogItem["tone"] = e.type === "lost" ? "bad" : e.type === "state" ? "ok" : "";
      const rule = e.type === "state" ? parseStateText(e.text).rule : "";
      if (ladderEventText(this.ctx.tr, e, segs) !== null)
        this.say((tr) => ladderEventText(tr, e, segs) ?? "", tone, {
          t: e.t,
          ladder: true,
          ...(rule ? { rule } : {}),
        });
    }
    void first;
    if (history) {
      const n = ladder.length;
      if (live)
        requestAnimationFrame(() => {
          live.setAttribute("aria-live", "polite");
          this.say((tr) => tr.ui("log.rejoined", { n }), "sys");
        });
      else this.say((tr) => tr.ui("log.rejoined", { n }), "sys");
    }
    this.ladderSeen = ladder.length;
    this.ladderLastKey = ladder.length > 0 ? key(ladder[ladder.length - 1]!) : "";
  }

  private takeTimers(s: Snapshot, first: boolean): void {
    const now = new Set<string>();
    for (const role of ROLES) {
      for (const row of s.hosts[role]?.rows ?? []) {
        if (!row.timerKind) continue;
        const k = `${role}|${row.local}|${row.foreign}|${row.timerKind}`;
        now.add(k);
        if (!this.timersSeen.has(k) && !first) {
          const remaining = row.timerRemainingMs;
          const kind = row.timerKind;
          this.say(
            (tr) =>
              sentence(
                tr.ui("ev.timerStart", {
                  role: roleName(tr, role),
                  timer: tr.game(`timer.${kind}`),
                  remaining: formatSeconds(remaining),
                }),
              ),
            "",
            // When its time left was read: the time it was started at, or the patch's.
            { t: row.timerAt || s.time },
          );
        }
      }
    }
    this.timersSeen = now;
  }

  // -------------------------------------------------------------------------------------------
  // Rendering

  private get difficulty(): Difficulty {
    const d = this.decision?.difficulty || this.snap.difficulty || this.choice?.difficulty;
    return d === "flags" || d === "full" ? d : "pick";
  }

  render(root: HTMLElement): void {
    this.root = root;
    this.renderAll();
    if (!this.stage) {
      this.stage = new LazyStage(this.stageBox);
      void this.stage.ready.then((ok) => {
        this.stageFailed = !ok;
        this.stageBox.classList.toggle("ready", ok);
        this.renderStageNote();
      });
    }
    if (!this.raf) this.loop();
  }

  private renderAll(): void {
    const root = this.root;
    if (!root) return;
    const tr = this.ctx.tr;
    if (this.startError) {
      fill(
        root,
        h(
          "section",
          { class: "menu-screen", "aria-labelledby": "match-err-h" },
          h("h2", { id: "match-err-h" }, tr.ui("app.name")),
          h("p", { class: "error", role: "alert" }, errorText(tr, this.startError)),
          h(
            "p",
            { class: "actions" },
            ...(needsReload(this.startError)
              ? [reloadButton(tr, true)]
              : [
                  // A full or unreachable server may take it a moment later: the same match again.
                  worthRetrying(this.startError) && this.start.kind !== "resume"
                    ? h(
                        "button",
                        {
                          type: "button",
                          class: "primary",
                          id: "retry-start",
                          onclick: () => this.ctx.go("match", this.start),
                        },
                        tr.ui("match.retry"),
                      )
                    : null,
                  h(
                    "button",
                    {
                      type: "button",
                      class: worthRetrying(this.startError) ? undefined : "primary",
                      onclick: () => this.ctx.go("solo"),
                    },
                    tr.ui("result.missions"),
                  ),
                  h("button", { type: "button", onclick: () => this.ctx.go("title") }, tr.ui("result.home")),
                ]),
          ),
        ),
      );
      return;
    }
    this.el.title = h("div", { class: "match-title" });
    this.titleFor = null;
    this.el.top = h("div", { class: "match-top" });
    this.el.scores = h("div", { class: "scores", "aria-label": tr.ui("match.scores") });
    this.el.move = h("section", { class: "panel move-panel", id: "move", "aria-labelledby": "move-h" });
    this.el.app = h("section", {
      class: "panel app-panel",
      id: "calls",
      "aria-labelledby": "app-h",
      hidden: true,
    });
    this.appKey = "";
    this.el.feedback = h("section", {
      class: "panel feedback-panel",
      id: "feedback",
      "aria-labelledby": "feedback-h",
      tabindex: "-1",
    });
    this.el.netstat = h("div", { class: "netstat-row" });
    this.el.timers = h("section", { class: "panel timers", "aria-labelledby": "timers-h" });
    this.el.stageNote = h("p", { class: "stage-note" });
    // The live region is a box around the list: an <ol> may not take the role "log" itself.
    this.el.log = h("ol", { class: "log-lines" });
    this.el.logBox = h(
      "div",
      {
        id: "event-log",
        class: "event-log",
        role: "log",
        "aria-live": "polite",
        "aria-relevant": "additions text",
        "aria-labelledby": "log-h",
        tabindex: "0",
        "aria-busy": "true",
      },
      this.el.log,
    );
    const stageWrap = h(
      "section",
      { class: "stage-wrap", "aria-label": tr.ui("match.stage") },
      stageViewPicker(this.ctx, () => this.updateStage()),
      this.stageBox,
      this.el.stageNote,
    );
    fill(
      root,
      h(
        "section",
        { class: "match-screen", "aria-labelledby": "match-h" },
        h("header", { class: "match-head" }, this.el.title, this.el.top),
        h(
          "div",
          { class: "match-grid" },
          h("div", { class: "match-main" }, stageWrap, this.el.netstat, this.el.timers),
          h(
            "aside",
            { class: "match-side" },
            this.el.scores,
            this.el.move,
            this.el.app,
            this.el.feedback,
            h(
              "section",
              { class: "panel log-panel", "aria-labelledby": "log-h" },
              h("h3", { id: "log-h" }, tr.ui("log.heading")),
              this.el.logBox,
            ),
          ),
        ),
      ),
    );
    for (const item of this.log) this.el.log.append(this.logLine(item));
    if (this.log.length === 0) this.el.log.append(h("li", { class: "log-empty muted" }, tr.ui("log.empty")));
    const box = this.el.logBox;
    requestAnimationFrame(() => {
      box.removeAttribute("aria-busy");
      box.scrollTop = box.scrollHeight;
    });
    this.moveKey = "";
    this.renderStageNote();
    this.updateState();
    this.renderFeedback();
  }

  private renderStageNote(): void {
    const note = this.el.stageNote;
    if (!note) return;
    const tr = this.ctx.tr;
    note.textContent = this.stageFailed
      ? tr.ui("err.stage")
      : this.stageBox.classList.contains("ready")
        ? ""
        : tr.ui("match.loadingStage");
    note.hidden = note.textContent === "";
  }

  /** Everything that follows the state: top line, scores, netstat, timers, stage, move panel. */
  private updateState(): void {
    if (!this.root || this.startError) return;
    this.renderTitle();
    this.renderTop();
    this.renderScores();
    this.renderNetstat();
    this.renderMove();
    this.renderApp();
    this.updateStage();
  }

  private titleFor: string | null = null;

  private renderTitle(): void {
    const box = this.el.title;
    const missionId = this.snap.missionId || this.choice?.missionId || "";
    const key = `${missionId}|${this.me ?? ""}`;
    if (!box || this.titleFor === key) return;
    this.titleFor = key;
    const tr = this.ctx.tr;
    const goal = missionText(tr, missionId, "goal");
    // A mission's texts speak to its usual side; a friend (or a player who chose) may play the other.
    const sideNote = missionId && this.me ? otherSideNote(tr, missionId, this.me) : null;
    fill(
      box,
      h("h2", { id: "match-h" }, missionId ? missionTitle(tr, missionId) : tr.ui("app.name")),
      goal
        ? h("p", { class: "goal" }, h("strong", null, `${tr.ui("match.goal")}${tr.ui("punct.colon")}`), goal)
        : null,
      sideNote ? h("p", { class: "muted small", id: "other-side" }, sideNote) : null,
    );
  }

  private renderTop(): void {
    const top = this.el.top;
    if (!top) return;
    const tr = this.ctx.tr;
    const s = this.snap;
    const mode = s.mode === "consequence" ? tr.ui("opt.consequence") : tr.ui("opt.coach");
    const diffKey: UiKey =
      this.difficulty === "flags" ? "opt.flags" : this.difficulty === "full" ? "opt.full" : "opt.pick";
    fill(
      top,
      this.me
        ? h("span", { class: `pill role-${this.me}` }, tr.ui("match.you", { role: roleName(tr, this.me) }))
        : null,
      h("span", { class: "pill" }, tr.ui("match.settings", { mode, difficulty: tr.ui(diffKey) })),
      s.guessState ? h("span", { class: "pill", id: "guess-pill" }, tr.ui("opt.guessOn")) : null,
      h(
        "span",
        { class: "pill mono", id: "clock" },
        h(
          "span",
          { class: "clock-time" },
          tr.ui("match.clock", { t: formatClock(s.time + this.elapsed(performance.now())) }),
        ),
        s.paused && s.phase === "playing" ? ` · ${tr.ui("match.paused")}` : "",
      ),
      h(
        "button",
        { type: "button", class: "ghost", id: "leave", onclick: () => void this.leave() },
        tr.ui("match.leave"),
      ),
    );
  }

  private async startWithBot(): Promise<void> {
    try {
      await this.session?.startWithBot();
      this.formError = null;
    } catch (e) {
      // The friend came first: the match has started, which is what was asked for.
      if (e instanceof AppError && e.key === "err.alreadyStarted") return;
      this.formError = e;
      this.moveKey = "";
      this.renderMove();
    }
  }

  private async leave(): Promise<void> {
    await this.session?.leave();
    this.session = null;
    this.ctx.go(this.choice && this.snap.opponent === "bot" ? "solo" : "title");
  }

  private renderScores(): void {
    const box = this.el.scores;
    if (!box) return;
    const tr = this.ctx.tr;
    const s = this.snap;
    const code = this.session?.joinCode || s.joinCode;
    fill(
      box,
      ROLES.map((role) => {
        const seat = s.seats[role];
        const who = seat
          ? seat.kind === "bot"
            ? tr.ui("seat.bot")
            : seat.nickname || tr.ui("seat.human")
          : "—";
        // A friend's seat nobody has taken yet is open, not away.
        const absent = seat && seat.kind === "human" && !seat.connected;
        const status = absent ? tr.ui(seat.owned ? "seat.away" : "seat.open") : null;
        const turn = s.waitingFor === role;
        return h(
          "div",
          { class: `score-card role-${role}${turn ? " turn" : ""}${role === this.me ? " mine" : ""}` },
          h(
            "div",
            { class: "score-who" },
            h("span", { class: "role-dot", "aria-hidden": "true" }),
            h("strong", null, sentence(roleName(tr, role))),
            // A long nickname is cut with an ellipsis; the pills after it stay whole.
            h("span", { class: "score-name", title: who }, `· ${who}`),
            role === this.me ? h("span", { class: "you" }, tr.ui("seat.you")) : null,
            status ? h("span", { class: "away" }, status) : null,
          ),
          h("div", { class: "score-num", "data-role": role }, String(seat?.score ?? 0)),
          // The bot holds a friend's seat nobody has taken: the code still lets them in.
          seat && seat.kind === "bot" && !seat.owned && code && s.phase !== "finished"
            ? h("p", { class: "hint seat-code" }, tr.ui("seat.codeOpen", { code }))
            : null,
        );
      }),
    );
  }

  private renderNetstat(): void {
    const row = this.el.netstat;
    const timers = this.el.timers;
    if (!row || !timers) return;
    const tr = this.ctx.tr;
    this.timerCells = [];
    refillNetstat(
      row,
      ROLES.map((role) => {
        const host = this.snap.hosts[role];
        const panel = netstatPanel(tr, {
          role,
          ip: host?.ip ?? "",
          rows: host?.rows ?? [],
          now: this.snap.time,
          idPrefix: "ns",
          heading: "h3",
        });
        for (const t of panel.timers) this.timerCells.push({ ...t, fmt: "netstat" });
        return panel.el;
      }),
    );
    const running = ROLES.flatMap((role) =>
      (this.snap.hosts[role]?.rows ?? []).filter((r) => r.timerKind).map((r) => ({ role, r })),
    );
    fill(
      timers,
      h("h3", { id: "timers-h" }, tr.ui("timers.heading")),
      running.length === 0
        ? h("p", { class: "muted" }, tr.ui("timers.none"))
        : h(
            "ul",
            { class: "timer-list" },
            running.map(({ role, r }) => {
              const left = h("span", { class: "countdown mono" }, formatSeconds(r.timerRemainingMs));
              this.timerCells.push({
                cell: left,
                kind: r.timerKind,
                remaining: r.timerRemainingMs - (r.timerAt ? Math.max(0, this.snap.time - r.timerAt) : 0),
                fmt: "countdown",
              });
              return h(
                "li",
                { class: `role-${role}` },
                h("span", { class: "role-dot", "aria-hidden": "true" }),
                h(
                  "span",
                  { class: "timer-name" },
                  tr.ui("timers.item", {
                    role: sentence(roleName(tr, role)),
                    timer: tr.game(`timer.${r.timerKind}`),
                  }),
                ),
                left,
              );
            }),
          ),
    );
    this.tickTimers(performance.now());
  }

  /** Virtual ms passed since the last patch (0 while paused). */
  private elapsed(now: number): number {
    if (this.snap.paused || this.snap.phase !== "playing") return 0;
    // Patches bring `time` at least once a second while it runs: beyond that, wait for the next.
    return this.rate * Math.min(now - this.lastWall, 1500);
  }

  /** Whole seconds left before the bot answers for us (a time limit). */
  private secondsToDecide(): number {
    return Math.max(0, Math.ceil((this.decideBy - Date.now()) / 1000));
  }

  private tickTimers(now: number): void {
    const dt = this.elapsed(now);
    // The server publishes `time` alone only once a second: the clock runs on between patches.
    const clock = this.root?.querySelector<HTMLElement>("#clock .clock-time");
    if (clock && dt > 0)
      clock.textContent = this.ctx.tr.ui("match.clock", { t: formatClock(this.snap.time + dt) });
    const deadline = this.root?.querySelector<HTMLElement>("#deadline");
    if (deadline) {
      const s = this.secondsToDecide();
      const text = this.ctx.tr.ui("decision.deadline", { s });
      if (deadline.textContent !== text) deadline.textContent = text;
      deadline.classList.toggle("urgent", s <= 10);
    }
    for (const c of this.timerCells) {
      const left = c.remaining - dt;
      c.cell.textContent = c.fmt === "netstat" ? netstatTimer(c.kind, left) : formatSeconds(left);
    }
  }

  private loop = (): void => {
    this.raf = requestAnimationFrame((now) => {
      if (!this.root) return;
      if (now - this.lastTick > 100) {
        this.lastTick = now;
        this.tickTimers(now);
      }
      if (this.model && this.stage && !this.model.paused) {
        this.stage.update({ ...this.model, time: this.snap.time + this.elapsed(now) });
      }
      this.loop();
    });
  };

  private updateStage(): void {
    if (!this.stage) return;
    const tr = this.ctx.tr;
    const label = (role: Role) => {
      const seat = this.snap.seats[role];
      const who = seat
        ? seat.kind === "bot"
          ? tr.ui("seat.bot")
          : seat.nickname || tr.ui("seat.human")
        : "";
      return `${sentence(roleName(tr, role))}${who ? ` · ${who}` : ""}${role === this.me ? ` (${tr.ui("seat.you")})` : ""}`;
    };
    this.model = toStageModel(this.snap, {
      me: this.me,
      reducedMotion: this.ctx.reducedMotion,
      palette: this.ctx.palette,
      view: stageViewOf(this.ctx),
      labels: { client: label("client"), server: label("server") },
      texts: stageLabels(tr.locale),
      timerName: (kind) => tr.game(`timer.${kind}`),
    });
    this.stage.update(this.model);
  }

  settingsChanged(): void {
    this.updateStage();
  }

  // -------------------------------------------------------------------------------------------
  // The move panel

  private renderMove(): void {
    const box = this.el.move;
    if (!box) return;
    const s = this.snap;
    const d = this.decision;
    const key = [
      this.ctx.tr.locale,
      this.finished ? "fin" : s.phase,
      d?.id ?? "",
      // The decision may come first from the state, then from its message with the ISN.
      d?.iss ?? "",
      this.sending,
      s.waitingFor,
      this.hadState,
      this.conn === "left",
      this.matchGone,
      this.rematch,
      Object.values(this.snap.seats)
        .map((x) => x.rematch)
        .join(),
      s.rematchMissionId,
      s.rematchSwap,
      this.copied,
      this.session?.joinCode ?? s.joinCode,
      this.draft?.segs.length ?? 0,
      String(this.formError),
      this.feedback?.reply.decisionId ?? "",
      this.feedback?.reply.score ?? "",
    ].join("|");
    if (key === this.moveKey) return;
    this.moveKey = key;
    const tr = this.ctx.tr;
    if (this.finished) {
      const ok = this.finished.result === "success";
      fill(
        box,
        h("h3", { id: "move-h" }, tr.ui("match.turnFinished")),
        h(
          "p",
          { class: `verdict ${ok ? "ok" : "bad"}` },
          h("span", { class: "verdict-mark", "aria-hidden": "true" }, ok ? "✓" : "✗"),
          tr.ui(ok ? "ev.success" : "ev.failed"),
        ),
        h(
          "p",
          { class: "final-score" },
          tr.ui("result.col.score"),
          h("strong", { id: "final-score" }, String(this.finished.scores[this.me ?? "client"]?.score ?? 0)),
        ),
        !ok && this.finished.failedBecause
          ? h("p", null, tr.ui("result.because", { text: tr.game(this.finished.failedBecause) }))
          : null,
        h(
          "button",
          {
            id: "see-result",
            type: "button",
            class: "primary big",
            onclick: () => {
              const data = this.resultData();
              if (data) this.ctx.go("result", data);
            },
          },
          tr.ui("finished.see"),
        ),
        // Against the bot, a won mission can go straight on to the next one.
        ok && this.choice && this.snap.opponent === "bot"
          ? h("p", { class: "actions" }, nextMissionButton(this.ctx, this.choice, { primary: false }))
          : null,
        this.conn === "left" ? null : this.rematchBox(),
      );
      return;
    }
    if (this.conn === "left") {
      // Closed for good mid-match: say why, rather than offer moves nobody will receive.
      const takenOver = this.leftCode === SEAT_TAKEN_OVER_CODE;
      const gone = !takenOver && this.matchGone;
      const choice = this.choice;
      fill(
        box,
        h("h3", { id: "move-h" }, tr.ui("left.heading")),
        h(
          "p",
          { id: "left-why", role: "alert" },
          tr.ui(takenOver ? "left.takenOver" : gone ? "left.gone" : "left.lost"),
        ),
        h(
          "p",
          { class: "actions" },
          takenOver
            ? null
            : gone
              ? choice
                ? h(
                    "button",
                    {
                      id: "play-again",
                      type: "button",
                      class: "primary",
                      onclick: () => this.ctx.go("match", { kind: "create", choice, opponent: "bot" }),
                    },
                    tr.ui("result.again"),
                  )
                : null
              : reloadButton(tr, true),
          h("button", { type: "button", onclick: () => this.ctx.go("title") }, tr.ui("result.home")),
        ),
      );
      return;
    }
    if (!this.hadState) {
      fill(
        box,
        h("h3", { id: "move-h" }, tr.ui("decision.waitHeading")),
        h("p", { class: "muted" }, tr.ui("conn.connecting")),
      );
      return;
    }
    if (s.phase === "lobby") {
      const code = this.session?.joinCode || s.joinCode;
      const link = `${location.origin}${location.pathname}?join=${code}`;
      const other = otherRole(this.me ?? "client");
      fill(
        box,
        h("h3", { id: "move-h" }, tr.ui("lobby.heading")),
        h("p", null, tr.ui("lobby.share", { role: roleName(tr, other) })),
        h(
          "dl",
          { class: "share" },
          h("dt", null, tr.ui("lobby.code")),
          h("dd", null, h("output", { class: "join-code mono", id: "join-code-out" }, code)),
          h("dt", null, tr.ui("lobby.link")),
          h(
            "dd",
            null,
            h("input", {
              id: "join-link",
              class: "mono",
              type: "text",
              readonly: true,
              value: link,
              "aria-label": tr.ui("lobby.link"),
            }),
          ),
        ),
        h(
          "button",
          {
            type: "button",
            id: "copy-link",
            onclick: async () => {
              try {
                await navigator.clipboard.writeText(link);
                this.copied = true;
                this.say((t) => t.ui("lobby.copied"), "sys");
              } catch {
                this.formError = new AppError("err.copy");
                (document.getElementById("join-link") as HTMLInputElement | null)?.select();
              }
              this.renderMove();
              document.getElementById("copy-link")?.focus();
            },
          },
          this.copied ? tr.ui("lobby.copied") : tr.ui("lobby.copy"),
        ),
        this.formError ? h("p", { class: "error", role: "alert" }, errorText(tr, this.formError)) : null,
        h("p", { class: "muted", "aria-live": "polite" }, tr.ui("match.turnLobby")),
        // A class's odd one out: play the bot now; the friend may still come and take its seat.
        h(
          "div",
          { class: "bot-instead" },
          h(
            "button",
            {
              type: "button",
              id: "start-with-bot",
              "aria-describedby": "start-with-bot-hint",
              onclick: () => void this.startWithBot(),
            },
            tr.ui("lobby.botInstead"),
          ),
          h(
            "p",
            { class: "hint", id: "start-with-bot-hint" },
            tr.ui("lobby.botInsteadHint", { role: roleName(tr, other) }),
          ),
        ),
      );
      return;
    }
    if (!d) {
      const quiet = waitsFor(s);
      // With nothing in flight and no timer, a player with the application panel acts there.
      const yours = quiet === "nothing" && takesAppCalls(s.missionId);
      const text =
        s.phase === "finished"
          ? tr.ui("match.turnFinished")
          : s.waitingFor && s.waitingFor !== this.me
            ? tr.ui("match.turnOther", { role: roleName(tr, s.waitingFor) })
            : quiet === "segments"
              ? tr.ui("match.turnNone")
              : quiet === "timer"
                ? tr.ui("match.turnTimer")
                : tr.ui(yours ? "match.turnCall" : "match.turnIdle");
      fill(
        box,
        h("h3", { id: "move-h" }, tr.ui("match.turn")),
        h(
          "p",
          { class: "waiting", id: "turn-text" },
          s.phase === "finished" || yours ? null : h("span", { class: "spinner", "aria-hidden": "true" }),
          text,
        ),
      );
      return;
    }
    this.renderPicker(box, d);
  }

  private renderPicker(box: HTMLElement, d: DecisionMsg): void {
    const tr = this.ctx.tr;
    if (!this.draft) this.draft = newDraft(d.id, this.difficulty, d.candidates.length);
    const draft = this.draft;
    const diff = this.difficulty;
    const form = h("form", {
      id: "move-form",
      class: "move-form",
      "aria-labelledby": "move-h",
      onsubmit: (e: Event) => {
        e.preventDefault();
        void this.submit(false);
      },
      onkeydown: (e: KeyboardEvent) => {
        const t = e.target as HTMLInputElement;
        if (
          e.key === "Enter" &&
          t instanceof HTMLInputElement &&
          (t.type === "radio" || t.type === "checkbox")
        ) {
          e.preventDefault();
          form.requestSubmit();
        }
      },
    });
    const attempts = this.snap.pending[this.me ?? ""]?.attempts ?? 0;
    add(
      form,
      h(
        "div",
        { class: "trigger" },
        h("span", { class: "label" }, tr.ui("decision.what")),
        h("p", { class: "trigger-text", id: "trigger-text" }, describeTrigger(tr, d.triggerKind, d.trigger)),
        h(
          "p",
          { class: "muted small" },
          tr.ui("decision.state", { local: d.local, remote: d.remote, state: d.stateBefore }),
          attempts > 0 ? ` ${tr.ui("decision.attempts", { n: attempts })}` : "",
        ),
        d.iss != null
          ? h("p", { class: "muted small", id: "decision-iss" }, tr.ui("decision.iss", { iss: d.iss }))
          : "",
        this.decideBy > 0
          ? h(
              "p",
              { class: "deadline small", id: "deadline", role: "timer" },
              tr.ui("decision.deadline", { s: this.secondsToDecide() }),
            )
          : "",
      ),
    );
    const fb = this.feedback;
    if (fb && fb.decision.id !== d.id && !fb.reply.correct) {
      add(
        form,
        h(
          "div",
          { class: "retry", id: "last-wrong" },
          h(
            "p",
            { class: "small" },
            tr.ui("feedback.lastWrong", { change: formatScoreChange(fb.reply.scoreChange) }),
            " ",
            h(
              "button",
              { type: "button", class: "link", onclick: () => this.el.feedback?.focus() },
              tr.ui("feedback.why"),
              " ↓",
            ),
          ),
        ),
      );
    }
    if (fb && fb.decision.id === d.id && !fb.reply.accepted) {
      add(
        form,
        h(
          "div",
          { class: "retry", id: "retry" },
          h(
            "p",
            { class: "verdict bad" },
            h("span", { class: "verdict-mark", "aria-hidden": "true" }, "✗"),
            tr.ui("feedback.wrong"),
            h(
              "span",
              { class: "score-change" },
              tr.ui("feedback.score", { change: formatScoreChange(fb.reply.scoreChange) }),
            ),
          ),
          h(
            "ul",
            { class: "mistakes small" },
            mistakeLines(tr, fb.reply.mistakes, fb.reply.move.length).map((l) => h("li", null, l)),
          ),
          h(
            "button",
            { type: "button", class: "link", onclick: () => this.el.feedback?.focus() },
            tr.ui("feedback.why"),
            " ↓",
          ),
        ),
      );
    }
    if (diff === "pick") {
      add(
        form,
        h(
          "fieldset",
          { class: "candidates" },
          h("legend", null, tr.ui("picker.candidates")),
          d.candidates.map((segs, i) =>
            h(
              "label",
              { class: "cand", for: `cand-${i}` },
              h("input", {
                id: `cand-${i}`,
                type: "radio",
                name: "cand",
                value: String(i),
                checked: draft.choice === i,
                onchange: () => {
                  draft.choice = i;
                },
              }),
              h("kbd", { "aria-hidden": "true" }, String(i + 1)),
              h("span", { class: `seg mono${segs.length === 0 ? " nothing" : ""}` }, formatMove(tr, segs)),
            ),
          ),
        ),
      );
    } else {
      const list = h("div", { class: "seg-edits" });
      draft.segs.forEach((seg, i) => {
        const n = i + 1;
        const fs = h(
          "fieldset",
          { class: "seg-edit" },
          h("legend", null, tr.ui("picker.segment", { n })),
          h(
            "div",
            {
              class: "flag-row",
              role: "group",
              "aria-label": `${tr.ui("picker.flags")} · ${tr.ui("picker.segment", { n })}`,
            },
            FLAG_LETTERS.map((l) =>
              h(
                "label",
                { class: "flag", title: tr.ui(`flag.${l}`) },
                h("input", {
                  type: "checkbox",
                  id: `seg${i}-flag-${l}`,
                  checked: seg.flags.includes(l),
                  "aria-describedby": `flagdesc-${l}`,
                  onchange: (e: Event) => {
                    seg.flags = toggleFlag(seg.flags, l, (e.target as HTMLInputElement).checked);
                  },
                }),
                h("span", { class: "mono" }, { S: "SYN", F: "FIN", R: "RST", P: "PSH", A: "ACK" }[l]),
              ),
            ),
          ),
          diff === "full"
            ? h(
                "div",
                { class: "num-row" },
                (["seq", "ack", "len"] as const).map((f) =>
                  h(
                    "label",
                    { class: "num-field" },
                    h("span", { class: "mono" }, tr.ui(`picker.${f}`)),
                    h("input", {
                      id: `seg${i}-${f}`,
                      type: "text",
                      inputmode: "numeric",
                      autocomplete: "off",
                      class: "mono",
                      value: seg[f],
                      "aria-label": tr.ui(`picker.${f}Label`, { n }),
                      oninput: (e: Event) => {
                        seg[f] = (e.target as HTMLInputElement).value;
                      },
                    }),
                  ),
                ),
              )
            : null,
          h(
            "button",
            {
              type: "button",
              class: "ghost small",
              onclick: () => {
                draft.segs.splice(i, 1);
                this.renderMove();
                (document.getElementById("add-seg") as HTMLElement | null)?.focus();
              },
            },
            tr.ui("picker.removeSegment", { n }),
          ),
        );
        list.append(fs);
      });
      if (draft.segs.length === 0) list.append(h("p", { class: "muted" }, tr.ui("picker.nothingNote")));
      add(
        form,
        list,
        h(
          "div",
          { class: "seg-tools" },
          h(
            "button",
            {
              type: "button",
              id: "add-seg",
              class: "small",
              disabled: draft.segs.length >= MAX_MOVE_SEGMENTS ? true : undefined,
              "aria-describedby": draft.segs.length >= MAX_MOVE_SEGMENTS ? "seg-limit" : undefined,
              onclick: () => {
                draft.segs.push(emptySeg());
                this.renderMove();
                document.getElementById(`seg${draft.segs.length - 1}-flag-S`)?.focus();
              },
            },
            tr.ui("picker.addSegment"),
          ),
          draft.segs.length >= MAX_MOVE_SEGMENTS
            ? h(
                "span",
                { class: "hint", id: "seg-limit" },
                tr.ui("picker.segLimit", { n: MAX_MOVE_SEGMENTS }),
              )
            : null,
          diff === "flags" ? h("span", { class: "hint" }, tr.ui("picker.flagsNote")) : null,
        ),
        h(
          "div",
          { class: "sr-only" },
          FLAG_LETTERS.map((l) => h("span", { id: `flagdesc-${l}` }, tr.ui(`flag.${l}`))),
        ),
      );
    }
    add(
      form,
      h(
        "div",
        { class: "field guess" },
        h("label", { for: "guess" }, tr.ui("picker.guess")),
        h(
          "select",
          {
            id: "guess",
            onchange: (e: Event) => {
              draft.guess = (e.target as HTMLSelectElement).value;
            },
          },
          h("option", { value: "" }, tr.ui("picker.noGuess")),
          TCP_STATES.map((st) => h("option", { value: st, selected: draft.guess === st }, st)),
        ),
      ),
      this.formError
        ? h("p", { class: "error", role: "alert", id: "move-error" }, errorText(tr, this.formError))
        : null,
      h(
        "div",
        { class: "actions" },
        h(
          "button",
          {
            type: "submit",
            id: "send",
            class: "primary",
            disabled: this.sending,
            "aria-keyshortcuts": "Enter",
          },
          this.sending ? tr.ui("picker.sending") : tr.ui("picker.send"),
        ),
        diff !== "pick"
          ? h(
              "button",
              {
                type: "button",
                id: "send-nothing",
                disabled: this.sending,
                onclick: () => void this.submit(true),
              },
              tr.ui("picker.sendNothing"),
            )
          : null,
        h(
          "span",
          { class: "hint" },
          diff === "pick" ? tr.ui("picker.keysPick", { last: d.candidates.length }) : tr.ui("picker.keys"),
        ),
      ),
    );
    fill(box, h("h3", { id: "move-h", class: "your-move" }, tr.ui("decision.heading")), form);
  }

  // -------------------------------------------------------------------------------------------
  // The Application panel: the player's program makes system calls (free play)

  /** The server takes a call now: playing, and no decision of ours to answer first. */
  private get canCall(): boolean {
    return (
      !!this.session &&
      !this.finished &&
      this.snap.phase === "playing" &&
      this.conn !== "left" &&
      !this.decision &&
      !this.calling
    );
  }

  private renderApp(): void {
    const box = this.el.app;
    if (!box) return;
    const missionId = this.snap.missionId || this.choice?.missionId || "";
    const shown = takesAppCalls(missionId);
    box.hidden = !shown;
    if (!shown) return;
    const tr = this.ctx.tr;
    const key = tr.locale;
    if (key !== this.appKey) {
      this.appKey = key;
      const f = this.appForm;
      const button = (op: CallOp) =>
        h(
          "button",
          {
            type: "button",
            id: `app-${op}`,
            class: "app-call mono",
            "aria-describedby": `app-desc-${op}`,
            title: tr.ui(`app.desc.${op}`),
            onclick: () => void this.appCall(op),
          },
          `${op}()`,
        );
      const field = (id: string, label: UiKey, value: string, set: (v: string) => void, max: number) =>
        h(
          "label",
          { class: "num-field app-field", for: id },
          h("span", null, tr.ui(label)),
          h("input", {
            id,
            type: "number",
            inputmode: "numeric",
            min: 1,
            max,
            class: "mono",
            value,
            oninput: (e: Event) => set((e.target as HTMLInputElement).value),
          }),
        );
      const [open = [], data = [], close = []] = APP_ROWS;
      fill(
        box,
        h("h3", { id: "app-h" }, tr.ui("app.heading")),
        h("p", { class: "muted small" }, tr.ui("app.intro")),
        h("p", { class: "small app-status", id: "app-status" }),
        h(
          "div",
          { class: "app-calls", role: "group", "aria-label": tr.ui("app.calls") },
          h(
            "div",
            { class: "app-row" },
            field("app-port", "app.port", f.port, (v) => (f.port = v), 65535),
            h(
              "label",
              { class: "flag app-reuse", for: "app-reuse" },
              h("input", {
                type: "checkbox",
                id: "app-reuse",
                checked: f.reuse,
                onchange: (e: Event) => {
                  f.reuse = (e.target as HTMLInputElement).checked;
                },
              }),
              h("span", { class: "mono" }, tr.ui("app.reuse")),
            ),
            open.map(button),
          ),
          h(
            "div",
            { class: "app-row" },
            field("app-bytes", "app.bytes", f.bytes, (v) => (f.bytes = v), MAX_SEND_BYTES),
            data.map(button),
          ),
          h("div", { class: "app-row" }, close.map(button)),
        ),
        h("p", { class: "app-result mono", id: "app-result", hidden: true }),
        h(
          "div",
          { class: "sr-only" },
          APP_ROWS.flat().map((op) => h("span", { id: `app-desc-${op}` }, tr.ui(`app.desc.${op}`))),
        ),
      );
    }
    // Only the buttons: a focused field keeps its focus (and its value) while a decision is pending.
    const can = this.canCall || this.calling;
    for (const el of box.querySelectorAll<HTMLButtonElement>("button.app-call")) el.disabled = !can;
    const result = box.querySelector<HTMLElement>("#app-result");
    const last = this.lastCall;
    if (result) {
      result.hidden = !last;
      result.classList.toggle("bad", !!last?.bad);
      if (last)
        fill(
          result,
          h("span", { class: "label" }, `${tr.ui("app.last")}${tr.ui("punct.colon")}`),
          last.text(tr),
        );
    }
    const status = box.querySelector("#app-status");
    if (status)
      status.textContent = this.calling
        ? tr.ui("app.calling")
        : can
          ? tr.ui("app.ready")
          : this.decision
            ? tr.ui("app.waitDecision")
            : tr.ui("app.notPlaying");
  }

  private async appCall(op: CallOp): Promise<void> {
    if (!this.session || !this.canCall) return;
    const f = this.appForm;
    const payload: CallPayload = { op };
    if (op === "listen" || op === "connect" || op === "bind") payload.port = Number(f.port);
    if (op === "listen" || op === "bind") payload.reuseAddr = f.reuse;
    if (op === "send") payload.bytes = Number(f.bytes);
    // Said here, in the page's language, rather than refused by the server in its own words.
    const bad =
      payload.port !== undefined && !wholeIn(payload.port, 1, 65535)
        ? new AppError("err.callPort")
        : payload.bytes !== undefined && !wholeIn(payload.bytes, 1, MAX_SEND_BYTES)
          ? new AppError("err.callBytes", { max: MAX_SEND_BYTES })
          : null;
    if (bad) {
      this.lastCall = { text: (tr) => errorText(tr, bad), bad: true };
      this.renderApp();
      return;
    }
    const args =
      op === "send"
        ? String(payload.bytes)
        : payload.port !== undefined
          ? `${payload.port}${payload.reuseAddr ? ", SO_REUSEADDR" : ""}`
          : "";
    const call = `${op}(${args})`;
    this.calling = true;
    this.renderApp();
    try {
      const r: CallReply = await this.session.call(payload);
      const result = (tr: Tr) =>
        r.error
          ? r.error
          : r.result === null
            ? tr.ui("app.ok")
            : op === "read"
              ? tr.ui("app.bytesRead", { n: r.result })
              : tr.ui("app.fd", { fd: r.result });
      this.say((tr) => tr.ui("ev.appCall", { call, result: result(tr) }), r.error ? "bad" : "me");
      this.lastCall = {
        text: (tr) => tr.ui("app.result", { call, result: result(tr) }),
        bad: r.error !== null,
      };
    } catch (e) {
      this.say((tr) => errorText(tr, e), "bad");
      this.lastCall = { text: (tr) => `${call} — ${errorText(tr, e)}`, bad: true };
    } finally {
      this.calling = false;
      this.renderApp();
    }
  }

  private focusIsIn(id: string): boolean {
    const box = document.getElementById(id);
    return !!box && box.contains(document.activeElement);
  }

  /**
   * Scroll up until the stage's top shows below the sticky top bar, if it is hidden above it (in
   * one column, on a phone, the move panel sits below the stage); otherwise stay.
   */
  private showStage(): void {
    const stage = this.stageBox;
    if (!stage) return;
    const barBottom = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
    const top = stage.getBoundingClientRect().top;
    if (top < barBottom) window.scrollBy({ top: top - barBottom - 8 });
  }

  private focusMove(): void {
    const box = this.el.move;
    if (!box) return;
    const first =
      box.querySelector<HTMLElement>("input:checked") ??
      box.querySelector<HTMLElement>("input, select") ??
      box.querySelector<HTMLElement>("button");
    first?.focus({ preventScroll: true });
    // In one column (a tablet, a phone) scroll as little as brings the panel into view, so the
    // stage above it stays in sight as far as the screen allows.
    box.scrollIntoView({ block: "nearest" });
  }

  private async submit(nothing: boolean): Promise<void> {
    const d = this.decision;
    const draft = this.draft;
    if (!d || !draft || this.sending || !this.session) return;
    const payload = buildMove(this.difficulty, draft, nothing);
    if (payload instanceof AppError) {
      this.formError = payload;
      this.renderMove();
      this.focusMove();
      return;
    }
    this.formError = null;
    this.sending = true;
    this.renderMove();
    try {
      const reply = await this.session.move(payload);
      this.feedback = { reply, decision: d };
      if (!reply.correct)
        this.mistakes.push({
          at: d.at,
          triggerKind: d.triggerKind,
          trigger: d.trigger,
          move: reply.move,
          mistakes: reply.mistakes,
          explanation: reply.explanation,
          misconception: reply.misconception,
          scoreChange: reply.scoreChange,
        });
      const change = formatScoreChange(reply.scoreChange);
      if (reply.correct) this.say((tr) => tr.ui("ev.judgedCorrect", { change }), "ok");
      else
        this.say(
          (tr) =>
            tr.ui("ev.judgedWrong", {
              change,
              why: [
                ...mistakeLines(tr, reply.mistakes, reply.move.length),
                explanation(tr, reply.explanation).text,
              ]
                .filter(Boolean)
                .join(" "),
            }),
          "bad",
        );
      if (reply.accepted) {
        this.answered.add(reply.decisionId);
        if (this.decision?.id === reply.decisionId) this.decision = null;
      } else if (this.draft) {
        this.draft.choice = null;
      }
    } catch (e) {
      this.formError = e;
    } finally {
      this.sending = false;
      this.moveKey = "";
      this.renderFeedback();
      this.updateState();
      if (this.decision) this.focusMove();
      else if (this.feedback) {
        // The judgement is read out from its focus; the eyes go to the segment just sent.
        this.el.feedback?.focus({ preventScroll: true });
        this.showStage();
      }
    }
  }

  private renderFeedback(): void {
    const box = this.el.feedback;
    if (!box) return;
    const tr = this.ctx.tr;
    const f = this.feedback;
    if (!f) {
      box.hidden = true;
      return;
    }
    box.hidden = false;
    const r = f.reply;
    const ex = explanation(tr, r.explanation);
    const lines = mistakeLines(tr, r.mistakes, r.move.length);
    fill(
      box,
      h("h3", { id: "feedback-h" }, tr.ui("feedback.heading")),
      h(
        "p",
        { class: `verdict ${r.correct ? "ok" : "bad"}`, id: "verdict" },
        h("span", { class: "verdict-mark", "aria-hidden": "true" }, r.correct ? "✓" : "✗"),
        tr.ui(r.correct ? "feedback.correct" : "feedback.wrong"),
        h(
          "span",
          { class: "score-change" },
          tr.ui("feedback.score", { change: formatScoreChange(r.scoreChange) }),
        ),
      ),
      h(
        "p",
        { class: "small" },
        tr.ui("feedback.yourMove", { move: "" }),
        h("span", { class: "mono" }, formatMove(tr, r.move)),
      ),
      r.correct ? null : h("p", { class: "small" }, tr.ui(r.accepted ? "feedback.sent" : "feedback.refused")),
      lines.length > 0
        ? [
            h("h4", null, tr.ui("feedback.mistakes")),
            h(
              "ul",
              { class: "mistakes" },
              lines.map((l) => h("li", null, l)),
            ),
          ]
        : null,
      ex.text
        ? [
            h("h4", null, tr.ui("feedback.why")),
            h("p", { class: "explanation" }, ex.text),
            ex.rfc ? h("p", { class: "rfc" }, tr.ui("feedback.rfc", { rfc: ex.rfc })) : null,
          ]
        : null,
      r.misconception
        ? [
            h("h4", null, tr.ui("feedback.misconception")),
            h("p", { class: "misconception" }, tr.game(`misconception.${r.misconception}`)),
          ]
        : null,
    );
  }

  onKey(e: KeyboardEvent): boolean {
    if (isTextInput(e.target) || e.ctrlKey || e.metaKey || e.altKey) return false;
    const d = this.decision;
    if (d && this.difficulty === "pick" && /^[1-9]$/.test(e.key)) {
      const i = Number(e.key) - 1;
      if (i < d.candidates.length && this.draft) {
        this.draft.choice = i;
        const input = document.getElementById(`cand-${i}`) as HTMLInputElement | null;
        if (input) {
          input.checked = true;
          input.focus();
        }
        return true;
      }
    }
    if (e.key === "Enter" && d && (document.activeElement === document.body || !document.activeElement)) {
      (document.getElementById("move-form") as HTMLFormElement | null)?.requestSubmit();
      return true;
    }
    if (e.key === "m" || e.key === "M") {
      this.focusMove();
      return true;
    }
    if (e.key === "l" || e.key === "L") {
      this.el.logBox?.focus();
      return true;
    }
    if ((e.key === "v" || e.key === "V") && this.root) {
      pickNextStageView(this.ctx, this.root);
      return true;
    }
    if ((e.key === "a" || e.key === "A") && this.el.app && !this.el.app.hidden) {
      this.el.app.querySelector<HTMLElement>("input:not(:disabled), button:not(:disabled)")?.focus();
      return true;
    }
    return false;
  }

  debug(): Record<string, unknown> {
    const s = this.snap;
    const me = this.me;
    return {
      phase: this.finished ? "finished" : s.phase,
      role: me,
      waitingFor: s.waitingFor,
      decisionId: this.decision?.id ?? null,
      candidates: this.decision?.candidates.length ?? 0,
      score: me ? (s.seats[me]?.score ?? 0) : 0,
      scores: { client: s.seats.client?.score ?? 0, server: s.seats.server?.score ?? 0 },
      result: this.finished?.result ?? s.result,
      missionId: s.missionId,
      difficulty: this.difficulty,
      mode: s.mode,
      guessState: s.guessState,
      joinCode: this.session?.joinCode || s.joinCode,
      roomId: this.session?.roomId ?? null,
      connection: this.conn,
      time: s.time,
      feedback: this.feedback
        ? { correct: this.feedback.reply.correct, accepted: this.feedback.reply.accepted }
        : null,
      appPanel: this.el.app ? !this.el.app.hidden : false,
      canCall: this.canCall,
      stage: this.stageFailed ? "failed" : this.stageBox.classList.contains("ready") ? "ready" : "loading",
      camera: this.stage?.camera() ?? null,
      error: this.startError ? errorText(this.ctx.tr, this.startError) : null,
    };
  }

  destroy(): void {
    this.dead = true;
    if (this.lineAfterPatch) clearTimeout(this.lineAfterPatch.timer);
    this.lineAfterPatch = null;
    cancelAnimationFrame(this.raf);
    this.raf = 0;
    this.root = null;
    this.stage?.destroy();
    this.stage = null;
    if (this.session) void this.session.leave();
    this.session = null;
  }
}

/** `n` is a whole number from `min` to `max`. */
function wholeIn(n: number, min: number, max: number): boolean {
  return Number.isInteger(n) && n >= min && n <= max;
}
