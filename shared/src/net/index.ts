// The network layer: seeded randomness, virtual-time scheduling, and the lossy link.
export * from "./network.ts";
export * from "./prng.ts";
export * from "./scheduler.ts";
