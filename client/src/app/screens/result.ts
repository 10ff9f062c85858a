// The result: outcome, scores, each mistake with its explanation, and a replay of the match
// (GET /api/matches/:roomId/log) that can be played or stepped through.

import type { StageModel } from "../../stage/model.ts";
import type { Ctx, MistakeRecord, ResultData, Screen } from "../context.ts";
import { fill, h } from "../dom.ts";
import { AppError, errorText, rateLimited } from "../errors.ts";
import {
  describeTrigger,
  explanation,
  formatClock,
  formatMove,
  formatScoreChange,
  ladderEventText,
  mistakeLines,
  netstatTimer,
  ROLES,
  type Role,
  roleName,
  type Seg,
} from "../format.ts";
import { sentence, type Tr } from "../i18n/index.ts";
import { stageLabels } from "../i18n/stage.ts";
import { missionPoints, missionTitle } from "../missions.ts";
import {
  decisionStep,
  type MatchRecord,
  playOn,
  REPLAY_DECISION_HOLD_MS,
  type RecordEntry,
  reachesDecision,
  recordToLadder,
  replayFrame,
  sideRole,
} from "../model.ts";
import { netstatPanel, refillNetstat } from "../netstatTable.ts";
import { nextMissionButton } from "../nextMission.ts";
import { LazyStage } from "../stage.ts";
import { pickNextStageView, stageViewOf, stageViewPicker } from "../stageView.ts";

export class ResultScreen implements Screen {
  readonly id = "result" as const;
  private record: MatchRecord | null = null;
  private loadError: unknown = null;
  private step = 0;
  private root: HTMLElement | null = null;
  private readonly stageBox: HTMLDivElement;
  private stage: LazyStage | null = null;
  private readonly el: Partial<Record<string, HTMLElement>> = {};
  /** Playing: the virtual time drawn, moving on with the wall clock; null while stepping by hand. */
  private playClock: number | null = null;
  private raf = 0;
  private lastWall = 0;
  /** Playing: the wall time (performance.now) until which it stays at a decision. */
  private holdUntil = 0;
  /** The netstat tables' running timers as last drawn (counted down while the replay plays). */
  private timerCells: { cell: HTMLElement; kind: string; remaining: number; at: number }[] = [];
  /** The stage's model at the step drawn. */
  private model: StageModel | null = null;

  private readonly ctx: Ctx;
  private readonly data: ResultData;

  constructor(ctx: Ctx, data: ResultData) {
    this.ctx = ctx;
    this.data = data;
    this.stageBox = h("div", { class: "stage-box replay-stage", id: "replay-stage" });
    void this.load();
  }

  private async load(): Promise<void> {
    try {
      const res = await fetch(this.data.logUrl);
      if (res.status === 429) throw rateLimited(res);
      if (!res.ok) {
        const body = (await res.json().catch(() => ({}))) as { message?: string };
        throw new AppError("err.log", { message: body.message ?? `HTTP ${res.status}` });
      }
      this.record = (await res.json()) as MatchRecord;
      this.step = Math.max(0, this.record.log.length - 1);
    } catch (e) {
      this.loadError = e instanceof AppError ? e : new AppError("err.log", { message: String(e) });
    }
    if (!this.root) return;
    // Drawn again with the replay: the heading that had the focus is a new element now.
    const hadFocus = document.activeElement === document.body || document.activeElement?.id === "result-h";
    this.render(this.root);
    if (hadFocus) document.getElementById("result-h")?.focus({ preventScroll: true });
  }

