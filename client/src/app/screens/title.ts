import { MISSIONS } from "@tcp-tango/shared/missions/catalog.ts";
import type { Ctx, Screen } from "../context.ts";
import { h } from "../dom.ts";
import { LOCALES } from "../i18n/index.ts";
import { loadProgress } from "../storage.ts";

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
    // How far the campaign has come on this browser, once a mission is done.
    const progress = loadProgress();
    const done = MISSIONS.filter((m) => progress[m.id]?.done).length;
    const soloProgress = done > 0 ? tr.ui("title.soloProgress", { done, total: MISSIONS.length }) : null;
    const way = (
      id: string,
      title: string,
      desc: string,
      onclick: (() => void) | null,
      extra: { badge?: string; progress?: string | null } = {},
    ) =>
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
          h(
            "span",
            { class: "way-title" },
            title,
            extra.badge ? h("span", { class: "badge" }, extra.badge) : null,
          ),
          h(
            "span",
            { class: "way-desc", id: `${id}-desc` },
            desc,
            extra.progress ? h("span", { class: "way-progress" }, extra.progress) : null,
          ),
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
            handshakeArt(tr.ui("role.client"), tr.ui("role.server")),
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
            way("go-solo", tr.ui("title.solo"), tr.ui("title.soloDesc"), () => this.ctx.go("solo"), {
              progress: soloProgress,
            }),
            way("go-friend", tr.ui("title.friend"), tr.ui("title.friendDesc"), () => this.ctx.go("friend")),
            way("go-class", tr.ui("title.class"), tr.ui("title.classDesc"), null, {
              badge: tr.ui("title.comingSoon"),
            }),
          ),
        ),
      ),
    );
  }
}

// The three-way handshake in monospace: the client's states in the first column, each arrow
// ARROW_W wide, the server's states after it. The side names are in the page's language, so the
// server's is placed by width (in ch, one column each), not by counting spaces after the client's.
const ARROW_W = 27;
const CLIENT_W = 13;
const arrow = (head: string, fill: string, tail: string) =>
  head + fill.repeat(ARROW_W - head.length - tail.length) + tail;

function handshakeArt(client: string, server: string): HTMLElement {
  const pad = (text: string, width: number) => text.padEnd(width);
  return h(
    "pre",
    { "aria-hidden": "true" },
    " ",
    h("span", { class: "c art-side", style: `width: ${CLIENT_W + ARROW_W}ch` }, client),
    h("span", { class: "s" }, server),
    `\n ${pad("SYN_SENT", CLIENT_W - 1)}`,
    h("span", { class: "c" }, arrow("── SYN seq=x ", "─", "▶")),
    " LISTEN\n ",
    " ".repeat(CLIENT_W - 1),
    h("span", { class: "s" }, arrow("◀── SYN,ACK seq=y ack=x+1 ", "─", "─")),
    ` SYN_RCVD\n ${pad("ESTABLISHED", CLIENT_W - 1)}`,
    h("span", { class: "c" }, arrow("── ACK ack=y+1 ", "─", "▶")),
    " ESTABLISHED",
  );
}
