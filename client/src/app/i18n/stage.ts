// The stage's canvas texts (client/src/stage/labels.ts) in one locale, from the UI catalogs'
// "stage." keys. One frozen object per locale, so the stage sees a new object (and re-renders
// its texts) only when the language changes.

import { STAGE_LABEL_KEYS, type StageLabelKey, type StageLabels } from "../../stage/labels.ts";
import { en } from "./en.ts";
import { type Locale, ui } from "./index.ts";

type StageUiKey = `stage.${StageLabelKey}`;
// Compile-time check: every stage text has its key in the catalogs.
const _everyKeyInCatalog: Readonly<Record<StageUiKey, string>> = en;
void _everyKeyInCatalog;

const cache = new Map<Locale, Readonly<StageLabels>>();

export function stageLabels(locale: Locale): Readonly<StageLabels> {
  let labels = cache.get(locale);
  if (!labels) {
    const out = {} as StageLabels;
    for (const key of STAGE_LABEL_KEYS) out[key] = ui(locale, `stage.${key}` satisfies StageUiKey);
    labels = Object.freeze(out);
    cache.set(locale, labels);
  }
  return labels;
}