  render(root: HTMLElement): void {
    this.root = root;
    const { tr } = this.ctx;
    const d = this.data;
    const ok = d.result === "success";
    const me = d.role;
    const nextButton = ok && d.choice ? nextMissionButton(this.ctx, d.choice, { primary: true }) : null;
    fill(
      root,
      h(
        "section",
        { class: "result-screen", "aria-labelledby": "result-h" },
        h(
          "header",
          { class: "result-head" },
          h(
            "h2",
            { id: "result-h", tabindex: "-1" },
            tr.ui("result.title", {
              outcome: tr.ui(ok ? "result.success" : "result.failed"),
              mission: missionTitle(tr, d.missionId),
            }),
          ),
          !ok && d.failedBecause
            ? h("p", { class: "error" }, tr.ui("result.because", { text: tr.game(d.failedBecause) }))
            : null,
          h(
            "div",
            { class: "actions" },
            // After a success, the campaign goes on.
            nextButton,
            d.choice
              ? h(
                  "button",
                  {
                    id: "play-again",
                    type: "button",
                    class: nextButton ? undefined : "primary",
                    onclick: () =>
                      this.ctx.go("match", { kind: "create", choice: d.choice, opponent: "bot" }),
                  },
                  tr.ui("result.again"),
                )
              : null,
            h(
              "button",
              { id: "to-missions", type: "button", onclick: () => this.ctx.go("solo") },
              tr.ui("result.missions"),
            ),
            h(
              "button",
              { type: "button", class: "ghost", onclick: () => this.ctx.go("title") },
              tr.ui("result.home"),
            ),
          ),
        ),
        h(
          "div",
          { class: "result-grid" },
          h(
            "div",
            { class: "result-left" },
            h(
              "section",
              { class: "panel", "aria-labelledby": "scores-h" },
              h("h3", { id: "scores-h" }, tr.ui("result.scores")),
              h(
                "table",
                { class: "score-table" },
                h(
                  "thead",
                  null,
                  h(
                    "tr",
                    null,
                    (
                      [
                        "result.col.role",
                        "result.col.player",
                        "result.col.score",
                        "result.col.mistakes",
                        "result.col.moves",
                      ] as const
                    ).map((k) => h("th", { scope: "col" }, tr.ui(k))),
                  ),
                ),
                h(
                  "tbody",
                  null,
                  ROLES.map((role) => {
                    const s = d.scores[role];
                    return h(
                      "tr",
                      { class: `role-${role}${role === me ? " mine" : ""}` },
                      h(
                        "th",
                        { scope: "row" },
                        h("span", { class: "role-dot", "aria-hidden": "true" }),
                        sentence(roleName(tr, role)),
                      ),
                      h(
                        "td",
                        null,
                        s ? (s.kind === "bot" ? tr.ui("seat.bot") : s.nickname || tr.ui("seat.human")) : "—",
                        role === me ? ` (${tr.ui("seat.you")})` : "",
                      ),
                      h(
                        "td",
                        { class: "num", id: role === me ? "my-score" : undefined },
                        String(s?.score ?? 0),
                      ),
                      h("td", { class: "num" }, String(s?.mistakes ?? 0)),
                      h("td", { class: "num" }, String(s?.moves ?? 0)),
                    );
                  }),
                ),
              ),
            ),
            this.renderPoints(tr),
            h(
              "section",
              { class: "panel", "aria-labelledby": "mistakes-h" },
              h("h3", { id: "mistakes-h" }, tr.ui("result.mistakes")),
              d.mistakes.length === 0
                ? h("p", { class: "ok" }, tr.ui("result.noMistakes"))
                : h(
                    "ol",
                    { class: "mistake-list" },
                    d.mistakes.map((m) => {
                      const ex = explanation(tr, m.explanation);
                      return h(
                        "li",
                        null,
                        h(
                          "p",
                          { class: "mistake-trigger" },
                          tr.ui("result.mistakeAt", {
                            t: formatClock(m.at),
                            trigger: describeTrigger(tr, m.triggerKind, m.trigger),
                          }),
                        ),
                        this.showInReplayButton(m),
                        h(
                          "p",
                          { class: "small" },
                          tr.ui("feedback.yourMove", { move: "" }),
                          h("span", { class: "mono" }, formatMove(tr, m.move)),
                          ` · ${formatScoreChange(m.scoreChange)}`,
                        ),
                        h(
                          "ul",
                          { class: "mistakes" },
                          mistakeLines(tr, m.mistakes, m.move.length).map((l) => h("li", null, l)),
                        ),
                        ex.text ? h("p", { class: "explanation" }, ex.text) : null,
                        ex.rfc ? h("p", { class: "rfc" }, tr.ui("feedback.rfc", { rfc: ex.rfc })) : null,
                        m.misconception
                          ? h(
                              "p",
                              { class: "misconception" },
                              h("strong", null, `${tr.ui("feedback.misconception")}${tr.ui("punct.colon")}`),
                              tr.game(`misconception.${m.misconception}`),
                            )
                          : null,
                      );
                    }),
                  ),
            ),
          ),
          this.renderReplay(tr),
        ),
      ),
    );
    // Mount the stage once its box is in the page (Phaser sizes the canvas from it).
    if (!this.stage && this.stageBox.isConnected) this.stage = new LazyStage(this.stageBox);
    this.showStep(false);
  }

