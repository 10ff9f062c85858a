// @tcp-tango/shared: the engine, the match world, the referee, missions and texts. Pure: no I/O.
export * from "./host/host.ts";
export * from "./i18n/index.ts";
export * from "./net/index.ts";
export * from "./referee/referee.ts";
export * from "./sim/world.ts";
export * from "./tcp/config.ts";
export * from "./tcp/connection.ts";
export * from "./tcp/errors.ts";
export * from "./tcp/rules.ts";
export * from "./tcp/segment.ts";
export * from "./tcp/seq.ts";
export * from "./tcp/state.ts";
