/**
 * The documents of a review round, generated from a round filled through the domain functions and
 * read back with a reader's library: the compilation (mammoth), the positions matrix (ExcelJS) and
 * the tally picture (pngjs). Headings in the reader's language, the recommendations in Russian.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTranslations, type Translations } from "../../src/bot/i18n.js";
import type { Db } from "../../src/db/database.js";
import type { RoundDocumentContext } from "../../src/documents/context.js";
import { STRONG } from "../../src/documents/palette.js";
import { positionsMatrixXlsx } from "../../src/documents/positions-matrix.js";
import { roundCompilationDocx } from "../../src/documents/round-compilation.js";
import { tallyPicturePng } from "../../src/documents/tally-picture.js";
import { cellBox, TALLY_PICTURE_SIZE, tallyLayout } from "../../src/documents/tally-picture-layout.js";
import type { Person } from "../../src/domain/people/people.js";
import { confirmPassedToGovernment, decideOutcome } from "../../src/domain/reviews/government.js";
import { closeRoundEarly } from "../../src/domain/reviews/lifecycle.js";
import { addComment, recordPosition } from "../../src/domain/reviews/positions.js";
import { readRoundRecord } from "../../src/domain/reviews/record.js";
import { type CardView, listCards } from "../../src/domain/reviews/rounds.js";
import {
  type Block,
  decodePng,
  docxBlocks,
  docxText,
  firstTable,
  pixel,
  readWorkbook,
  section,
} from "../support/document-readers.js";
import { joinPerson, openFoundingRoundTo } from "../support/documents-data.js";
import { testDatabase } from "../support/test-db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 10:00 in Almaty. */
const NOW = Date.parse("2026-12-02T05:00:00Z");
const KZ_REASON = "Формулировка «A < B & C > D» неприемлема";
const KG_REASON = "Нужно уточнить: < > &";
const KG_WORDING = "Предлагаем: «беженцы & мигранты»";
const TJ_COMMENT = "Комментарий без позиции";
const OBSERVER_COMMENT = "UNHCR welcomes item 1 & notes <context>";

let translations: Translations;
let db: Db;
let roundId: number;
let items: CardView[];
let secretariat: Person;
let kz: Person;

beforeAll(async () => {
  translations = await createTranslations("ru");
});

/**
 * Four member states on the founding round. Kazakhstan supports everything, then objects to 1;
 * Kyrgyzstan objects to 2 and proposes wording for 3; Tajikistan abstains on 1, only comments on 4,
 * supports 5 to 7в; Turkmenistan supports everything; UNHCR comments on 1.
 */
beforeEach(async () => {
  db = (await testDatabase()).db;
  secretariat = await joinPerson(db, "secretariat", {}, NOW - DAY);
  roundId = await openFoundingRoundTo(db, secretariat, ["KZ", "KG", "TJ", "TM"], NOW);
  items = await listCards(db, roundId, "ru");
  kz = await joinPerson(db, "coordinator", { state: "KZ", name: "Әлия Қасымқызы" }, NOW);
  const kg = await joinPerson(db, "alternate", { state: "KG", name: "Азамат Токтогулов" }, NOW);
  const tj = await joinPerson(db, "coordinator", { state: "TJ", name: "Фарход Раҳимов" }, NOW);
  const tm = await joinPerson(db, "coordinator", { state: "TM", name: "Aýna Myradowa" }, NOW);
  const observer = await joinPerson(db, "observer", { org: "UNHCR", name: "Anna Observer" }, NOW);
  const at = (minutes: number) => NOW + HOUR + minutes * 60_000;
  for (const [i, item] of items.entries()) {
    await recordPosition(db, kz, { roundId, itemId: item.id, position: "support" }, at(i));
    await recordPosition(db, tm, { roundId, itemId: item.id, position: "support" }, at(20 + i));
    const kgObjects = i === 1;
    await recordPosition(
      db,
      kg,
      {
        roundId,
        itemId: item.id,
        position: kgObjects ? "object" : "support",
        reason: kgObjects ? KG_REASON : null,
      },
      at(40 + i),
    );
    if (i >= 4) await recordPosition(db, tj, { roundId, itemId: item.id, position: "support" }, at(60 + i));
  }
  const [one, , three, four] = items;
  if (!one || !three || !four) throw new Error("the founding round has nine items");
  await recordPosition(
    db,
    kz,
    { roundId, itemId: one.id, position: "object", reason: KZ_REASON },
    NOW + 2 * HOUR,
  );
  await recordPosition(db, tj, { roundId, itemId: one.id, position: "abstain" }, NOW + 2 * HOUR + 60_000);
  await addComment(
    db,
    kg,
    { roundId, itemId: three.id, kind: "amendment", text: KG_WORDING },
    NOW + 2 * HOUR + 120_000,
  );
  await addComment(
    db,
    tj,
    { roundId, itemId: four.id, kind: "comment", text: TJ_COMMENT },
    NOW + 2 * HOUR + 180_000,
  );
  await addComment(
    db,
    observer,
    { roundId, itemId: one.id, kind: "comment", text: OBSERVER_COMMENT },
    NOW + 2 * HOUR + 240_000,
  );
});

