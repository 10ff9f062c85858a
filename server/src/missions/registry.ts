// Missions the server offers: the shared catalog, plus the built-in sandbox mission that tests and
// load tools create by id.

import { MISSIONS } from "@tcp-tango/shared/missions/catalog.ts";
import { MissionRun } from "@tcp-tango/shared/missions/run.ts";
import type { MissionEntry, MissionRunLike } from "./contract.ts";
import { SANDBOX } from "./sandbox.ts";

const entries = new Map<string, MissionEntry>();
for (const m of MISSIONS) {
  entries.set(m.id, { mission: m, create: (opts): MissionRunLike => new MissionRun(m, opts) });
}
entries.set(SANDBOX.mission.id, SANDBOX);

export function findMission(id: string): MissionEntry | undefined {
  return entries.get(id);
}

/** Every mission a match can be created with: the catalog's, then the sandbox. */
export function missionIds(): string[] {
  return [...entries.keys()];
}

/**
 * The missions players are offered (GET /api/missions): the catalog's, in its order. The sandbox
 * is for tests and load tools, which create it by id; it has no texts of its own, so a menu would
 * show its bare id.
 */
export function offeredMissionIds(): string[] {
  return MISSIONS.map((m) => m.id);
}
