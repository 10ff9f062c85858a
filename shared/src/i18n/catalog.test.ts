import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { MISSIONS } from "../missions/catalog.ts";
import { missionTextKeys } from "../missions/mission.ts";
import { GOAL_FAILURES } from "../missions/run.ts";
import { MISCONCEPTIONS, type WrongPart } from "../referee/referee.ts";
import { TIMER_KINDS } from "../tcp/connection.ts";
import { SOCKET_ERRORS } from "../tcp/errors.ts";
import { RULES } from "../tcp/rules.ts";
import { TCP_STATES } from "../tcp/state.ts";
import {
  CATALOGS,
  type Catalog,
  interpolate,
  isLocale,
  LOCALES,
  MISSION_IDS,
  MISSION_POINTS,
  MISSION_TEXTS,
  pickLocale,
  placeholders,
  t,
} from "./catalog.ts";
import { en } from "./en.ts";
import * as index from "./index.ts";
import { zhCN } from "./zh-CN.ts";

const WRONG_PARTS = ["count", "flags", "seq", "ack", "len", "state"] as const satisfies readonly WrongPart[];
// Fails to type-check if WrongPart gains a member this list lacks.
const allParts: Exclude<WrongPart, (typeof WRONG_PARTS)[number]> extends never ? true : false = true;

const REQUIRED: string[] = [
  ...Object.keys(RULES).map((k) => `rule.${k}`),
  ...MISCONCEPTIONS.map((k) => `misconception.${k}`),
  ...TCP_STATES.map((s) => `state.${s}`),
  ...SOCKET_ERRORS.map((e) => `error.${e}`),
  ...TIMER_KINDS.map((k) => `timer.${k}`),
  ...WRONG_PARTS.map((p) => `part.${p}`),
  "mistake.move",
  "mistake.segment",
  ...MISSIONS.flatMap((m) => MISSION_TEXTS.map((k) => `mission.${m.id}.${k}`)),
  ...MISSIONS.flatMap((m) => MISSION_POINTS.map((k) => `mission.${m.id}.${k}`)),
  ...GOAL_FAILURES,
];

const CJK = /[\u4e00-\u9fff]/;