  /** What the mission teaches: the points to take away, whether it was won or not. */
  private renderPoints(tr: Tr): HTMLElement | null {
    const points = missionPoints(tr, this.data.missionId);
    if (points.length === 0) return null;
    return h(
      "section",
      { class: "panel points", "aria-labelledby": "points-h" },
      h("h3", { id: "points-h" }, tr.ui("result.points")),
      h(
        "ul",
        { class: "point-list" },
        points.map((p) => h("li", null, p)),
      ),
    );
  }

  /** "See it in the replay": the replay at the decision where this mistake was made. */
  private showInReplayButton(m: MistakeRecord): HTMLElement | null {
    const step = this.record && decisionStep(this.record.log, this.data.role, m.at, m.triggerKind);
    if (step === null || step === undefined) return null;
    return h(
      "button",
      {
        type: "button",
        class: "ghost small mistake-show",
        onclick: () => {
          this.go(step);
          const list = this.el.list;
          list
            ?.closest("section")
            ?.scrollIntoView({ block: "start", behavior: this.ctx.reducedMotion ? "auto" : "smooth" });
          // The list takes the focus, so that ← and → step on from there.
          list?.focus({ preventScroll: true });
        },
      },
      this.ctx.tr.ui("result.showInReplay"),
    );
  }

  private renderReplay(tr: Tr): HTMLElement {
    const sec = h(
      "section",
      { class: "panel replay", "aria-labelledby": "replay-h" },
      h("h3", { id: "replay-h" }, tr.ui("replay.heading")),
    );
    if (this.loadError) {
      sec.append(h("p", { class: "error", role: "alert" }, errorText(tr, this.loadError)));
      return sec;
    }
    if (!this.record) {
      sec.append(h("p", { class: "muted" }, tr.ui("replay.loading")));
      return sec;
    }
    const log = this.record.log;
    this.el.position = h("p", {
      class: "replay-pos mono",
      id: "replay-pos",
      "aria-live": this.playClock === null ? "polite" : "off",
    });
    this.el.why = h("div", { class: "replay-why", id: "replay-why", hidden: true });
    this.el.states = h("div", { class: "replay-states" });
    this.el.netstat = h("div", { class: "replay-netstat" });
    this.el.list = h("ol", {
      class: "replay-list mono",
      id: "replay-list",
      tabindex: "0",
      "aria-labelledby": "replay-steps-h",
      onkeydown: (e: KeyboardEvent) => this.keys(e),
    });
    const segs = new Map<number, Seg>();
    log.forEach((e, i) => {
      if (e.type === "send" && e.seg && e.id !== undefined) segs.set(e.id, e.seg);
      const text = entryText(tr, e, segs);
      const li = h(
        "li",
        { "data-step": String(i), class: `role-${sideRole(e.side)}`, onclick: () => this.go(i) },
        h("span", { class: "log-t" }, formatClock(e.t)),
        h("span", { class: "role-dot", "aria-hidden": "true" }),
        text,
      );
      this.el.list!.append(li);
    });
    sec.append(
      h("p", { class: "muted small" }, tr.ui("replay.intro")),
      stageViewPicker(this.ctx, () => this.showStep(false)),
      this.stageBox,
      h(
        "div",
        {
          class: "replay-controls",
          role: "group",
          "aria-label": tr.ui("replay.heading"),
          onkeydown: (e: KeyboardEvent) => this.keys(e),
        },
        h(
          "button",
          { type: "button", id: "replay-first", onclick: () => this.go(0) },
          `« ${tr.ui("replay.first")}`,
        ),
        h(
          "button",
          {
            type: "button",
            id: "replay-prev",
            "aria-keyshortcuts": "ArrowLeft",
            onclick: () => this.go(this.step - 1),
          },
          `◀ ${tr.ui("replay.prev")}`,
        ),
        h(
          "button",
          {
            type: "button",
            id: "replay-play",
            class: "replay-play",
            "aria-pressed": String(this.playClock !== null),
            onclick: () => (this.playClock === null ? this.play() : this.pause()),
          },
          this.playLabel(),
        ),
        h(
          "button",
          {
            type: "button",
            id: "replay-next",
            "aria-keyshortcuts": "ArrowRight",
            onclick: () => this.go(this.step + 1),
          },
          `${tr.ui("replay.next")} ▶`,
        ),
        h(
          "button",
          { type: "button", id: "replay-last", onclick: () => this.go(log.length - 1) },
          `${tr.ui("replay.last")} »`,
        ),
      ),
      this.el.position,
      this.el.why,
      h("h4", null, tr.ui("replay.states")),
      this.el.states,
      h("h4", null, tr.ui("replay.netstat")),
      this.el.netstat,
      h("h4", { id: "replay-steps-h" }, tr.ui("replay.steps")),
      this.el.list,
    );
    return sec;
  }

