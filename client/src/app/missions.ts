// Mission facts the menus need (default role, level), from the shared catalog. The catalog only
// imports types, so this pulls no zod into the bundle.

import { MISSION_POINTS, type MissionPoint } from "@tcp-tango/shared/i18n/catalog.ts";
import { MISSIONS } from "@tcp-tango/shared/missions/catalog.ts";
import { type Role, roleName } from "./format.ts";
import type { Tr } from "./i18n/index.ts";

export interface MissionInfo {
  id: string;
  defaultRole: Role;
  level: number | null;
  order: number;
}

const BY_ID = new Map(MISSIONS.map((m) => [m.id, m]));

export function missionInfo(id: string): MissionInfo {
  const m = BY_ID.get(id);
  return {
    id,
    defaultRole: m?.defaultRole === "server" ? "server" : "client",
    level: m?.difficulty ?? null,
    order: m?.order ?? 1000,
  };
}

/**
 * Whether the match screen shows the Application panel: in missions without a script (free
 * play), where the players make the application calls themselves.
 */
export function takesAppCalls(id: string): boolean {
  return BY_ID.get(id)?.cues.length === 0;
}

/** The server's list in campaign order (unknown ids last, as given). */
export function sortMissions(ids: readonly string[]): string[] {
  return [...ids].sort((a, b) => missionInfo(a).order - missionInfo(b).order);
}

/** The mission after this one in the campaign, or null after the last (or for an unknown id). */
export function nextMission(id: string): string | null {
  if (!BY_ID.has(id)) return null;
  const order = sortMissions(MISSIONS.map((m) => m.id));
  return order[order.indexOf(id) + 1] ?? null;
}

/** A mission's texts speak to its usual side: a note for a player on the other one, else null. */
export function otherSideNote(tr: Tr, id: string, role: Role): string | null {
  const written = missionInfo(id).defaultRole;
  return role === written
    ? null
    : tr.ui("match.otherSide", { written: roleName(tr, written), role: roleName(tr, role) });
}

export function missionTitle(tr: Tr, id: string): string {
  const key = `mission.${id}.title`;
  const text = tr.game(key);
  return text === key ? id : text;
}

/** What a mission teaches, in points (none for a mission without them). */
export function missionPoints(tr: Tr, id: string): string[] {
  return MISSION_POINTS.map((k) => missionText(tr, id, k)).filter((t) => t !== "");
}

export function missionText(tr: Tr, id: string, part: "brief" | "goal" | MissionPoint): string {
  const key = `mission.${id}.${part}`;
  const text = tr.game(key);
  return text === key ? "" : text;
}