function context(lang: string, now = NOW + 3 * HOUR): RoundDocumentContext {
  return { t: translations.forLanguage(lang), lang, documentLanguage: "ru", timeZone: "Asia/Almaty", now };
}

async function compilation(
  lang: string,
  now?: number,
): Promise<{ blocks: Block[]; text: string; fileName: string }> {
  const record = await readRoundRecord(db, roundId, { text: "ru", names: "ru" });
  const doc = await roundCompilationDocx(record, context(lang, now));
  return { blocks: await docxBlocks(doc.buffer), text: await docxText(doc.buffer), fileName: doc.fileName };
}

/** The table row of `state`, by its name in the first cell. */
function row(table: string[][], state: string): string[] {
  const found = table.find((r) => r[0] === state);
  if (!found) throw new Error(`no row for ${state}`);
  return found;
}

async function closeAndAdopt(): Promise<void> {
  await closeRoundEarly(db, secretariat, roundId, NOW + 4 * HOUR);
  await decideOutcome(db, secretariat, roundId, true, NOW + 5 * HOUR);
  await confirmPassedToGovernment(
    db,
    kz,
    { roundId, passedOn: "2026-12-04", note: "Передано в МИД & МВД <срочно>", timeZone: "Asia/Almaty" },
    NOW + 3 * DAY,
  );
}

describe("the compilation of positions (Word)", () => {
  it("of an open round is marked as a draft with the moment, in the reader's date conventions", async () => {
    const { blocks, fileName } = await compilation("en");
    expect(fileName).toBe("Almaty-Process_round-1_compilation_2026-12-02.docx");
    const paragraphs = blocks.flatMap((b) => (b.kind === "p" ? [b.text] : []));
    expect(paragraphs[0]).toBe("Compilation of positions and comments received from states");
    expect(paragraphs).toContain("DRAFT — positions as of 2 December 2026, 13:00");
    expect(paragraphs).toContain("Deadline for positions: 12 December 2026, 10:00.");
    expect(paragraphs).toContain("States taking part: Казахстан, Кыргызстан, Таджикистан, Туркменистан.");
  });

  it("gives each item's Russian text, then one row per state: position, reason, who and when", async () => {
    const { blocks } = await compilation("en");
    const first = section(blocks, "Recommendation 1");
    expect(first[0]).toEqual({ kind: "p", text: items[0]?.text });
    const table = firstTable(first);
    expect(table[0]).toEqual(["State", "Position", "Reason or proposed wording", "Recorded by", "When"]);
    expect(table.map((r) => r[0])).toEqual([
      "State",
      "Казахстан",
      "Кыргызстан",
      "Таджикистан",
      "Туркменистан",
    ]);
    expect(row(table, "Казахстан")).toEqual([
      "Казахстан",
      "Objects",
      `Reason: ${KZ_REASON}`,
      "Әлия Қасымқызы\nNational coordinator",
      "2 December 2026, 12:00",
    ]);
    expect(row(table, "Кыргызстан").slice(1, 4)).toEqual([
      "Supports",
      "",
      "Азамат Токтогулов\nAlternate coordinator",
    ]);
    expect(row(table, "Таджикистан")[1]).toBe("Abstains");
    expect(row(table, "Туркменистан")[1]).toBe("Supports");

    const second = firstTable(section(blocks, "Recommendation 2"));
    expect(row(second, "Кыргызстан").slice(1, 3)).toEqual(["Objects", `Reason: ${KG_REASON}`]);
    const third = firstTable(section(blocks, "Recommendation 3"));
    expect(row(third, "Кыргызстан")[2]).toMatch(
      new RegExp(`^Proposed wording: ${KG_WORDING}\\nАзамат Токтогулов, 2 December 2026, 12:02$`),
    );
    expect(row(third, "Таджикистан").slice(1, 3)).toEqual(["No answer", ""]);
    const fourth = firstTable(section(blocks, "Recommendation 4"));
    expect(row(fourth, "Таджикистан").slice(1, 3)).toEqual([
      "Comment only",
      `Comment: ${TJ_COMMENT}\nФарход Раҳимов, 2 December 2026, 12:03`,
    ]);
  });

  it("shows the observers' comments apart, under the item, never in a state's row", async () => {
    const { blocks } = await compilation("en");
    const first = section(blocks, "Recommendation 1");
    const observers = section(first, "Comments of observers");
    expect(observers).toEqual([
      { kind: "p", text: "Anna Observer (УВКБ ООН), 2 December 2026, 12:04:" },
      { kind: "p", text: OBSERVER_COMMENT },
    ]);
    expect(firstTable(first).flat().join(" ")).not.toContain("UNHCR welcomes");
    expect(() => section(section(blocks, "Recommendation 2"), "Comments of observers")).toThrow();
  });

  it("ends with the consensus summary per item and the state of the government confirmations", async () => {
    const { blocks } = await compilation("en");
    const summary = section(blocks, "Summary");
    expect(summary[0]).toEqual({ kind: "p", text: "Consensus holds on 5 of 9 items; not on 1, 2, 3, 4." });
    expect(summary[1]).toEqual({ kind: "p", text: "States that have not answered every item: Таджикистан." });
    const table = firstTable(summary);
    expect(table[0]).toEqual(["Item", "Supports", "Objects", "Abstains", "No answer", "Consensus"]);
    expect(row(table, "1")).toEqual(["1", "2", "1", "1", "0", "No consensus"]);
    expect(row(table, "3")).toEqual(["3", "3", "0", "0", "1", "No consensus"]);
    expect(row(table, "7в")).toEqual(["7в", "4", "0", "0", "0", "Consensus"]);
    expect(section(blocks, "Passed to government")[0]).toEqual({
      kind: "p",
      text: "Outcome of the round: not yet decided.",
    });
  });

  it("of a closed, adopted round has no draft mark and lists who passed it to their government", async () => {
    await closeAndAdopt();
    const { blocks, text } = await compilation("en", NOW + 4 * DAY);
    expect(text).not.toContain("DRAFT");
    const government = firstTable(section(blocks, "Passed to government"));
    expect(government[0]).toEqual(["State", "Passed on", "Note", "Confirmed by"]);
    expect(row(government, "Казахстан")).toEqual([
      "Казахстан",
      "4 December 2026",
      "Передано в МИД & МВД <срочно>",
      "Әлия Қасымқызы",
    ]);
    expect(row(government, "Кыргызстан")[1]).toBe("not yet confirmed");
  });

  it("speaks the reader's interface language in headings and labels, and keeps the items in Russian", async () => {
    const kk = translations.forLanguage("kk");
    const { blocks } = await compilation("kk");
    const paragraphs = blocks.flatMap((b) => (b.kind === "p" ? [b.text] : []));
    expect(paragraphs[0]).toBe(kk("documents:compilation.title"));
    expect(paragraphs).toContain("ЖОБА — ұстанымдар 2026 ж. 2 желтоқсан, 13:00 жағдай бойынша");
    const first = section(blocks, kk("documents:compilation.item", { label: "1" }));
    expect(first[0]).toEqual({ kind: "p", text: items[0]?.text });
    expect(row(firstTable(first), "Казахстан").slice(1, 3)).toEqual(["Қарсы", `Себебі: ${KZ_REASON}`]);
  });
});

