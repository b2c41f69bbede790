/**
 * The tally in words: its details are split into messages between items, never inside one; an item
 * too long for a message has its texts shortened, and only an item that holds more than a message
 * even so goes on in a message headed "(continued)". A closed round says "No consensus", not "yet";
 * the caption under the picture fits Telegram's 1,024 characters.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { tallyCaption, tallyMessages } from "../../src/bot/features/rounds/tally-view.js";
import { createTranslations, type Translate } from "../../src/bot/i18n.js";
import type { Db } from "../../src/db/database.js";
import type { Person } from "../../src/domain/people/people.js";
import { closeRoundEarly } from "../../src/domain/reviews/lifecycle.js";
import { addComment, recordPosition } from "../../src/domain/reviews/positions.js";
import { readRoundRecord } from "../../src/domain/reviews/record.js";
import { type CardView, listCards } from "../../src/domain/reviews/rounds.js";
import { joinPerson, openFoundingRoundTo } from "../support/documents-data.js";
import { testDatabase } from "../support/test-db.js";

const NOW = Date.parse("2026-12-02T05:00:00Z");
const MINUTE = 60_000;

let t: Translate;
let db: Db;
let roundId: number;
let items: CardView[];
let secretariat: Person;
let kz: Person;
let kg: Person;

beforeAll(async () => {
  t = (await createTranslations("en")).forLanguage("en");
});

beforeEach(async () => {
  db = (await testDatabase()).db;
  secretariat = await joinPerson(db, "secretariat", {}, NOW);
  roundId = await openFoundingRoundTo(db, secretariat, ["KZ", "KG"], NOW);
  items = await listCards(db, roundId, "en");
  kz = await joinPerson(db, "coordinator", { state: "KZ", name: "Aigerim" }, NOW);
  kg = await joinPerson(db, "coordinator", { state: "KG", name: "Bakyt" }, NOW);
});

function item(index: number): CardView {
  const found = items[index];
  if (!found) throw new Error(`no item ${index}`);
  return found;
}

/** Every item's heading (or continuation) and the message it is in. */
function placeOfItems(messages: readonly string[]): Map<string, number[]> {
  const places = new Map<string, number[]>();
  messages.forEach((m, i) => {
    for (const match of m.matchAll(/<b>Item (\w+)<\/b>/g)) {
      const label = match[1] ?? "";
      places.set(label, [...(places.get(label) ?? []), i]);
    }
  });
  return places;
}

describe("the tally's details", () => {
  it("fit in one message while they can, each under Telegram's limit", async () => {
    for (const [i, card] of items.entries())
      await recordPosition(db, kz, { roundId, itemId: card.id, position: "support" }, NOW + i * MINUTE);
    const messages = await tallyMessages(db, t, "en", roundId);
    expect(messages).toHaveLength(1);
    expect([...placeOfItems(messages).keys()]).toEqual(items.map((c) => c.label));
    expect(messages[0]).toMatch(/Kazakhstan: Support — Aigerim, 02\/12\/2026, 10:00/); // day before month
  });

  it("are split between items; an item too long for a message has its texts shortened, not cut across messages", async () => {
    const long = (who: string) =>
      `${who}: «A < B & C > D» ${"обоснование позиции ".repeat(120)}`.slice(0, 2000);
    for (const index of [0, 1, 2]) {
      await recordPosition(
        db,
        kz,
        { roundId, itemId: item(index).id, position: "object", reason: long(`KZ ${index}`) },
        NOW,
      );
      await addComment(
        db,
        kg,
        { roundId, itemId: item(index).id, kind: "amendment", text: long(`KG ${index}`) },
        NOW + MINUTE,
      );
    }
    const messages = await tallyMessages(db, t, "en", roundId);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4096);
    const places = placeOfItems(messages);
    for (const card of items) expect(places.get(card.label), `item ${card.label}`).toHaveLength(1);
    // Items 1 to 3 hold 4,000 characters of texts each: shortened, with the note, each whole.
    for (const index of [0, 1, 2]) {
      const at = places.get(item(index).label)?.[0] ?? -1;
      const block = messages[at]?.split(`<b>Item ${item(index).label}</b>`)[1]?.split("<b>Item")[0] ?? "";
      expect(block).toMatch(/Kazakhstan: Object — Aigerim/);
      expect(block).toMatch(/Proposed wording — Bakyt/);
      expect(block).toContain(`KZ ${index}: «A &lt; B &amp; C &gt; D» обоснование`);
      expect(block).toMatch(/Long texts are shortened here; the compilation \(\.docx\) has them in full/);
    }
    expect(messages.length).toBeGreaterThan(1);
  });

  it("go on over several messages only for an item that holds more than a message even shortened", async () => {
    for (let i = 0; i < 40; i++)
      await addComment(
        db,
        kg,
        { roundId, itemId: item(0).id, kind: "comment", text: `Comment ${i}: ${"x".repeat(1900)}` },
        NOW + i * MINUTE,
      );
    const messages = await tallyMessages(db, t, "en", roundId);
    for (const m of messages) expect(m.length).toBeLessThanOrEqual(4096);
    const continued = messages.filter((m) => m.startsWith("<b>Item 1</b> (continued)"));
    expect(continued.length).toBeGreaterThan(0);
    const comments = messages.join("\n").match(/💬 Comment — Bakyt/g) ?? [];
    expect(comments).toHaveLength(40);
    // Item 2 starts a message of its own after item 1's last continuation: never inside item 1.
    const places = placeOfItems(messages);
    expect(places.get("2")).toEqual([places.get("1")?.at(-1)]);
  });
});

describe("the consensus summary", () => {
  it("says 'No consensus yet' while the round is open and 'No consensus' once it is closed; the caption fits 1,024 characters", async () => {
    await recordPosition(
      db,
      kz,
      { roundId, itemId: item(0).id, position: "object", reason: "Needs consultations" },
      NOW,
    );
    const open = await readRoundRecord(db, roundId, { text: "en", names: "en" });
    expect(tallyCaption(t, open)).toMatch(
      /No consensus yet: it holds on 0 of 9 items; not on 1, 2, 3, 4, 5, 6, 7a, 7b, 7c\./,
    );
    expect((await tallyMessages(db, t, "en", roundId))[0]).toMatch(/No consensus yet/);
    await closeRoundEarly(db, secretariat, roundId, NOW + MINUTE);
    const closed = await readRoundRecord(db, roundId, { text: "en", names: "en" });
    const caption = tallyCaption(t, closed);
    expect(caption).toMatch(/^📊 <b>Tally of round #\d+<\/b> — Recommendations on preparations/);
    expect(caption).toMatch(
      /❌ No consensus: it holds on 0 of 9 items; not on 1, 2, 3, 4, 5, 6, 7a, 7b, 7c\./,
    );
    expect(caption).toMatch(/Not finished: Kazakhstan, Kyrgyzstan\./);
    expect(caption.length).toBeLessThanOrEqual(1024);
    const details = (await tallyMessages(db, t, "en", roundId))[0] ?? "";
    expect(details).toMatch(/❌ No consensus: it holds on 0 of 9 items/);
    expect(details).not.toMatch(/No consensus yet/);
  });
});
