import type { Ctx, Screen } from "../context.ts";
import { h } from "../dom.ts";
import { LOCALES } from "../i18n/index.ts";

export class TitleScreen implements Screen {
  readonly id = "title" as const;
  private readonly ctx: Ctx;
  private readonly notice: string | null;

  constructor(ctx: Ctx, notice: string | null = null) {
    this.ctx = ctx;
    this.notice = notice;
  }

  render(root: HTMLElement): void {
    const { tr, settings } = this.ctx;
    const nick = h("input", {
      id: "nickname",
      type: "text",
      maxlength: 24,
      autocomplete: "nickname",
      value: settings.nickname,
      "aria-describedby": "nickname-hint",
      oninput: (e: Event) => {
        settings.nickname = (e.target as HTMLInputElement).value.slice(0, 24);
        this.ctx.saveSettings();
      },
    });
    const way = (id: string, title: string, desc: string, onclick: (() => void) | null, badge?: string) =>
      h(
        "li",
        null,
        h(
          "button",
          {
            id,
            type: "button",
            class: `way${onclick ? "" : " disabled"}`,
            "aria-disabled": onclick ? undefined : "true",
            "aria-describedby": `${id}-desc`,
            onclick: onclick ?? undefined,
          },
          h("span", { class: "way-title" }, title, badge ? h("span", { class: "badge" }, badge) : null),
          h("span", { class: "way-desc", id: `${id}-desc` }, desc),
        ),
      );
    root.append(
      h(
        "section",
        { class: "title-screen", "aria-labelledby": "title-h" },
        h(
          "div",
          { class: "hero" },
          h("h1", { id: "title-h" }, tr.ui("app.name")),
          h("p", { class: "tagline" }, tr.ui("app.tagline")),
          h(
            "figure",
            { class: "handshake-art" },
            h(
              "pre",
              { "aria-hidden": "true" },
              h("span", { class: "c" }, "client"),
              "                       ",
              h("span", { class: "s" }, "server"),
              "\n SYN_SENT  ",
              h("span", { class: "c" }, "── SYN seq=x ──────────▶"),
              "  LISTEN\n",
              "           ",
              h("span", { class: "s" }, "◀── SYN,ACK seq=y ack=x+1 ─"),
              " SYN_RCVD\n ESTABLISHED ",
              h("span", { class: "c" }, "── ACK ack=y+1 ──────▶"),
              "  ESTABLISHED",
            ),
            h("figcaption", null, tr.ui("title.diagram")),
          ),
        ),
        h(
          "div",
          { class: "title-panel" },
          h(
            "div",
            { class: "field" },
            h("label", { for: "nickname" }, tr.ui("title.nickname")),
            nick,
            h("p", { class: "hint", id: "nickname-hint" }, tr.ui("title.nicknameHint")),
          ),
          h(
            "fieldset",
            { class: "lang-pick" },
            h("legend", null, tr.ui("header.language")),
            LOCALES.map((l) =>
              h(
                "label",
                { class: "chip" },
                h("input", {
                  type: "radio",
                  name: "title-lang",
                  value: l,
                  checked: tr.locale === l,
                  onchange: () => document.dispatchEvent(new CustomEvent("tango:locale", { detail: l })),
                }),
                tr.ui(`lang.${l}`),
              ),
            ),
          ),
          this.notice ? h("p", { class: "error", role: "alert" }, this.notice) : null,
          h("h2", null, tr.ui("title.waysIn")),
          h(
            "ul",
            { class: "ways" },
            way("go-solo", tr.ui("title.solo"), tr.ui("title.soloDesc"), () => this.ctx.go("solo")),
            way("go-friend", tr.ui("title.friend"), tr.ui("title.friendDesc"), () => this.ctx.go("friend")),
            way("go-class", tr.ui("title.class"), tr.ui("title.classDesc"), null, tr.ui("title.comingSoon")),
          ),
        ),
      ),
    );
  }
}
