import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { LINUX_DEFAULTS, tcpConfig, withKeepalive } from "./config.ts";

describe("tcp config", () => {
  it("applies overrides to Linux's defaults, keepalive field by field", () => {
    const c = tcpConfig({ mslMs: 500, keepalive: { enabled: true } as never });
    assert.equal(c.mslMs, 500);
    assert.equal(c.rtoInitialMs, LINUX_DEFAULTS.rtoInitialMs);
    assert.deepEqual(c.keepalive, { ...LINUX_DEFAULTS.keepalive, enabled: true });
    assert.deepEqual(tcpConfig(), LINUX_DEFAULTS);
  });

  it("one overrides object gives one frozen config, shared by every host made from it", () => {
    const overrides = { mslMs: 500 };
    const c = tcpConfig(overrides);
    assert.equal(tcpConfig(overrides), c);
    assert.equal(tcpConfig(), tcpConfig(), "no overrides: one config too");
    assert.ok(Object.isFrozen(c) && Object.isFrozen(c.keepalive));
    assert.notEqual(tcpConfig({ mslMs: 500 }), c, "another object is another config");
  });

  it("withKeepalive: the config itself when it already agrees, else one shared variant", () => {
    const c = tcpConfig({ mslMs: 500 });
    assert.equal(withKeepalive(c, false), c);
    const on = withKeepalive(c, true);
    assert.equal(on.keepalive.enabled, true);
    assert.equal(on.mslMs, 500);
    assert.equal(withKeepalive(c, true), on);
    assert.equal(withKeepalive(on, false), withKeepalive(on, false));
    assert.ok(Object.isFrozen(on) && Object.isFrozen(on.keepalive));
  });
});
