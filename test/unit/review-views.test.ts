/**
 * What the review screens make of the data: cards stay within Telegram's length limit, the tally
 * is cut into messages that fit, typed nudge lead times are read in English and Russian.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { CardData } from "../../src/bot/features/reviews/card-data.js";
import { renderCard } from "../../src/bot/features/reviews/card-render.js";
import { parseLeads } from "../../src/bot/features/rounds/flows.js";
import { chunk } from "../../src/bot/features/rounds/tally-view.js";
import { createTranslations, type Translate } from "../../src/bot/i18n.js";
import { DEFAULT_NUDGE_LEADS_MS, nudgeLeads } from "../../src/domain/reviews/rounds.js";

let t: Translate;
beforeAll(async () => {
  t = (await createTranslations("en")).forLanguage("en");
});

const card: CardData = {
  roundId: 1,
  itemId: 8,
  ordinal: 8,
  total: 9,
  title: "T".repeat(300),
  label: "7b",
  letter: "b",
  lead: "Recommend holding the Second Ministerial Conference <in Kazakhstan> & more ".repeat(60),
  text: "Formally launch the Almaty Process",
  kind: "state",
  stateName: "Kazakhstan",
  position: null,
  readOnly: false,
  deadline: "December 25, 2026 at 18:00 (Asia/Almaty, UTC+5)",
  zone: "Asia/Almaty",
  shownInOther: null,
  switchTo: [],
};

describe("review card", () => {
  it("fits an over-long lead under Telegram's limit, keeping the sub-item whole and escaping HTML", () => {
    const { text, keyboard } = renderCard(t, card);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toContain("Item 8 of 9 · <b>Recommendation 7b</b>");
    expect(text).toContain("<b>b)</b> Formally launch the Almaty Process");
    expect(text).toContain("&lt;in Kazakhstan&gt; &amp; more");
    expect(text).toContain("…");
    const labels = keyboard.inline_keyboard.flat().map((b) => b.text);
    expect(labels).toEqual([
      "✅ Support",
      "❌ Object",
      "⚪ Abstain",
      "💬 Comment or amend",
      "◀ Back",
      "Skip ▶",
    ]);
  });

  it("a read-only card keeps only the moves and says the round is closed", () => {
    const { text, keyboard } = renderCard(t, {
      ...card,
      lead: null,
      letter: null,
      ordinal: 9,
      readOnly: true,
    });
    expect(text).toMatch(/This round is closed/);
    expect(keyboard.inline_keyboard.flat().map((b) => b.text)).toEqual(["◀ Back", "Summary ▶"]);
  });
});

describe("tally messages", () => {
  it("packs blocks under the limit and splits a block too long for one message by lines", () => {
    const long = Array.from({ length: 5 }, (_, i) => `${i}: ${"x".repeat(1500)}`).join("\n");
    const messages = chunk(["head", "a".repeat(3000), long]);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(3800);
    expect(messages.join("")).toContain("4: x");
    expect(messages[0]).toBe(`head\n\n${"a".repeat(3000)}`);
    expect(messages.length).toBeGreaterThan(2);
  });
});

describe("nudge lead times", () => {
  it("reads days and hours in English and Russian, and refuses anything else", () => {
    expect(parseLeads("3d, 1d")).toEqual([72 * 3_600_000, 24 * 3_600_000]);
    expect(parseLeads("48h 6h")).toEqual([48 * 3_600_000, 6 * 3_600_000]);
    expect(parseLeads("3 дня; 12 ч")).toEqual([72 * 3_600_000, 12 * 3_600_000]);
    expect(parseLeads("soon")).toBeUndefined();
    expect(parseLeads("")).toBeUndefined();
  });

  it("a new round nudges 3 days and 1 day before its deadline", () => {
    expect(nudgeLeads({ nudge_leads: "[259200000,86400000]" })).toEqual([...DEFAULT_NUDGE_LEADS_MS]);
    expect(nudgeLeads({ nudge_leads: "not json" })).toEqual([]);
  });
});
