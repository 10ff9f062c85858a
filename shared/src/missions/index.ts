// Missions: the campaign's lessons, their schema, and the runner that plays one.
export * from "./catalog.ts";
export * from "./mission.ts";
export * from "./run.ts";