describe("catalogs", () => {
  it("cover every rule, misconception, state, error, timer and part in both locales", () => {
    assert.ok(allParts);
    assert.ok(Object.keys(RULES).length >= 50, "RULES looks empty");
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale];
      const missing = REQUIRED.filter((k) => !Object.hasOwn(catalog, k));
      assert.deepEqual(missing, [], `${locale} lacks keys`);
      for (const key of REQUIRED) {
        const text = catalog[key];
        assert.equal(typeof text, "string", `${locale} ${key}`);
        assert.ok((text as string).trim().length > 0, `${locale} ${key} is empty`);
        assert.equal(text, (text as string).trim(), `${locale} ${key} has stray whitespace`);
      }
    }
  });

  it("have exactly the same keys, and nothing beyond the required ones", () => {
    assert.deepEqual(Object.keys(zhCN).sort(), Object.keys(en).sort());
    assert.deepEqual(Object.keys(en).sort(), [...REQUIRED].sort());
  });

  it("use the same placeholders for each key in both locales", () => {
    for (const key of Object.keys(en)) {
      assert.deepEqual(placeholders(zhCN[key] as string), placeholders(en[key] as string), key);
    }
    assert.deepEqual(placeholders(en["mistake.segment"] as string), ["expected", "got", "n", "part"]);
  });

  it("keep stray braces out of the texts", () => {
    for (const locale of LOCALES) {
      for (const [key, text] of Object.entries(CATALOGS[locale])) {
        const rest = text.replace(/\{[A-Za-z_][A-Za-z0-9_]*\}/g, "");
        assert.ok(!/[{}]/.test(rest), `${locale} ${key}: unbalanced or malformed placeholder`);
      }
    }
  });

  it("are written in the right language", () => {
    for (const key of Object.keys(en)) {
      if (key.startsWith("mistake.")) continue; // placeholders and punctuation only
      assert.ok(!CJK.test(en[key] as string), `en ${key} contains Chinese`);
      assert.ok(CJK.test(zhCN[key] as string), `zh-CN ${key} has no Chinese`);
    }
  });

  it("put each state's English name first, in both locales", () => {
    for (const s of TCP_STATES) {
      assert.ok(en[`state.${s}`]?.startsWith(`${s} — `), `en state.${s}`);
      assert.ok(zhCN[`state.${s}`]?.startsWith(`${s}——`), `zh-CN state.${s}`);
    }
  });

  it("use the textbook Chinese terms", () => {
    const zh = Object.values(zhCN).join("\n");
    for (const term of [
      "三次握手",
      "四次挥手",
      "半关闭",
      "半打开",
      "同时打开",
      "同时关闭",
      "序号",
      "确认号",
    ]) {
      assert.ok(zh.includes(term), term);
    }
    for (const term of ["报文段", "重传", "超时重传", "保活", "挑战 ACK", "复位", "2MSL", "监听"]) {
      assert.ok(zh.includes(term), term);
    }
    assert.ok(zhCN["error.ECONNREFUSED"]?.startsWith("连接被拒绝"));
    assert.ok(zhCN["error.EADDRINUSE"]?.startsWith("地址已被使用"));
    assert.ok(zhCN["rule.rst.in_window.challenge_ack"]?.includes("挑战 ACK"));
    assert.ok(zhCN["timer.keepalive"]?.includes("保活"));
  });

  it("list exactly the missions of the campaign, in order", () => {
    assert.equal(MISSIONS.length, 12);
    assert.deepEqual(
      [...MISSIONS].sort((a, b) => a.order - b.order).map((m) => m.id),
      [...MISSION_IDS],
    );
  });

  it("give every mission three points it teaches in both locales, each a sentence or two", () => {
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale];
      for (const { id } of MISSIONS) {
        const points = MISSION_POINTS.map((k) => catalog[`mission.${id}.${k}`] as string);
        assert.equal(new Set(points).size, 3, `${locale} ${id}: three different points`);
        for (const [i, text] of points.entries()) {
          const where = `${locale} mission.${id}.point${i + 1}`;
          assert.equal(placeholders(text).length, 0, `${where} has placeholders`);
          assert.match(text, /[.。」”)）]$/, `${where} should end as a sentence does`);
          assert.ok(text.length <= 220, `${where} is ${text.length} characters long`);
        }
      }
    }
  });

  it("give every mission a title, a brief and a goal in both locales", () => {
    for (const locale of LOCALES) {
      const catalog = CATALOGS[locale];
      for (const { id } of MISSIONS) {
        const keys = missionTextKeys(id);
        assert.deepEqual(
          Object.values(keys),
          MISSION_TEXTS.map((k) => `mission.${id}.${k}`),
        );
        for (const key of Object.values(keys)) {
          const text = catalog[key];
          assert.equal(typeof text, "string", `${locale} lacks ${key}`);
          assert.ok((text as string).trim().length > 0, `${locale} ${key} is empty`);
          assert.equal(placeholders(text as string).length, 0, `${locale} ${key} has placeholders`);
        }
        const title = catalog[keys.title] as string;
        const brief = catalog[keys.brief] as string;
        assert.ok(title.length < brief.length, `${locale} ${id}: the title should be shorter than the brief`);
        assert.ok(!/[.。]$/.test(title), `${locale} ${keys.title} should not end with a full stop`);
      }
      for (const key of GOAL_FAILURES) {
        assert.equal(typeof catalog[key], "string", `${locale} lacks ${key}`);
        assert.equal(placeholders(catalog[key] as string).length, 0, `${locale} ${key} has placeholders`);
      }
    }
  });

  it("use the textbook Chinese terms in the missions", () => {
    const has = (key: string, ...terms: string[]) => {
      for (const term of terms) assert.ok(zhCN[key]?.includes(term), `zh-CN ${key}: ${term}`);
    };
    has("mission.handshake-client.title", "三次握手");
    has("mission.handshake-server.title", "三次握手");
    has("mission.active-close.brief", "四次挥手", "TIME_WAIT");
    has("mission.simultaneous-close.title", "同时关闭");
    has("mission.lost-syn.brief", "超时重传");
    has("mission.data-lost-segment.brief", "超时重传");
    has("mission.lost-final-ack.brief", "超时重传", "LAST_ACK", "TIME_WAIT");
    has("mission.connection-refused.title", "连接被拒绝");
    has("mission.server-restart.goal", "地址已被使用", "SO_REUSEADDR", "EADDRINUSE");
    has("mission.server-restart.brief", "SO_REUSEADDR", "TIME_WAIT");
  });

  it("are re-exported by the index", () => {
    assert.equal(index.en, en);
    assert.equal(index.zhCN, zhCN);
    assert.equal(index.t, t);
    assert.equal(index.pickLocale, pickLocale);
  });
});

