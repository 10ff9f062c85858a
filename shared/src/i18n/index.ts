// Engine-facing texts in Simplified Chinese and English.
export * from "./catalog.ts";
export { en } from "./en.ts";
export { zhCN } from "./zh-CN.ts";
