// The campaign goes on: after a won mission, a button that starts the next one against the bot,
// with the same options and the next mission's own side.

import type { Ctx } from "./context.ts";
import { h } from "./dom.ts";
import { missionInfo, missionTitle, nextMission } from "./missions.ts";
import { type MatchChoice, saveChoice } from "./storage.ts";

/** The button, or null after the campaign's last mission. */
export function nextMissionButton(
  ctx: Ctx,
  choice: MatchChoice,
  opts: { primary: boolean },
): HTMLButtonElement | null {
  const next = nextMission(choice.missionId);
  if (!next) return null;
  return h(
    "button",
    {
      id: "next-mission",
      type: "button",
      class: opts.primary ? "primary" : undefined,
      onclick: () => {
        const nextChoice = { ...choice, missionId: next, role: missionInfo(next).defaultRole };
        // Remembered as a pick in the setup would be: 'Choose another mission' opens on it.
        saveChoice(nextChoice);
        ctx.go("match", { kind: "create", choice: nextChoice, opponent: "bot" });
      },
    },
    ctx.tr.ui("result.next", { mission: missionTitle(ctx.tr, next) }),
  );
}
