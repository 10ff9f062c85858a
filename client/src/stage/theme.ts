// Colours, fonts and flag cues for the stage. Every palette is colour-blind safe (Okabe–Ito), and
// colour never carries meaning alone: each flag also has a shape and its letter, each side its
// letter (C / S), each fate its own outline (dashed, double, ✕). Flags: SYN sky-blue triangle, ACK green
// circle, FIN yellow square, RST vermillion octagon, PSH purple diamond. Sides: client orange
// "C", server blue "S". The highlight is white, so it never reads as a flag or a side.

import type { Palette, Role } from "./model.ts";

/** Okabe & Ito (2008), "Color Universal Design": distinguishable under all common colour-vision types. */
export const OKABE_ITO = {
  black: 0x000000,
  orange: 0xe69f00,
  skyBlue: 0x56b4e9,
  bluishGreen: 0x009e73,
  yellow: 0xf0e442,
  blue: 0x0072b2,
  vermillion: 0xd55e00,
  reddishPurple: 0xcc79a7,
} as const;

export type FlagLetter = "S" | "F" | "R" | "P" | "A";
export type FlagShape = "triangle" | "square" | "octagon" | "diamond" | "circle";

export interface FlagStyle {
  letter: FlagLetter;
  name: string;
  color: number;
  shape: FlagShape;
}

/** Precedence for a segment's main colour: the most "eventful" flag wins. */
export const FLAG_ORDER: readonly FlagLetter[] = ["R", "S", "F", "P", "A"];

export interface Theme {
  bg: number;
  panel: number;
  panelEdge: number;
  grid: number;
  text: string;
  textDim: string;
  textNum: number;
  dim: number;
  packetBg: string;
  packetBgNum: number;
  lost: number;
  lostCss: string;
  highlight: number;
  highlightCss: string;
  role: Record<Role, number>;
  roleCss: Record<Role, string>;
  flags: Record<FlagLetter, FlagStyle>;
  /** Draw the flag letter inside each flag shape too (extra cue for the colour-blind palette). */
  lettersInShapes: boolean;
  /** Line width of outlines that carry meaning. */
  cueWidth: number;
}

export const FONT_MONO =
  '"DejaVu Sans Mono", "Cascadia Mono", Menlo, Consolas, "Noto Sans Mono CJK SC", monospace';
export const FONT_UI =
  'system-ui, "Segoe UI", "Noto Sans", "DejaVu Sans", "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif';

export const css = (c: number): string => `#${c.toString(16).padStart(6, "0")}`;

function flags(): Record<FlagLetter, FlagStyle> {
  return {
    S: { letter: "S", name: "SYN", color: OKABE_ITO.skyBlue, shape: "triangle" },
    A: { letter: "A", name: "ACK", color: OKABE_ITO.bluishGreen, shape: "circle" },
    F: { letter: "F", name: "FIN", color: OKABE_ITO.yellow, shape: "square" },
    R: { letter: "R", name: "RST", color: OKABE_ITO.vermillion, shape: "octagon" },
    P: { letter: "P", name: "PSH", color: OKABE_ITO.reddishPurple, shape: "diamond" },
  };
}

export function makeTheme(palette: Palette): Theme {
  const role: Record<Role, number> = { client: OKABE_ITO.orange, server: OKABE_ITO.blue };
  // Both palettes use Okabe–Ito; "colorblind" adds letters inside the flag shapes and bolder cues.
  const cb = palette === "colorblind";
  return {
    bg: 0x0f1420,
    panel: 0x161d2c,
    panelEdge: 0x2a3550,
    grid: 0x222b3f,
    text: "#e8ecf4",
    textDim: "#9aa6bf",
    textNum: 0xe8ecf4,
    dim: 0x5b6781,
    packetBg: "#1d2638",
    packetBgNum: 0x1d2638,
    lost: OKABE_ITO.vermillion,
    lostCss: css(OKABE_ITO.vermillion),
    highlight: 0xffffff,
    highlightCss: "#ffffff",
    role,
    roleCss: { client: css(role.client), server: css(role.server) },
    flags: flags(),
    lettersInShapes: cb,
    cueWidth: cb ? 3 : 2,
  };
}

export function flagStyles(theme: Theme, letters: string): FlagStyle[] {
  const out: FlagStyle[] = [];
  for (const l of FLAG_ORDER) if (letters.includes(l)) out.push(theme.flags[l]);
  return out;
}

/** The colour of a segment: its most eventful flag, or dim grey for no flags. */
export function mainFlagColor(theme: Theme, letters: string): number {
  for (const l of FLAG_ORDER) if (letters.includes(l)) return theme.flags[l].color;
  return theme.dim;
}
