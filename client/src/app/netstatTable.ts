// A host's socket table as `netstat -tan -o` prints it, as the match and its replay show it.

import { rfcStateOf } from "@tcp-tango/shared/tcp/state.ts";
import { fill, h } from "./dom.ts";
import { type NetstatRowLike, netstatCells, type Role, roleName } from "./format.ts";
import { sentence, type Tr, type UiKey } from "./i18n/index.ts";

const COLUMNS: readonly UiKey[] = [
  "netstat.proto",
  "netstat.recvQ",
  "netstat.sendQ",
  "netstat.local",
  "netstat.foreign",
  "netstat.state",
  "netstat.timer",
];

/** A running timer's cell, and its time left when drawn (virtual ms), for a live countdown. */
export interface TimerCell {
  cell: HTMLElement;
  kind: string;
  remaining: number;
}

/**
 * One host's panel: heading, and its table in a box that scrolls sideways on a narrow screen.
 * `now` is the virtual time drawn (a timer counts down from its `timerAt`); `idPrefix` keeps the
 * heading's id unique on its page; `heading` is the heading's level.
 */
export function netstatPanel(
  tr: Tr,
  o: {
    role: Role;
    ip: string;
    rows: readonly NetstatRowLike[];
    now: number;
    idPrefix: string;
    heading: "h3" | "h4" | "h5";
  },
): { el: HTMLElement; timers: TimerCell[] } {
  const timers: TimerCell[] = [];
  const headingId = `${o.idPrefix}-${o.role}`;
  const caption = tr.ui("netstat.caption", { role: roleName(tr, o.role) });
  const el = h(
    "section",
    { class: `panel netstat role-${o.role}`, "aria-labelledby": headingId },
    h(
      o.heading,
      { id: headingId },
      h("span", { class: "role-dot", "aria-hidden": "true" }),
      tr.ui("netstat.heading", { role: sentence(roleName(tr, o.role)), ip: o.ip }),
    ),
    h(
      "div",
      { class: "table-scroll", "data-role": o.role, role: "region", "aria-label": caption },
      h(
        "table",
        { class: "mono" },
        h("caption", { class: "sr-only" }, caption),
        h(
          "thead",
          null,
          h(
            "tr",
            null,
            COLUMNS.map((c) => h("th", { scope: "col" }, tr.ui(c))),
          ),
        ),
        h(
          "tbody",
          null,
          o.rows.length === 0
            ? h("tr", null, h("td", { colspan: COLUMNS.length, class: "muted" }, tr.ui("netstat.empty")))
            : o.rows.map((r) => {
                const remaining = r.timerRemainingMs - (r.timerAt ? Math.max(0, o.now - r.timerAt) : 0);
                return h(
                  "tr",
                  null,
                  netstatCells(r, remaining).map((c, i) => {
                    const td = h("td", { class: i === 5 ? `state st-${r.state}` : undefined }, c);
                    // netstat spells four states its own way (SYN_RECV ...): say which RFC state it is.
                    if (i === 5 && rfcStateOf(r.state) !== r.state)
                      td.title = tr.ui("netstat.linuxName", { linux: r.state, rfc: rfcStateOf(r.state) });
                    if (i === 6 && r.timerKind) timers.push({ cell: td, kind: r.timerKind, remaining });
                    return td;
                  }),
                );
              }),
        ),
      ),
    ),
  );
  return { el, timers };
}

/**
 * Fill `box` with these panels again, keeping where each table was scrolled to and which had the
 * focus (a table re-drawn on every patch or step would lose both).
 */
export function refillNetstat(box: HTMLElement, panels: readonly HTMLElement[]): void {
  const scrolled = new Map<string, number>();
  for (const s of box.querySelectorAll<HTMLElement>(".table-scroll"))
    scrolled.set(s.dataset.role ?? "", s.scrollLeft);
  const focused = document.activeElement?.closest<HTMLElement>(".table-scroll")?.dataset.role;
  fill(box, ...panels);
  for (const s of box.querySelectorAll<HTMLElement>(".table-scroll")) {
    const role = s.dataset.role ?? "";
    s.scrollLeft = scrolled.get(role) ?? 0;
    // Only a table that scrolls takes a tab stop, so that a keyboard can scroll it.
    if (s.scrollWidth > s.clientWidth) s.tabIndex = 0;
    if (role === focused) s.focus({ preventScroll: true });
  }
}
