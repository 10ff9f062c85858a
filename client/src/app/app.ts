// The app shell: header (language, settings, help, connection), the current screen, dialogs,
// global keys, the saved session (a reload mid-match rejoins the same seat) and window.__tango.

import type { Palette } from "../stage/model.ts";
import type { Ctx, MatchStart, ResultData, Screen, ScreenId } from "./context.ts";
import { fill, h } from "./dom.ts";
import { AppError } from "./errors.ts";
import { isLocale, LOCALES, type Locale, pickLocale, type Tr, translator } from "./i18n/index.ts";
import { FriendScreen } from "./screens/friend.ts";
import { MatchScreen } from "./screens/match.ts";
import { ResultScreen } from "./screens/result.ts";
import { SoloScreen } from "./screens/solo.ts";
import { TitleScreen } from "./screens/title.ts";
import { loadSession, loadSettings, type Settings, saveSettings } from "./storage.ts";

declare global {
  interface Window {
    __tango?: { state(): Record<string, unknown>; readonly locale: Locale; setLocale(l: Locale): void };
  }
}

export class App implements Ctx {
  readonly settings: Settings = loadSettings();
  tr: Tr;
  private screen: Screen | null = null;
  private missionList: Promise<string[]> | null = null;
  private readonly main: HTMLElement;
  private readonly header: HTMLElement;
  private readonly dialogs: HTMLElement;
  private connText: string | null = null;
  private connTone: "ok" | "warn" | "bad" = "ok";
  private readonly motionQuery = matchMedia("(prefers-reduced-motion: reduce)");

  private readonly shell: HTMLElement;

  constructor(shell: HTMLElement) {
    this.shell = shell;
    const browser = pickLocale(navigator.languages?.length ? navigator.languages : [navigator.language]);
    this.tr = translator(this.settings.locale ?? browser);
    this.header = h("header", { class: "topbar" });
    this.main = h("main", { id: "main", tabindex: "-1" });
    this.dialogs = h("div");
    fill(this.shell, this.header, this.main, this.dialogs);
    document.addEventListener("keydown", (e) => this.onKey(e));
    document.addEventListener("tango:locale", (e) => {
      const l = (e as CustomEvent).detail;
      if (isLocale(l)) this.setLocale(l);
    });
    this.motionQuery.addEventListener("change", () => this.applySettings());
    const self = this;
    window.__tango = {
      state: () => ({
        screen: this.screen?.id ?? null,
        locale: this.tr.locale,
        phase: null,
        role: null,
        waitingFor: "",
        decisionId: null,
        score: 0,
        ...this.screen?.debug?.(),
      }),
      get locale() {
        return self.tr.locale;
      },
      setLocale: (l: Locale) => this.setLocale(l),
    };
    this.applySettings();
    this.renderChrome();
    this.start();
  }

  private start(): void {
    const params = new URLSearchParams(location.search);
    const join = params.get("join");
    if (loadSession()) this.go("match", { kind: "resume" } satisfies MatchStart);
    else if (join) this.go("friend", join.toUpperCase().slice(0, 6));
    else this.go("title");
  }

  // ---------------------------------------------------------------------------------------------
  // Ctx

  get reducedMotion(): boolean {
    return this.settings.reducedMotion ?? this.motionQuery.matches;
  }

  get palette(): Palette {
    return this.settings.palette;
  }

  missions(): Promise<string[]> {
    this.missionList ??= fetch("/api/missions")
      .then(async (r) => {
        if (!r.ok) throw new Error(`HTTP ${r.status}`);
        return ((await r.json()) as { missions: string[] }).missions;
      })
      .catch((e: unknown) => {
        this.missionList = null;
        throw e instanceof TypeError ? new AppError("err.network") : e;
      });
    return this.missionList;
  }

  saveSettings(): void {
    saveSettings(this.settings);
  }

  setConnection(text: string | null, tone: "ok" | "warn" | "bad" = "ok"): void {
    this.connText = text;
    this.connTone = tone;
    const pill = document.getElementById("conn");
    if (pill) {
      pill.textContent = text ?? "";
      pill.className = `conn tone-${tone}`;
      pill.hidden = !text;
    }
  }