  private keys(e: KeyboardEvent): void {
    if (!this.record) return;
    if ((e.key === "p" || e.key === "P") && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      if (this.playClock === null) this.play();
      else this.pause();
      return;
    }
    const last = this.record.log.length - 1;
    const to =
      e.key === "ArrowLeft" || e.key === "ArrowUp"
        ? this.step - 1
        : e.key === "ArrowRight" || e.key === "ArrowDown"
          ? this.step + 1
          : e.key === "Home"
            ? 0
            : e.key === "End"
              ? last
              : null;
    if (to === null) return;
    e.preventDefault();
    this.go(to);
  }

  onKey(e: KeyboardEvent): boolean {
    const t = e.target as HTMLElement | null;
    if (t && (t.closest(".replay-controls") || t.id === "replay-list")) return false; // handled there
    if (t && t.tagName !== "BODY") return false;
    if (["ArrowLeft", "ArrowRight", "Home", "End"].includes(e.key)) {
      this.keys(e);
      return true;
    }
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    if ((e.key === "v" || e.key === "V") && this.root) {
      pickNextStageView(this.ctx, this.root);
      return true;
    }
    if (e.key === "p" || e.key === "P") {
      this.keys(e);
      return true;
    }
    return false;
  }

  private go(step: number): void {
    if (!this.record) return;
    this.pause();
    this.step = Math.min(Math.max(0, step), this.record.log.length - 1);
    this.showStep(true);
  }

  private playLabel(): string {
    const tr = this.ctx.tr;
    return this.playClock === null ? `▶ ${tr.ui("replay.play")}` : `❚❚ ${tr.ui("replay.pause")}`;
  }

  private setPlaying(clock: number | null): void {
    this.playClock = clock;
    const button = this.root?.querySelector<HTMLElement>("#replay-play");
    if (button) {
      button.textContent = this.playLabel();
      button.setAttribute("aria-pressed", String(clock !== null));
    }
    // Each step told aloud while it plays would be a flood: only where it stops.
    this.el.position?.setAttribute("aria-live", clock === null ? "polite" : "off");
  }

  /** Play the match on from this step (from the start if at its end), in its own time. */
  private play(): void {
    const log = this.record?.log;
    if (!log || log.length === 0) return;
    if (this.step >= log.length - 1) this.step = 0;
    this.setPlaying(log[this.step]!.t);
    this.showStep(true);
    this.lastWall = performance.now();
    this.holdUntil = 0;
    cancelAnimationFrame(this.raf);
    this.raf = requestAnimationFrame(this.frame);
  }

  private pause(): void {
    if (this.playClock === null) return;
    cancelAnimationFrame(this.raf);
    this.setPlaying(null);
    this.showStep(false);
  }

  private frame = (wall: number): void => {
    const log = this.record?.log;
    if (!log || this.playClock === null || !this.root) return;
    const dt = Math.min(100, wall - this.lastWall);
    this.lastWall = wall;
    if (wall < this.holdUntil) {
      this.raf = requestAnimationFrame(this.frame);
      return;
    }
    const { time, step } = playOn(log, this.step, this.playClock, dt, this.inFlight > 0);
    this.playClock = time;
    if (step !== this.step) {
      if (reachesDecision(log, this.step, step)) this.holdUntil = wall + REPLAY_DECISION_HOLD_MS;
      this.step = step;
      this.showStep(true);
    } else this.drawAt(time);
    if (this.step >= log.length - 1) {
      this.setPlaying(null);
      this.showStep(false);
      return;
    }
    this.raf = requestAnimationFrame(this.frame);
  };

