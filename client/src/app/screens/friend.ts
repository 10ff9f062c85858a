import { choiceFrom } from "../choice.ts";
import type { Ctx, Screen } from "../context.ts";
import { fill, h } from "../dom.ts";
import { errorText, needsReload, reloadButton } from "../errors.ts";
import { missionInfo, missionTitle, sortMissions } from "../missions.ts";
import { loadChoice, type MatchChoice, saveChoice } from "../storage.ts";
import { optionFields } from "./options.ts";

export class FriendScreen implements Screen {
  readonly id = "friend" as const;
  private missions: string[] = [];
  private code: string;
  private joinError: unknown = null;
  private busy = false;
  private readonly choice: MatchChoice;
  private root: HTMLElement | null = null;

  private readonly ctx: Ctx;

  constructor(ctx: Ctx, code = "") {
    this.ctx = ctx;
    this.code = code;
    this.choice = choiceFrom(loadChoice());
    ctx
      .missions()
      .then((m) => {
        this.missions = sortMissions(m);
        if (this.root) this.render(this.root);
      })
      .catch(() => {});
  }

  private async join(): Promise<void> {
    if (this.busy) return;
    this.busy = true;
    this.joinError = null;
    this.rerender();
    try {
      const { roomForCode } = await import("../session.ts");
      await roomForCode(this.code);
      this.ctx.go("match", { kind: "join", code: this.code.trim().toUpperCase() });
    } catch (e) {
      this.joinError = e;
      this.busy = false;
      this.rerender();
      document.getElementById("join-code")?.focus();
    }
  }

  private rerender(): void {
    if (this.root) this.render(this.root);
  }

  render(root: HTMLElement): void {
    this.root = root;
    const { tr } = this.ctx;
    const missions = this.missions.length > 0 ? this.missions : [this.choice.missionId];
    const errId = "join-error";
    fill(
      root,
      h(
        "section",
        { class: "menu-screen", "aria-labelledby": "friend-h" },
        h("h2", { id: "friend-h" }, tr.ui("friend.heading")),
        h(
          "div",
          { class: "friend-grid" },
          h(
            "form",
            {
              class: "card",
              "aria-labelledby": "join-h",
              onsubmit: (e: Event) => {
                e.preventDefault();
                void this.join();
              },
            },
            h("h3", { id: "join-h" }, tr.ui("friend.join")),
            h("p", { class: "muted" }, tr.ui("friend.joinIntro")),
            h(
              "div",
              { class: "field" },
              h("label", { for: "join-code" }, tr.ui("friend.code")),
              h("input", {
                id: "join-code",
                class: "code-input",
                type: "text",
                maxlength: 6,
                autocomplete: "off",
                autocapitalize: "characters",
                spellcheck: "false",
                value: this.code,
                "aria-describedby": `join-hint${this.joinError ? ` ${errId}` : ""}`,
                "aria-invalid": this.joinError ? "true" : undefined,
                oninput: (e: Event) => {
                  this.code = (e.target as HTMLInputElement).value.toUpperCase();
                },
              }),
              h("p", { class: "hint", id: "join-hint" }, tr.ui("friend.codeHint")),
            ),
            this.joinError
              ? h("p", { class: "error", id: errId, role: "alert" }, errorText(tr, this.joinError))
              : null,
            needsReload(this.joinError) ? reloadButton(tr) : null,
            h(
              "button",
              {
                id: "join-btn",
                type: "submit",
                class: "primary",
                "aria-busy": this.busy ? "true" : undefined,
              },
              this.busy ? tr.ui("friend.working") : tr.ui("friend.joinBtn"),
            ),
          ),
          h(
            "form",
            {
              class: "card",
              "aria-labelledby": "create-h",
              onsubmit: (e: Event) => {
                e.preventDefault();
                saveChoice(this.choice);
                this.ctx.go("match", { kind: "create", choice: { ...this.choice }, opponent: "friend" });
              },
            },
            h("h3", { id: "create-h" }, tr.ui("friend.create")),
            h("p", { class: "muted" }, tr.ui("friend.createIntro")),
            h(
              "div",
              { class: "field" },
              h("label", { for: "friend-mission" }, tr.ui("opt.mission")),
              h(
                "select",
                {
                  id: "friend-mission",
                  onchange: (e: Event) => {
                    this.choice.missionId = (e.target as HTMLSelectElement).value;
                    this.choice.role = missionInfo(this.choice.missionId).defaultRole;
                    saveChoice(this.choice);
                    this.rerender();
                    document.getElementById("friend-mission")?.focus();
                  },
                },
                missions.map((id) =>
                  h("option", { value: id, selected: id === this.choice.missionId }, missionTitle(tr, id)),
                ),
              ),
            ),
            h(
              "div",
              { class: "options" },
              optionFields(tr, "friend", this.choice, () => saveChoice(this.choice), { bot: false }),
            ),
            h("button", { id: "create-btn", type: "submit", class: "primary" }, tr.ui("friend.createBtn")),
          ),
        ),
      ),
    );
  }
}