  go(id: ScreenId, arg?: unknown): void {
    this.screen?.destroy?.();
    this.screen = null;
    if (id !== "match") this.setConnection(null);
    if (id !== "match" && id !== "result" && location.search)
      history.replaceState(null, "", location.pathname);
    switch (id) {
      case "title":
        this.screen = new TitleScreen(this, typeof arg === "string" ? arg : null);
        break;
      case "solo":
        this.screen = new SoloScreen(this);
        break;
      case "friend":
        this.screen = new FriendScreen(this, typeof arg === "string" ? arg : "");
        break;
      case "match":
        this.screen = new MatchScreen(this, arg as MatchStart);
        break;
      case "result":
        this.screen = new ResultScreen(this, arg as ResultData);
        break;
    }
    document.body.dataset.screen = id;
    this.renderChrome();
    this.renderScreen();
    // A new screen starts at its top, not where the last one was scrolled to.
    window.scrollTo({ top: 0, left: 0, behavior: "instant" });
    // Move focus to the new screen's heading for screen readers and keyboard users.
    const heading = this.main.querySelector<HTMLElement>("h1, h2");
    if (heading) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: true });
    }
  }

  // ---------------------------------------------------------------------------------------------

  private setLocale(l: Locale): void {
    if (l === this.tr.locale) return;
    this.tr = translator(l);
    this.settings.locale = l;
    this.saveSettings();
    const active = document.activeElement?.id;
    this.renderChrome();
    this.renderScreen();
    if (this.connText !== null) this.setConnection(this.connText, this.connTone);
    const again = active ? document.getElementById(active) : null;
    again?.focus();
  }

  private applySettings(): void {
    document.body.classList.toggle("palette-colorblind", this.palette === "colorblind");
    document.body.classList.toggle("reduced-motion", this.reducedMotion);
    this.screen?.settingsChanged?.();
  }

  private renderScreen(): void {
    document.documentElement.lang = this.tr.locale;
    document.title = this.tr.ui("app.name");
    this.main.replaceChildren();
    this.screen?.render(this.main);
  }

  private renderChrome(): void {
    const tr = this.tr;
    document.documentElement.lang = tr.locale;
    fill(
      this.header,
      h("a", { class: "skip", href: "#main" }, tr.ui("app.skip")),
      // The page's one h1: the game's name, except on the title screen, whose hero is the h1.
      h(
        this.screen?.id === "title" ? "div" : "h1",
        { class: "brand-h" },
        h(
          "button",
          {
            type: "button",
            class: "brand",
            id: "home",
            "aria-label": tr.ui("header.home"),
            onclick: () => this.go("title"),
          },
          h("span", { class: "brand-mark", "aria-hidden": "true" }, "⇄"),
          tr.ui("app.name"),
        ),
      ),
      h(
        "span",
        { id: "conn", class: `conn tone-${this.connTone}`, role: "status", hidden: !this.connText },
        this.connText ?? "",
      ),
      h(
        "div",
        { class: "topbar-tools" },
        h("label", { for: "lang", class: "sr-only" }, tr.ui("header.language")),
        h(
          "select",
          {
            id: "lang",
            onchange: (e: Event) => {
              const v = (e.target as HTMLSelectElement).value;
              if (isLocale(v)) this.setLocale(v);
            },
          },
          LOCALES.map((l) =>
            h("option", { value: l, selected: l === tr.locale, lang: l }, tr.ui(`lang.${l}`)),
          ),
        ),
        h(
          "button",
          { type: "button", id: "open-settings", onclick: () => this.openSettings() },
          tr.ui("header.settings"),
        ),
        h(
          "button",
          { type: "button", id: "open-help", "aria-keyshortcuts": "?", onclick: () => this.openHelp() },
          tr.ui("header.help"),
        ),
      ),
    );
  }

  private dialog(id: string, title: string, body: (HTMLElement | null)[]): void {
    const tr = this.tr;
    const dlg = h(
      "dialog",
      { id, class: "dialog", "aria-labelledby": `${id}-h` },
      h(
        "form",
        { method: "dialog" },
        // The dialog opens at its top: its title takes focus, not the Close button at the bottom.
        h("h2", { id: `${id}-h`, tabindex: "-1", autofocus: true }, title),
        ...body,
        h(
          "div",
          { class: "actions" },
          h("button", { type: "submit", class: "primary", value: "close" }, tr.ui("settings.close")),
        ),
      ),
    );
    dlg.addEventListener("close", () => {
      dlg.remove();
      document.getElementById(id === "settings" ? "open-settings" : "open-help")?.focus();
    });
    fill(this.dialogs, dlg);
    dlg.showModal();
  }

  private openSettings(): void {
    const tr = this.tr;
    const check = (id: string, label: string, hint: string, checked: boolean, on: (v: boolean) => void) =>
      h(
        "div",
        { class: "check" },
        h("input", {
          id,
          type: "checkbox",
          checked,
          "aria-describedby": `${id}-hint`,
          onchange: (e: Event) => on((e.target as HTMLInputElement).checked),
        }),
        h("label", { for: id }, label),
        h("p", { class: "hint", id: `${id}-hint` }, hint),
      );
    this.dialog("settings", tr.ui("settings.heading"), [
      check(
        "set-motion",
        tr.ui("settings.reducedMotion"),
        tr.ui("settings.reducedMotionHint"),
        this.reducedMotion,
        (v) => {
          this.settings.reducedMotion = v;
          this.saveSettings();
          this.applySettings();
        },
      ),
      check(
        "set-palette",
        tr.ui("settings.palette"),
        tr.ui("settings.paletteHint"),
        this.palette === "colorblind",
        (v) => {
          this.settings.palette = v ? "colorblind" : "default";
          this.saveSettings();
          this.applySettings();
        },
      ),
    ]);
  }

  private openHelp(): void {
    const tr = this.tr;
    const row = (keys: string[], text: string) =>
      h(
        "tr",
        null,
        h(
          "th",
          { scope: "row" },
          keys.map((k, i) => [i > 0 ? " / " : "", h("kbd", null, k)]),
        ),
        h("td", null, text),
      );
    this.dialog("help", tr.ui("help.heading"), [
      h("p", null, tr.ui("help.about")),
      h("h3", null, tr.ui("help.stageHeading")),
      h("p", null, tr.ui("help.stage")),
      h("h3", null, tr.ui("help.names")),
      h("p", null, tr.ui("help.namesIntro")),
      h(
        "ul",
        { class: "state-names" },
        h("li", null, tr.ui("help.namesSynReceived")),
        h("li", null, tr.ui("help.namesFinWait")),
        h("li", null, tr.ui("help.namesClosed")),
      ),
      h("h3", null, tr.ui("help.keys")),
      h(
        "table",
        { class: "keys" },
        h(
          "tbody",
          null,
          row(["Tab", "Shift+Tab"], tr.ui("help.tab")),
          row(["1", "2", "3", "4"], tr.ui("help.numbers")),
          row(["Enter"], tr.ui("help.enter")),
          row(["M"], tr.ui("help.move")),
          row(["L"], tr.ui("help.log")),
          row(["A"], tr.ui("help.app")),
          row(["V"], tr.ui("help.view")),
          row(["←", "→", "Home", "End"], tr.ui("help.arrows")),
          row(["P"], tr.ui("help.play")),
          row(["?"], tr.ui("help.question")),
          row(["Esc"], tr.ui("help.escape")),
        ),
      ),
    ]);
  }

  private onKey(e: KeyboardEvent): void {
    if (document.querySelector("dialog[open]")) return;
    const t = e.target as HTMLElement | null;
    const typing =
      t instanceof HTMLInputElement
        ? !["radio", "checkbox"].includes(t.type)
        : t instanceof HTMLTextAreaElement;
    if (e.key === "?" && !typing) {
      e.preventDefault();
      this.openHelp();
      return;
    }
    if (this.screen?.onKey?.(e)) e.preventDefault();
  }
}
