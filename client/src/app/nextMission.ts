// The campaign goes on: after a won mission, a button that starts the next one against the bot,
// with the same options and the next mission's own side.

import type { Ctx } from "./context.ts";
import { h } from "./dom.ts";
import { missionInfo, missionTitle, nextMission } from "./missions.ts";
import type { MatchChoice } from "./storage.ts";

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
      onclick: () =>
        ctx.go("match", {
          kind: "create",
          choice: { ...choice, missionId: next, role: missionInfo(next).defaultRole },
          opponent: "bot",
        }),
    },
    ctx.tr.ui("result.next", { mission: missionTitle(ctx.tr, next) }),
  );
}
