// The match options both menus share: difficulty, mode, role, guess-the-state play, the time
// limit per decision; and, against the bot, how often it makes a known mistake.

import { BOT_MISTAKES, TIME_LIMITS } from "../choice.ts";
import { h } from "../dom.ts";
import type { Tr, UiKey } from "../i18n/index.ts";
import type { MatchChoice } from "../storage.ts";

type Key = "difficulty" | "mode" | "role" | "botMistakes" | "timeLimit";

/** One option: its input, then its name and what it does. */
function option(input: HTMLInputElement, label: string, desc: string): HTMLLabelElement {
  return h(
    "label",
    { class: "option", for: input.id },
    input,
    h("span", { class: "option-text" }, h("strong", null, label), h("span", { class: "hint" }, desc)),
  );
}

function group<K extends Key>(
  tr: Tr,
  prefix: string,
  key: K,
  legend: UiKey,
  values: readonly { value: MatchChoice[K]; label: string; desc: string }[],
  choice: MatchChoice,
  onChange: () => void,
): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "options-group" },
    h("legend", null, tr.ui(legend)),
    values.map((v) => {
      const radio = h("input", {
        id: `${prefix}-${key}-${v.value}`,
        type: "radio",
        name: `${prefix}-${key}`,
        value: v.value,
        checked: choice[key] === v.value,
        onchange: () => {
          choice[key] = v.value;
          onChange();
        },
      });
      return option(radio, v.label, v.desc);
    }),
  );
}

/** One checkbox, styled as the radio options beside it. */
function checkbox(
  id: string,
  checked: boolean,
  label: string,
  desc: string,
  onToggle: (on: boolean) => void,
): HTMLLabelElement {
  const box = h("input", {
    id,
    type: "checkbox",
    checked,
    onchange: (e: Event) => onToggle((e.target as HTMLInputElement).checked),
  });
  return option(box, label, desc);
}

/** Guess-the-state play: one checkbox in its own group. */
function guessField(tr: Tr, prefix: string, choice: MatchChoice, onChange: () => void): HTMLFieldSetElement {
  return h(
    "fieldset",
    { class: "options-group" },
    h("legend", null, tr.ui("opt.guessLegend")),
    checkbox(`${prefix}-guess-state`, choice.guessState, tr.ui("opt.guess"), tr.ui("opt.guessDesc"), (on) => {
      choice.guessState = on;
      onChange();
    }),
  );
}

/** The bot (a match against it): how often it errs, and whether it thinks before answering. */
function botField(tr: Tr, prefix: string, choice: MatchChoice, onChange: () => void): HTMLFieldSetElement {
  const field = group(
    tr,
    prefix,
    "botMistakes",
    "opt.botLegend",
    BOT_MISTAKES.map((v) => ({ value: v, label: tr.ui(`opt.bot.${v}`), desc: tr.ui(`opt.bot.${v}Desc`) })),
    choice,
    onChange,
  );
  field.append(
    checkbox(
      `${prefix}-bot-thinks`,
      choice.botThinks,
      tr.ui("opt.botThinks"),
      tr.ui("opt.botThinksDesc"),
      (on) => {
        choice.botThinks = on;
        onChange();
      },
    ),
  );
  return field;
}

export function optionFields(
  tr: Tr,
  prefix: string,
  choice: MatchChoice,
  onChange: () => void,
  { bot }: { bot: boolean },
): HTMLElement[] {
  return [
    group(
      tr,
      prefix,
      "difficulty",
      "opt.difficulty",
      [
        { value: "pick", label: tr.ui("opt.pick"), desc: tr.ui("opt.pickDesc") },
        { value: "flags", label: tr.ui("opt.flags"), desc: tr.ui("opt.flagsDesc") },
        { value: "full", label: tr.ui("opt.full"), desc: tr.ui("opt.fullDesc") },
      ],
      choice,
      onChange,
    ),
    group(
      tr,
      prefix,
      "mode",
      "opt.mode",
      [
        { value: "coach", label: tr.ui("opt.coach"), desc: tr.ui("opt.coachDesc") },
        { value: "consequence", label: tr.ui("opt.consequence"), desc: tr.ui("opt.consequenceDesc") },
      ],
      choice,
      onChange,
    ),
    guessField(tr, prefix, choice, onChange),
    group(
      tr,
      prefix,
      "role",
      "opt.role",
      [
        { value: "client", label: tr.ui("role.Client"), desc: tr.ui("opt.clientDesc") },
        { value: "server", label: tr.ui("role.Server"), desc: tr.ui("opt.serverDesc") },
      ],
      choice,
      onChange,
    ),
    group(
      tr,
      prefix,
      "timeLimit",
      "opt.timeLimit",
      TIME_LIMITS.map((v) => ({ value: v, label: tr.ui(`opt.time.${v}`), desc: tr.ui(`opt.time.${v}Desc`) })),
      choice,
      onChange,
    ),
    ...(bot ? [botField(tr, prefix, choice, onChange)] : []),
  ];
}