describe("t", () => {
  it("looks up the text for the locale", () => {
    assert.equal(t("en", "part.seq"), "sequence number");
    assert.equal(t("zh-CN", "part.seq"), "序号");
    assert.equal(t("en", "rule.syn_received.dup_syn.syn_ack"), en["rule.syn_received.dup_syn.syn_ack"]);
  });

  it("interpolates {name} placeholders, repeatedly and with numbers", () => {
    assert.equal(
      t("en", "mistake.segment", { n: 2, part: t("en", "part.ack"), expected: 1001, got: 1000 }),
      "Segment 2, acknowledgment number: expected 1001, got 1000",
    );
    assert.equal(
      t("zh-CN", "mistake.move", { part: t("zh-CN", "part.state"), expected: "TIME_WAIT", got: "CLOSED" }),
      "状态：应为 TIME_WAIT，实际为 CLOSED",
    );
    assert.equal(interpolate("{a}+{a}={b}", { a: 1, b: 2 }), "1+1=2");
    assert.equal(interpolate("{a} {b}", { a: 0 }), "0 {b}", "a placeholder without a value stays");
    assert.equal(interpolate("{a}", { a: "{b}", b: "x" }), "{b}", "values are not interpolated again");
    assert.equal(interpolate("{toString}", {}), "{toString}", "inherited properties are not values");
    assert.equal(interpolate("no placeholders", { a: 1 }), "no placeholders");
  });

  it("returns the key itself for a missing key, and never throws", () => {
    assert.equal(t("en", "rule.no.such.rule"), "rule.no.such.rule");
    assert.equal(t("zh-CN", "no.such.key", { x: 1 }), "no.such.key");
    assert.equal(t("en", ""), "");
    for (const key of ["toString", "constructor", "__proto__", "hasOwnProperty"]) {
      assert.equal(t("en", key), key);
    }
    // A locale that slipped past the types falls back to English.
    assert.equal(t("fr" as never, "part.seq"), "sequence number");
  });

  it("falls back to English for a key only English has", () => {
    const catalog: Catalog = en;
    catalog["test.only_en"] = "only {x}";
    try {
      assert.equal(t("zh-CN", "test.only_en", { x: "here" }), "only here");
    } finally {
      delete catalog["test.only_en"];
    }
  });
});

describe("isLocale", () => {
  it("accepts exactly the locales", () => {
    for (const l of LOCALES) assert.ok(isLocale(l));
    for (const x of ["zh", "zh-cn", "EN", "fr", "", null, 1]) assert.ok(!isLocale(x), String(x));
  });
});

describe("pickLocale", () => {
  const cases: Array<[string[], "zh-CN" | "en"]> = [
    [["zh"], "zh-CN"],
    [["zh-CN"], "zh-CN"],
    [["zh-cn"], "zh-CN"],
    [["zh_CN"], "zh-CN"],
    [["zh-Hans"], "zh-CN"],
    [["zh-Hans-CN"], "zh-CN"],
    [["zh-Hans-HK"], "zh-CN"],
    [["zh-SG"], "zh-CN"],
    [["zh-MY"], "zh-CN"],
    [["zh-CHS"], "zh-CN"],
    [["zh-TW"], "en"],
    [["zh-HK"], "en"],
    [["zh-Hant"], "en"],
    [["zh-Hant-CN"], "en"],
    [["zh-CHT"], "en"],
    [["en"], "en"],
    [["en-US", "zh-CN"], "en"],
    [["fr-FR", "zh-CN", "en"], "zh-CN"],
    [["fr-FR", "de"], "en"],
    [["zh-TW", "zh-CN"], "zh-CN"],
    [["zh-TW", "en", "zh-CN"], "en"],
    [[], "en"],
    [["", "*"], "en"],
    [["en;q=0.5", "zh-CN;q=0.9"], "zh-CN"],
    [["zh-CN,zh;q=0.9,en;q=0.8"], "zh-CN"],
    [["en-GB,en;q=0.9,zh-CN;q=0.8"], "en"],
    [["zh-CN;q=0", "en"], "en"],
    [["zh;q=garbage", "en"], "en"],
  ];
  for (const [tags, want] of cases) {
    it(`${JSON.stringify(tags)} → ${want}`, () => assert.equal(pickLocale(tags), want));
  }

  it("never throws on odd input", () => {
    assert.equal(pickLocale([null, 3, undefined] as unknown as string[]), "en");
  });
});