  private showStep(scroll: boolean): void {
    const rec = this.record;
    if (!rec || !this.el.position || !this.el.states || !this.el.netstat || !this.el.list) return;
    const tr = this.ctx.tr;
    const labels = { client: sentence(roleName(tr, "client")), server: sentence(roleName(tr, "server")) };
    const frame = replayFrame(
      rec,
      this.step,
      {
        me: this.data.role,
        reducedMotion: this.ctx.reducedMotion,
        palette: this.ctx.palette,
        view: stageViewOf(this.ctx),
        labels,
        texts: stageLabels(tr.locale),
        timerName: (kind) => tr.game(`timer.${kind}`),
      },
      this.playClock ?? undefined,
    );
    this.model = frame.model;
    this.stage?.update(frame.model);
    this.el.position.textContent = tr.ui("replay.step", {
      n: this.step + 1,
      total: rec.log.length,
      t: formatClock(frame.time),
    });
    this.showWhy(rec.log[this.step]);
    fill(
      this.el.states,
      ROLES.map((role: Role) =>
        h(
          "div",
          { class: `replay-state role-${role}` },
          h("span", { class: "role-dot", "aria-hidden": "true" }),
          h("span", null, labels[role]),
          h("strong", { class: "mono" }, frame.states[role]),
        ),
      ),
    );
    this.timerCells = [];
    refillNetstat(
      this.el.netstat,
      ROLES.map((role) => {
        const panel = netstatPanel(tr, {
          role,
          ip: frame.model.hosts[role].ip,
          rows: frame.netstat[role],
          now: frame.time,
          idPrefix: "replay-ns",
          heading: "h5",
        });
        for (const c of panel.timers) this.timerCells.push({ ...c, at: frame.time });
        return panel.el;
      }),
    );
    for (const li of this.el.list.children) {
      const on = Number((li as HTMLElement).dataset.step) === this.step;
      li.classList.toggle("current", on);
      if (on) li.setAttribute("aria-current", "step");
      else li.removeAttribute("aria-current");
      if (on && scroll) {
        const list = this.el.list;
        const item = li as HTMLElement;
        if (item.offsetTop < list.scrollTop) list.scrollTop = item.offsetTop;
        else if (item.offsetTop + item.offsetHeight > list.scrollTop + list.clientHeight)
          list.scrollTop = item.offsetTop + item.offsetHeight - list.clientHeight;
      }
    }
  }

  /**
   * At a step where a host changes state: why, in the words of the rule the engine applied and
   * its RFC clause, as a judged move explains itself. Other steps show nothing here.
   */
  private showWhy(e: RecordEntry | undefined): void {
    const box = this.el.why;
    if (!box) return;
    const tr = this.ctx.tr;
    const ex = e?.type === "state" && e.rule ? { side: e.side, ...explanation(tr, e.rule) } : null;
    box.hidden = !ex?.rfc;
    if (!ex?.rfc) {
      fill(box, []);
      return;
    }
    fill(box, [
      h(
        "p",
        null,
        h(
          "strong",
          null,
          `${tr.ui("replay.why", { role: roleName(tr, sideRole(ex.side)) })}${tr.ui("punct.colon")}`,
        ),
        ex.text,
      ),
      h("p", { class: "rfc" }, tr.ui("feedback.rfc", { rfc: ex.rfc })),
    ]);
  }

  /** While playing between two steps: the same step drawn at a later time (packets fly on). */
  private drawAt(time: number): void {
    if (!this.model) return;
    this.stage?.update({ ...this.model, time });
    for (const c of this.timerCells) {
      const text = netstatTimer(c.kind, c.remaining - (time - c.at));
      if (c.cell.textContent !== text) c.cell.textContent = text;
    }
  }

  /** Segments in flight at the step drawn. */
  private get inFlight(): number {
    return this.model?.flights.length ?? 0;
  }

  debug(): Record<string, unknown> {
    return {
      phase: "finished",
      role: this.data.role,
      result: this.data.result,
      score: this.data.scores[this.data.role]?.score ?? 0,
      replayStep: this.step,
      replayPlaying: this.playClock !== null,
      replaySteps: this.record?.log.length ?? 0,
      mistakes: this.data.mistakes.length,
    };
  }

  settingsChanged(): void {
    this.showStep(false);
  }

  destroy(): void {
    cancelAnimationFrame(this.raf);
    this.playClock = null;
    this.stage?.destroy();
    this.stage = null;
    this.root = null;
  }
}

/** One record entry in words (the same words the live log uses, plus decisions). */
function entryText(tr: Tr, e: RecordEntry, segs: ReadonlyMap<number, Seg>): string {
  const role = roleName(tr, sideRole(e.side));
  if (e.type === "decision")
    return sentence(tr.ui("replay.decision", { role, trigger: triggerKind(tr, e.trigger ?? "") }));
  if (e.type === "decided")
    return sentence(
      tr.ui("replay.decided", {
        role,
        what: e.byReference ? tr.ui("replay.reference") : tr.ui("replay.chosen", { n: e.count ?? 0 }),
      }),
    );
  return ladderEventText(tr, recordToLadder(e), segs) ?? e.type;
}

function triggerKind(tr: Tr, kind: string): string {
  return kind === "segment" || kind === "timer" || kind === "call" ? tr.ui(`replay.kind.${kind}`) : kind;
}
