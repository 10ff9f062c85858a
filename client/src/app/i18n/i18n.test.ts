import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { placeholders } from "@tcp-tango/shared/i18n/catalog.ts";
import { EN_STAGE_LABELS, STAGE_LABEL_KEYS } from "../../stage/labels.ts";
import { en } from "./en.ts";
import { ui } from "./index.ts";
import { stageLabels } from "./stage.ts";
import { zhCN } from "./zh-CN.ts";

describe("UI texts", () => {
  it("en and zh-CN have the same keys", () => {
    assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
  });
  it("each text has the same placeholders in both languages", () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      assert.deepEqual(placeholders(zhCN[key]), placeholders(en[key]), key);
    }
  });
  it("no text is empty", () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(zhCN)]) assert.ok(text.trim(), key);
  });
  it("Chinese texts use the textbook terms", () => {
    assert.match(zhCN["title.soloDesc"], /三次握手/);
    assert.match(zhCN["title.soloDesc"], /四次挥手/);
    assert.match(zhCN["picker.candidates"], /报文段/);
    assert.match(zhCN["picker.seqLabel"], /序号/);
    assert.match(zhCN["picker.ackLabel"], /确认号/);
  });
  it("fills placeholders", () => {
    assert.equal(ui("en", "solo.best", { score: 20 }), "best 20");
    assert.equal(ui("zh-CN", "solo.best", { score: 20 }), "最高 20 分");
  });
  it("the stage's canvas texts come from the catalogs, the English ones equal the stage's default", () => {
    const stageKeys = Object.keys(en).filter((k) => k.startsWith("stage."));
    assert.deepEqual(stageKeys.sort(), STAGE_LABEL_KEYS.map((k) => `stage.${k}`).sort());
    assert.deepEqual(stageLabels("en"), EN_STAGE_LABELS);
    assert.equal(stageLabels("zh-CN"), stageLabels("zh-CN"), "one object per locale");
    const zh = stageLabels("zh-CN");
    assert.match(zh.diagramTitle, /状态图.*RFC 9293 图 5/);
    assert.equal(zh.ladderTitle, "时序图");
    assert.equal(zh.edgeRcvSyn, "收到 SYN / 发送 SYN,ACK");
    assert.equal(zh.edgeTimeout, "2MSL 超时");
  });
});
