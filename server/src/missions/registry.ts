// Missions the server offers: the shared catalog (when shared/src/missions exists) plus the
// built-in sandbox mission. The catalog is loaded with a computed specifier so the server
// starts, and type-checks, while the catalog is still being written.

import type { MissionEntry, MissionLike, MissionRunLike, MissionRunOptions } from "./contract.ts";
import { SANDBOX } from "./sandbox.ts";

type RunCtor = new (mission: MissionLike, opts: MissionRunOptions) => MissionRunLike;

const entries = new Map<string, MissionEntry>();

async function loadCatalog(): Promise<string | undefined> {
  const base = "@tcp-tango/shared/missions/";
  try {
    const catalog = (await import(`${base}catalog.ts`)) as { MISSIONS: MissionLike[] };
    const run = (await import(`${base}run.ts`)) as { MissionRun: RunCtor };
    for (const m of catalog.MISSIONS) {
      entries.set(m.id, { mission: m, create: (opts) => new run.MissionRun(m, opts) });
    }
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Why the shared catalog could not be loaded (undefined when it was). */
export const catalogProblem = await loadCatalog();
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
 * show its bare id. It is offered only when the catalog did not load, so the server offers a game.
 */
export function offeredMissionIds(): string[] {
  const ids = missionIds().filter((id) => id !== SANDBOX.mission.id);
  return ids.length ? ids : [SANDBOX.mission.id];
}