describe("the positions matrix (Excel)", () => {
  async function matrix() {
    const record = await readRoundRecord(db, roundId, { text: "ru", names: "ru" });
    const file = await positionsMatrixXlsx(record, context("en"));
    return { file, workbook: await readWorkbook(file.buffer) };
  }

  it("has states × items with typed text cells, fills by position and the reason as the cell's note", async () => {
    const { file, workbook } = await matrix();
    expect(file.fileName).toBe("Almaty-Process_round-1_positions_2026-12-02.xlsx");
    expect(workbook.worksheets.map((s) => s.name)).toEqual(["Positions", "Summary", "Full history"]);
    const sheet = workbook.getWorksheet("Positions");
    if (!sheet) throw new Error("no sheet");
    expect(sheet.getRow(1).values).toEqual([undefined, "State", ...items.map((i) => i.label)]);
    expect(sheet.getColumn(1).values.slice(2)).toEqual([
      "Казахстан",
      "Кыргызстан",
      "Таджикистан",
      "Туркменистан",
    ]);
    const kzOne = sheet.getCell("B2");
    expect(kzOne.value).toBe("Objects");
    expect(kzOne.type).toBe(3); // ExcelJS ValueType.String
    expect(kzOne.fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFCDD2" } });
    expect(JSON.stringify(kzOne.note)).toContain(KZ_REASON.replace(/"/g, '\\"'));
    expect(sheet.getCell("B3").value).toBe("Supports");
    expect(sheet.getCell("B3").fill).toMatchObject({ fgColor: { argb: "FFC8E6C9" } });
    expect(sheet.getCell("D4").value).toBe("No answer");
    expect(sheet.getCell("E4").value).toBe("Comment only");
    expect(sheet.getCell("E4").fill).toMatchObject({ fgColor: { argb: "FFBBDEFB" } });
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:J1");
  });

  it("keeps counts as numbers in the summary", async () => {
    const { workbook } = await matrix();
    const summary = workbook.getWorksheet("Summary");
    if (!summary) throw new Error("no sheet");
    expect(summary.getRow(2).values).toEqual([undefined, "1", items[0]?.text, 2, 1, 1, 0, "No consensus"]);
    expect(summary.getCell("C2").type).toBe(2); // ExcelJS ValueType.Number
  });

  it("keeps the full history: every answer with who and when, superseded or current", async () => {
    const { workbook } = await matrix();
    const history = workbook.getWorksheet("Full history");
    if (!history) throw new Error("no sheet");
    expect(history.getRow(1).values).toEqual([
      undefined,
      "No.",
      "When (Almaty, UTC+5)",
      "Item",
      "State or organisation",
      "Person",
      "Role",
      "Event",
      "Position",
      "Reason or text",
      "Status",
    ]);
    const rows = history.getRows(2, history.rowCount - 1) ?? [];
    // 9 × 3 states + 5 of Tajikistan + the change of Kazakhstan and Tajikistan on 1, 2 comments, 1 observer's.
    expect(rows).toHaveLength(27 + 5 + 2 + 3);
    expect(rows.map((r) => r.getCell(1).value)).toEqual(rows.map((_, i) => i + 1));
    const kzOnOne = rows.filter((r) => r.getCell(3).value === "1" && r.getCell(4).value === "Казахстан");
    expect(
      kzOnOne.map((r) => [r.getCell(7).value, r.getCell(8).value, r.getCell(9).value, r.getCell(10).value]),
    ).toEqual([
      ["Position", "Supports", "", "superseded"],
      ["Position", "Objects", KZ_REASON, "current"],
    ]);
    const first = kzOnOne[0]?.getCell(2);
    expect(first?.value).toEqual(new Date(Date.UTC(2026, 11, 2, 11, 0)));
    expect(first?.type).toBe(4); // ExcelJS ValueType.Date
    expect(first?.numFmt).toBe("dd.mm.yyyy hh:mm");
    expect(kzOnOne[0]?.getCell(5).value).toBe("Әлия Қасымқызы");
    expect(kzOnOne[0]?.getCell(6).value).toBe("National coordinator");
    const observer = rows.find((r) => r.getCell(4).value === "УВКБ ООН");
    expect(observer?.getCell(9).value).toBe(OBSERVER_COMMENT);
  });

  it("adds the government confirmations, with the day as a date, once the round is adopted", async () => {
    await closeAndAdopt();
    const { workbook } = await matrix();
    const sheet = workbook.getWorksheet("Government");
    if (!sheet) throw new Error("no sheet");
    expect(sheet.getCell("A2").value).toBe("Казахстан");
    expect(sheet.getCell("B2").value).toEqual(new Date(Date.UTC(2026, 11, 4)));
    expect(sheet.getCell("C2").value).toBe("Передано в МИД & МВД <срочно>");
    expect(sheet.getCell("C3").value).toBe("not yet confirmed");
  });
});

describe("the tally picture (PNG)", () => {
  async function picture(lang = "en") {
    const record = await readRoundRecord(db, roundId, { text: "ru", names: lang });
    const file = tallyPicturePng(record, context(lang));
    return {
      file,
      png: decodePng(file.buffer),
      layout: tallyLayout(record.states.length, record.items.length),
    };
  }

  /** The colour of state `row`'s cell on item `column`, just inside its left edge (clear of the mark). */
  function cellColour(p: Awaited<ReturnType<typeof picture>>, rowIndex: number, column: number): string {
    const box = cellBox(p.layout, rowIndex, column);
    return pixel(p.png, box.x + 3, box.y + box.height / 2);
  }

  it("has the documented size and colours each state's cell by its answer", async () => {
    const p = await picture();
    expect(p.file.fileName).toBe("Almaty-Process_round-1_tally_2026-12-02.png");
    expect([p.png.width, p.png.height]).toEqual([TALLY_PICTURE_SIZE.width, TALLY_PICTURE_SIZE.height]);
    expect(cellColour(p, 0, 0)).toBe(STRONG.object); // Kazakhstan objects to 1
    expect(cellColour(p, 1, 1)).toBe(STRONG.object); // Kyrgyzstan objects to 2
    expect(cellColour(p, 1, 0)).toBe(STRONG.support);
    expect(cellColour(p, 2, 0)).toBe(STRONG.abstain);
    expect(cellColour(p, 2, 2)).toBe(STRONG.none);
    expect(cellColour(p, 2, 3)).toBe(STRONG.comment); // Tajikistan only commented on 4
    expect(cellColour(p, 3, 8)).toBe(STRONG.support);
  });

  it("draws the same grid in another interface language", async () => {
    const p = await picture("tg");
    expect([p.png.width, p.png.height]).toEqual([1280, 720]);
    expect(cellColour(p, 0, 0)).toBe(STRONG.object);
  });
});
