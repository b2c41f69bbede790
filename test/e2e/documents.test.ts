/**
 * The documents the secretariat circulates, end to end: the real bot process over HTTP against the
 * fake Telegram server. The tally opens with a picture whose cells carry each state's colour, the
 * details follow on request split between items; the compilation (.docx), the positions matrix
 * (.xlsx) and the list of participants (.docx, .xlsx) arrive as files, read back with mammoth,
 * ExcelJS and pngjs; the other official language on request; the operator's CLI writes the same.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { STRONG } from "../../src/documents/palette.js";
import { TALLY_PICTURE_SIZE } from "../../src/documents/tally-picture-layout.js";
import {
  decodePng,
  docxBlocks,
  docxText,
  firstTable,
  readWorkbook,
  section,
} from "../support/document-readers.js";
import {
  answeredRound,
  KG_COMMENT,
  KG_REASON,
  KZ_REASON,
  KZ_WORDING,
  noteText,
  pictureCell,
  receiveDocument,
} from "../support/documents-scenario.js";
import {
  answerAttend,
  createMeetingThroughBot,
  type MeetingWorld,
  meetingWorld,
  next,
} from "../support/meetings-scenario.js";
import { waitForCard } from "../support/review-scenario.js";
import { firstSecretariat, startWorld, untilButton, type World } from "../support/scenario.js";
import type { SimUser } from "../support/sim-user.js";

const START = "2026-12-01T06:00:00Z"; // 11:00 in Almaty
const DEADLINE_TYPED = "25.12.2026 18:00";
const TODAY = "2026-12-01";

let world: World | undefined;
let story: MeetingWorld | undefined;
afterEach(async () => {
  const bot = world?.bot ?? story?.world.bot;
  const errors = bot?.logs.filter((l) => l.level >= 50 || /update failed/.test(l.msg)) ?? [];
  await world?.close();
  await story?.world.close();
  world = undefined;
  story = undefined;
  expect(errors).toEqual([]);
});

/** Opens round #2's card in /rounds. */
async function roundCard(secretariat: SimUser): Promise<void> {
  secretariat.command("rounds");
  await secretariat.waitForText(/Review rounds/);
  await secretariat.press(/^#2 · /);
  await waitForCard(secretariat, /Round #2/);
}

/** Worksheet rows from the second on, as plain values. */
function rowsOf(sheet: {
  getRows(start: number, length: number): { values: unknown }[] | undefined;
  rowCount: number;
}) {
  return (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((r) => (r.values as unknown[]).slice(1));
}

describe("the documents of a review round", () => {
  it("the tally opens with one picture and the details follow on request, split between items; the compilation and the positions matrix arrive as files in the document language, the other language on request; the CLI writes the same", async () => {
    world = await startWorld({ clock: START });
    const w = world;
    const secretariat = await firstSecretariat(w);
    await answeredRound(w, secretariat, DEADLINE_TYPED);

    // The card offers the documents beside the CSV files.
    await roundCard(secretariat);
    expect(secretariat.buttons()).toEqual(
      expect.arrayContaining([
        "📊 Tally",
        "📄 Compilation (.docx)",
        "📗 Positions matrix (.xlsx)",
        "CSV: positions",
        "CSV: history",
      ]),
    );

    // The tally: one picture, the consensus summary as its caption, and a button for the details.
    const before = secretariat.lastMessage()?.message_id ?? 0;
    await secretariat.press("📊 Tally");
    const picture = await secretariat.waitForText(/Tally of round #2/);
    const sent = secretariat.messages().filter((m) => m.message_id > before);
    expect(sent.map((m) => m.message_id)).toEqual([picture.message_id]);
    expect(picture.photo).toBeDefined();
    expect(picture.text.length).toBeLessThanOrEqual(1024);
    expect(picture.text).toMatch(/Draft recommendations on cooperation/);
    expect(picture.text).toMatch(/No consensus yet: it holds on 1 of 2 items; not on 2\./);
    expect(picture.text).toMatch(/Every state taking part has answered every item/);
    expect(picture.buttons.flat()).toEqual(["📝 Show details"]);
    const png = decodePng(picture.photo?.content ?? Buffer.alloc(0));
    expect([png.width, png.height]).toEqual([TALLY_PICTURE_SIZE.width, TALLY_PICTURE_SIZE.height]);
    expect(pictureCell(png, 2, 2, 0, 1)).toBe(STRONG.object); // Kazakhstan objects to 2
    expect(pictureCell(png, 2, 2, 0, 0)).toBe(STRONG.support);
    expect(pictureCell(png, 2, 2, 1, 0)).toBe(STRONG.support); // Kyrgyzstan's objection was superseded
    expect(pictureCell(png, 2, 2, 1, 1)).toBe(STRONG.support);

    // The details: item 2 is longer than a message with its texts in full, so they are shortened;
    // no item is cut across two messages.
    const beforeDetails = secretariat.lastMessage()?.message_id ?? 0;
    await secretariat.press("📝 Show details", { messageId: picture.message_id });
    await secretariat.waitForText(/Item 2 —/);
    const details = secretariat
      .messages()
      .filter((m) => m.message_id > beforeDetails)
      .map((m) => m.text);
    expect(details).toHaveLength(2);
    for (const text of details) expect(text.length).toBeLessThanOrEqual(4096);
    const [first, second] = details;
    expect(first).toMatch(/Tally — Draft recommendations on cooperation/);
    expect(first).toMatch(/Item 1 — ✅ 2 · ❌ 0/);
    expect(first).toMatch(/Kyrgyzstan: Support — Бакыт/);
    // English dates in day-month order (1 December, not 12 January), as everywhere else.
    expect(first).toMatch(/Kyrgyzstan: Support — Бакыт, 01\/12\/2026, \d\d:\d\d$/m);
    expect(first).toContain(KG_COMMENT);
    expect(first).not.toMatch(/Item 2 —/);
    expect(second).toMatch(/^Item 2 — ✅ 1 · ❌ 1/);
    expect(second).toMatch(/Kazakhstan: Object — Aigerim/);
    expect(second).toMatch(/Kyrgyzstan: Support — Бакыт/);
    expect(second).toContain(KZ_REASON.slice(0, 200));
    expect(second).not.toContain(KZ_REASON);
    expect(second).toMatch(/Long texts are shortened here; the compilation \(\.docx\) has them in full/);

    // The compilation, in English (the secretariat's language), then in Russian on request.
    await roundCard(secretariat);
    const docx = await receiveDocument(
      secretariat,
      "📄 Compilation (.docx)",
      /Compilation of positions and comments received from states: round #2/,
    );
    expect(docx.text).toMatch(/\(text in English\)/);
    expect(docx.document.filename).toBe(`Almaty-Process_round-2_compilation_${TODAY}.docx`);
    expect(docx.buttons.flat()).toEqual(["The same in Russian"]);
    const blocks = await docxBlocks(docx.document.content);
    const item2 = firstTable(section(blocks, "Recommendation 2"));
    expect(item2.map((row) => row.slice(0, 2))).toEqual([
      ["State", "Position"],
      ["Kazakhstan", "Objects"],
      ["Kyrgyzstan", "Supports"],
    ]);
    expect(item2[1]?.[2]).toContain(`Reason: ${KZ_REASON}`);
    expect(item2[1]?.[2]).toContain(`Proposed wording: ${KZ_WORDING}`);
    expect(item2[1]?.[3]).toMatch(/^Aigerim\nNational coordinator/);
    const item1 = firstTable(section(blocks, "Recommendation 1"));
    expect(item1[2]?.slice(0, 2)).toEqual(["Kyrgyzstan", "Supports"]);
    expect(item1[2]?.[2]).toContain(`Comment: ${KG_COMMENT}`);
    const english = await docxText(docx.document.content);
    expect(english).toMatch(/Hold a meeting of national coordinators/);
    expect(english).toMatch(/DRAFT — positions as of/);

    const russian = await receiveDocument(
      secretariat,
      "The same in Russian",
      /\(text in Russian\)/,
      docx.message_id,
    );
    expect(russian.document.filename).toBe(`Almaty-Process_round-2_compilation_${TODAY}.docx`);
    expect(russian.buttons.flat()).toEqual(["The same in English"]);
    const russianText = await docxText(russian.document.content);
    expect(russianText).toMatch(/Провести совещание национальных координаторов/);
    expect(russianText).toMatch(/Recommendation 2/); // headings stay in the reader's language
    const ruItem2 = firstTable(section(await docxBlocks(russian.document.content), "Recommendation 2"));
    expect(ruItem2.map((row) => row[0])).toEqual(["State", "Казахстан", "Кыргызстан"]);
    expect(ruItem2[1]?.[2]).toContain(KZ_REASON);

    // A forged language is refused before anything is made.
    const filesBefore = secretariat.messages().filter((m) => m.document).length;
    const forged = await secretariat.pressData("rr:docx:2:xx", docx.message_id);
    expect(forged.text).toMatch(/This button is not valid/);
    const unknown = await secretariat.pressData("rr:xlsx:77:-", docx.message_id);
    expect(unknown.text).toMatch(/This review round does not exist/);
    expect(secretariat.messages().filter((m) => m.document)).toHaveLength(filesBefore);

    // The positions matrix: positions in cells, the reason as the note, the history with the superseded row.
    await roundCard(secretariat);
    const xlsx = await receiveDocument(
      secretariat,
      "📗 Positions matrix (.xlsx)",
      /Positions matrix: round #2/,
    );
    expect(xlsx.document.filename).toBe(`Almaty-Process_round-2_positions_${TODAY}.xlsx`);
    const book = await readWorkbook(xlsx.document.content);
    const positions = book.getWorksheet("Positions");
    if (!positions) throw new Error("no Positions sheet");
    expect(rowsOf(positions)).toEqual([
      ["Kazakhstan", "Supports", "Objects"],
      ["Kyrgyzstan", "Supports", "Supports"],
    ]);
    expect(noteText(positions.getCell("C2"))).toContain(KZ_REASON);
    expect(noteText(positions.getCell("B3"))).toContain(KG_COMMENT);
    const history = book.getWorksheet("Full history");
    if (!history) throw new Error("no history sheet");
    const events = rowsOf(history).map((r) => ({
      at: r[1],
      item: r[2],
      state: r[3],
      person: r[4],
      event: r[6],
      position: r[7],
      text: r[8],
      status: r[9],
    }));
    for (const e of events) expect(e.at).toBeInstanceOf(Date);
    expect(
      events.filter((e) => e.event === "Position").map((e) => [e.item, e.state, e.position, e.status]),
    ).toEqual([
      ["1", "Kazakhstan", "Supports", "current"],
      ["2", "Kazakhstan", "Objects", "current"],
      ["1", "Kyrgyzstan", "Objects", "superseded"],
      ["1", "Kyrgyzstan", "Supports", "current"],
      ["2", "Kyrgyzstan", "Supports", "current"],
    ]);
    expect(events.find((e) => e.status === "superseded")?.text).toBe(KG_REASON);
    expect(events.find((e) => e.event === "Proposed wording")?.text).toBe(KZ_WORDING);

    // Closed: the tally says "No consensus", no longer "yet".
    await roundCard(secretariat);
    await untilButton(secretariat, "Close now");
    await secretariat.press("Close now");
    await secretariat.waitForText(/Close the round now/);
    await secretariat.press("Yes, close it now");
    await secretariat.waitForText(/The round is closed/);
    await waitForCard(secretariat, /Round #2/);
    await secretariat.press("📊 Tally");
    const closed = await secretariat.waitForText(/Tally of round #2/);
    expect(closed.text).toMatch(/❌ No consensus: it holds on 1 of 2 items; not on 2\./);
    expect(closed.text).not.toMatch(/yet/);

    // The operator's CLI writes the same documents, in Russian by default.
    const out = (name: string) => join(w.bot.dir, name);
    const cli = await w.bot.admin("export-round", "2", "--format", "docx", "--out", out("c.docx"));
    expect(cli.stdout).toMatch(
      /c\.docx written \(\d+ bytes; suggested name Almaty-Process_round-2_compilation_/,
    );
    const cliText = await docxText(readFileSync(out("c.docx")));
    expect(cliText).toMatch(/Сводка позиций и комментариев, полученных от государств/);
    expect(cliText).toContain(KZ_REASON);
    expect(cliText).not.toMatch(/ПРОЕКТ|DRAFT/); // the round is closed now
    await w.bot.admin("export-round", "2", "--format", "xlsx", "--language", "en", "--out", out("m.xlsx"));
    const cliPositions = (await readWorkbook(readFileSync(out("m.xlsx")))).getWorksheet("Positions");
    if (!cliPositions) throw new Error("no Positions sheet in the CLI's workbook");
    expect(rowsOf(cliPositions)[0]).toEqual(["Kazakhstan", "Supports", "Objects"]);
    await w.bot.admin("export-round", "2", "--format", "png", "--out", out("t.png"));
    const cliPng = decodePng(readFileSync(out("t.png")));
    expect([cliPng.width, cliPng.height]).toEqual([1280, 720]);
    expect(pictureCell(cliPng, 2, 2, 0, 1)).toBe(STRONG.object);
    const missing = await w.bot
      .admin("export-round", "99", "--format", "docx", "--out", out("x.docx"))
      .catch((e: { code: number; stderr: string }) => e);
    expect("code" in missing ? [missing.code, missing.stderr] : []).toEqual([
      1,
      expect.stringMatching(/nothing written: there is no round #99/),
    ]);
    const badFormat = await w.bot
      .admin("export-round", "2", "--format", "pdf", "--out", out("x.pdf"))
      .catch((e: { code: number; stderr: string }) => e);
    expect("code" in badFormat ? [badFormat.code, badFormat.stderr] : []).toEqual([
      2,
      expect.stringMatching(/--format must be one of docx, xlsx, png/),
    ]);
  });
});

describe("the list of participants of a meeting", () => {
  it("the secretariat's meeting view gives the list as Word and Excel, delegations head first, the other language on request; the CLI writes the same", async () => {
    story = await meetingWorld();
    const { secretariat, kz, kg, tj } = story;
    await createMeetingThroughBot(secretariat);
    await next(kz, /You are invited/);
    await next(kg, /You are invited/);
    await next(tj, /You are invited/);
    await answerAttend(kz, "Attend in person", [
      { name: "Aigerim Nurlanovna", function: "Deputy Minister of Labour", mode: "In person" },
      { name: "Болат Серіков", function: "Советник по миграции & беженцам <МИД>", mode: "Online" },
    ]);
    await answerAttend(kg, "Attend online", [
      { name: "Bakyt Asanov", function: "Head of the Migration Service" },
    ]);

    secretariat.command("meetings");
    await next(secretariat, /Upcoming meetings/);
    await secretariat.press(/ · Meeting of national coordinators$/);
    const roster = await next(secretariat, /Kazakhstan: attending in person/);
    expect(roster.buttons.flat()).toEqual(
      expect.arrayContaining(["📄 Participants (.docx)", "📗 Participants (.xlsx)", "CSV export"]),
    );

    const docx = await receiveDocument(
      secretariat,
      "📄 Participants (.docx)",
      /List of participants: “Meeting of national coordinators” \(text in English\)/,
    );
    expect(docx.document.filename).toMatch(/^Almaty-Process_meeting-1_participants_2026-11-24\.docx$/);
    const blocks = await docxBlocks(docx.document.content);
    const states = section(blocks, "States");
    expect(states.filter((b) => b.kind === "h2").map((b) => (b.kind === "h2" ? b.text : ""))).toEqual([
      "Kazakhstan — attends in person",
      "Kyrgyzstan — attends online",
    ]);
    expect(firstTable(section(blocks, "Kazakhstan — attends in person"))).toEqual([
      ["No.", "Name", "Function", "Participation"],
      ["1", "Aigerim Nurlanovna\nHead of delegation", "Deputy Minister of Labour", "in person"],
      ["2", "Болат Серіков", "Советник по миграции & беженцам <МИД>", "online"],
    ]);
    const noAnswer = section(blocks, "No answer received");
    expect(noAnswer.map((b) => (b.kind === "p" ? b.text : ""))).toEqual(["Tajikistan"]);
    const text = await docxText(docx.document.content);
    expect(text).toMatch(/25 December 2026, 10:00 – 25 December 2026, 13:00/);
    expect(text).toMatch(/Time zone: Almaty, UTC\+5/);

    const russian = await receiveDocument(
      secretariat,
      "The same in Russian",
      /List of participants: “Совещание национальных координаторов” \(text in Russian\)/,
      docx.message_id,
    );
    const ruBlocks = await docxBlocks(russian.document.content);
    expect(
      section(ruBlocks, "States")
        .filter((b) => b.kind === "h2")
        .map((b) => (b.kind === "h2" ? b.text : "")),
    ).toEqual(["Казахстан — attends in person", "Кыргызстан — attends online"]);

    const forged = await secretariat.pressData("msl:1:pdf:-", roster.message_id);
    expect(forged.text).toMatch(/This button is not valid/);
    const xlsx = await receiveDocument(
      secretariat,
      "📗 Participants (.xlsx)",
      /List of participants: “Meeting of national coordinators”/,
      roster.message_id,
    );
    const book = await readWorkbook(xlsx.document.content);
    const sheet = book.getWorksheet("Participants");
    if (!sheet) throw new Error("no Participants sheet");
    expect(rowsOf(sheet).map((r) => r.slice(0, 7))).toEqual([
      [
        "Kazakhstan",
        "State",
        1,
        "Head of delegation",
        "Aigerim Nurlanovna",
        "Deputy Minister of Labour",
        "in person",
      ],
      [
        "Kazakhstan",
        "State",
        2,
        "Member of delegation",
        "Болат Серіков",
        "Советник по миграции & беженцам <МИД>",
        "online",
      ],
      [
        "Kyrgyzstan",
        "State",
        1,
        "Head of delegation",
        "Bakyt Asanov",
        "Head of the Migration Service",
        "online",
      ],
    ]);
    expect(rowsOf(sheet)[0]?.[8]).toBeInstanceOf(Date);

    // The CLI: Russian by default.
    const file = join(story.world.bot.dir, "participants.xlsx");
    await story.world.bot.admin("export-participants", "1", "--format", "xlsx", "--out", file);
    const cliBook = await readWorkbook(readFileSync(file));
    const cliSheet = cliBook.getWorksheet("Участники");
    if (!cliSheet) throw new Error(`no Участники sheet: ${cliBook.worksheets.map((s) => s.name).join(", ")}`);
    expect(rowsOf(cliSheet).map((r) => [r[0], r[4]])).toEqual([
      ["Казахстан", "Aigerim Nurlanovna"],
      ["Казахстан", "Болат Серіков"],
      ["Кыргызстан", "Bakyt Asanov"],
    ]);
    const docFile = join(story.world.bot.dir, "participants.docx");
    await story.world.bot.admin(
      "export-participants",
      "1",
      "--format",
      "docx",
      "--language",
      "en",
      "--out",
      docFile,
    );
    expect(await docxText(readFileSync(docFile))).toMatch(/Болат Серіков/);
  });
});
