import { choiceFrom } from "../choice.ts";
import type { Ctx, Screen } from "../context.ts";
import { fill, h } from "../dom.ts";
import { errorText } from "../errors.ts";
import { missionInfo, missionText, missionTitle, otherSideNote, sortMissions } from "../missions.ts";
import { loadChoice, loadProgress, type MatchChoice, saveChoice } from "../storage.ts";
import { optionFields } from "./options.ts";

export class SoloScreen implements Screen {
  readonly id = "solo" as const;
  private missions: string[] | null = null;
  private error: unknown = null;
  private readonly choice: MatchChoice;
  private root: HTMLElement | null = null;

  private readonly ctx: Ctx;

  constructor(ctx: Ctx) {
    this.ctx = ctx;
    this.choice = choiceFrom(loadChoice());
    ctx
      .missions()
      .then((m) => {
        this.missions = sortMissions(m);
        if (!this.missions.includes(this.choice.missionId) && this.missions[0]) {
          this.choice.missionId = this.missions[0];
          this.choice.role = missionInfo(this.choice.missionId).defaultRole;
        }
      })
      .catch((e: unknown) => {
        this.error = e;
      })
      .finally(() => {
        if (this.root) this.render(this.root);
      });
  }

  render(root: HTMLElement): void {
    this.root = root;
    const { tr } = this.ctx;
    const progress = loadProgress();
    const list = h("div", { class: "mission-list" });
    const detail = h("div", { class: "mission-detail" });
    const renderDetail = () => {
      const id = this.choice.missionId;
      // The brief speaks to the mission's usual side: say so when the player picks the other one.
      const sideNote = h("p", { class: "muted small", id: "solo-side-note", "aria-live": "polite" });
      const showSideNote = () => {
        const note = otherSideNote(tr, id, this.choice.role);
        sideNote.hidden = note === null;
        sideNote.textContent = note ?? "";
      };
      showSideNote();
      fill(
        detail,
        h("h3", { id: "mission-title" }, missionTitle(tr, id)),
        missionText(tr, id, "brief")
          ? h(
              "p",
              null,
              h("strong", null, `${tr.ui("solo.brief")}${tr.ui("punct.colon")}`),
              missionText(tr, id, "brief"),
            )
          : null,
        missionText(tr, id, "goal")
          ? h(
              "p",
              { class: "goal" },
              h("strong", null, `${tr.ui("solo.goal")}${tr.ui("punct.colon")}`),
              missionText(tr, id, "goal"),
            )
          : null,
        sideNote,
        h("h3", null, tr.ui("solo.options")),
        h(
          "div",
          { class: "options" },
          optionFields(
            tr,
            "solo",
            this.choice,
            () => {
              saveChoice(this.choice);
              showSideNote();
            },
            { bot: true },
          ),
        ),
        h(
          "button",
          {
            id: "start-solo",
            type: "button",
            class: "primary big",
            onclick: () => {
              saveChoice(this.choice);
              this.ctx.go("match", { kind: "create", choice: { ...this.choice }, opponent: "bot" });
            },
          },
          tr.ui("solo.start"),
        ),
      );
    };
    if (this.error) list.append(h("p", { class: "error", role: "alert" }, errorText(tr, this.error)));
    else if (!this.missions) list.append(h("p", { class: "muted" }, "…"));
    else {
      list.append(
        h(
          "fieldset",
          { class: "missions" },
          h("legend", null, tr.ui("solo.missions")),
          this.missions.map((id, i) => {
            const p = progress[id];
            const info = missionInfo(id);
            const status = p?.done
              ? `${tr.ui("solo.done")}${p.best !== null ? ` · ${tr.ui("solo.best", { score: p.best })}` : ""}`
              : p
                ? tr.ui("solo.tried")
                : tr.ui("solo.new");
            const inputId = `mission-${i}`;
            return h(
              "label",
              { class: `mission${p?.done ? " done" : ""}`, for: inputId },
              h("input", {
                id: inputId,
                type: "radio",
                name: "mission",
                value: id,
                checked: this.choice.missionId === id,
                onchange: () => {
                  this.choice.missionId = id;
                  this.choice.role = info.defaultRole;
                  saveChoice(this.choice);
                  renderDetail();
                },
              }),
              h("span", { class: "mission-num", "aria-hidden": "true" }, String(i + 1)),
              h(
                "span",
                { class: "mission-text" },
                h("span", { class: "mission-name" }, missionTitle(tr, id)),
                h(
                  "span",
                  { class: "mission-meta" },
                  info.level !== null ? `${tr.ui("solo.level", { n: info.level })} · ` : "",
                  h("span", { class: p?.done ? "ok" : "" }, p?.done ? `✓ ${status}` : status),
                ),
              ),
            );
          }),
        ),
      );
    }
    renderDetail();
    fill(
      root,
      h(
        "section",
        { class: "menu-screen", "aria-labelledby": "solo-h" },
        h("h2", { id: "solo-h" }, tr.ui("solo.heading")),
        h("div", { class: "solo-grid" }, list, detail),
      ),
    );
  }
}
