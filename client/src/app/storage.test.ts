import assert from "node:assert/strict";
import { afterEach, describe, it } from "node:test";
import { loadSettings } from "./storage.ts";

/** A localStorage holding these settings, for the length of a test. */
function withSettings(value: unknown): void {
  const items = new Map([["tango.settings", JSON.stringify(value)]]);
  (globalThis as { localStorage?: Pick<Storage, "getItem"> }).localStorage = {
    getItem: (k: string) => items.get(k) ?? null,
  };
}

describe("settings kept in the browser", () => {
  afterEach(() => {
    delete (globalThis as { localStorage?: unknown }).localStorage;
  });

  it("keep the stage view the player picked", () => {
    withSettings({ stageView: "diagram" });
    assert.equal(loadSettings().stageView, "diagram");
  });

  it("have no stage view before a pick, or for a value this version does not know", () => {
    withSettings({});
    assert.equal(loadSettings().stageView, null);
    withSettings({ stageView: "wire" });
    assert.equal(loadSettings().stageView, null);
  });

  it("fall back to their defaults without storage", () => {
    assert.deepEqual(loadSettings(), {
      locale: null,
      reducedMotion: null,
      palette: "default",
      stageView: null,
      nickname: "",
    });
  });
});
