// The stage's view picker: all three regions, or one of them filling the canvas. Radios, so
// the arrow keys move between views; the choice is a setting, kept for the next match.

import { STAGE_VIEWS, type StageView } from "../stage/model.ts";
import type { Ctx } from "./context.ts";
import { h, uid } from "./dom.ts";

/** Narrower than this, the whole stage is too small to read (zoom under 0.3): the ladder instead. */
const NARROW = "(max-width: 700px)";

/**
 * The view the stage shows: the player's pick; before any, the whole stage, or on a phone the
 * ladder alone (it fills the screen's width; the whole stage, drawn as large, scrolls sideways).
 */
export function stageViewOf(ctx: Ctx): StageView {
  if (ctx.settings.stageView) return ctx.settings.stageView;
  return typeof matchMedia === "function" && matchMedia(NARROW).matches ? "ladder" : "all";
}

/** The picker; a pick is saved in the settings, then `redraw` draws the stage in the new view. */
export function stageViewPicker(ctx: Ctx, redraw: () => void): HTMLElement {
  const tr = ctx.tr;
  const name = uid("stage-view");
  const labelId = `${name}-label`;
  return h(
    "div",
    { class: "stage-views", role: "radiogroup", "aria-labelledby": labelId },
    h("span", { class: "stage-views-label", id: labelId }, tr.ui("stageView.label")),
    STAGE_VIEWS.map((view) =>
      h(
        "label",
        { class: "chip small" },
        h("input", {
          type: "radio",
          name,
          value: view,
          checked: view === stageViewOf(ctx),
          onchange: () => {
            ctx.settings.stageView = view;
            ctx.saveSettings();
            redraw();
          },
        }),
        tr.ui(`stageView.${view}`),
      ),
    ),
    h("span", { class: "stage-views-swipe" }, tr.ui("stageView.swipe")),
  );
}

/** The V key: the next view, picked in `picker` as a click would (saved, then drawn). */
export function pickNextStageView(ctx: Ctx, picker: ParentNode): void {
  const next = STAGE_VIEWS[(STAGE_VIEWS.indexOf(stageViewOf(ctx)) + 1) % STAGE_VIEWS.length];
  picker.querySelector<HTMLInputElement>(`.stage-views input[value="${next}"]`)?.click();
}
