/**
 * The list of participants of a meeting, generated from answers recorded through the domain and
 * read back: states in the alphabetical order of the document's language, each delegation with its
 * head first, then organisations, then apart who declined and who did not answer.
 */
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createTranslations, type Translations } from "../../src/bot/i18n.js";
import type { Db } from "../../src/db/database.js";
import type { DocumentContext } from "../../src/documents/context.js";
import { participantsDocx } from "../../src/documents/participants-docx.js";
import { participantsXlsx } from "../../src/documents/participants-xlsx.js";
import { createMeeting } from "../../src/domain/meetings/meetings.js";
import { readParticipantsRecord } from "../../src/domain/meetings/participants.js";
import type { Party } from "../../src/domain/meetings/parties.js";
import { type Attendance, type Delegate, recordRsvp } from "../../src/domain/meetings/rsvp.js";
import { docxBlocks, firstTable, readWorkbook, section } from "../support/document-readers.js";
import { joinPerson } from "../support/documents-data.js";
import { testDatabase } from "../support/test-db.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** 10:00 in Almaty. */
const NOW = Date.parse("2026-12-02T05:00:00Z");
/** 25 March 2027, 10:00 in Almaty. */
const START = Date.parse("2027-03-25T05:00:00Z");

let translations: Translations;
let db: Db;
let meetingId: number;

beforeAll(async () => {
  translations = await createTranslations("ru");
});

async function answer(party: Party, attendance: Attendance, delegation: Delegate[], hoursLater: number) {
  const person =
    party.kind === "state"
      ? await joinPerson(db, "coordinator", { state: party.code }, NOW)
      : await joinPerson(db, "observer", { org: party.code }, NOW);
  await recordRsvp(db, { person, meetingId, party, attendance, delegation, now: NOW + hoursLater * HOUR });
}

/**
 * Kazakhstan, China and Kyrgyzstan attend (China after Kazakhstan in Russian, before it in
 * English); UNHCR attends; Tajikistan declines; Uzbekistan and IOM do not answer.
 */
beforeEach(async () => {
  db = (await testDatabase()).db;
  const secretariat = await joinPerson(db, "secretariat", {}, NOW);
  const meeting = await createMeeting(
    db,
    secretariat,
    {
      titles: { ru: "Совещание национальных координаторов", en: "Meeting of national coordinators" },
      kind: "coordinators",
      timeZone: "Asia/Almaty",
      startsAt: START,
      durationMinutes: 8 * 60,
      venue: "Алматы, ул. Абая 10 & зал <B>",
      onlineUrl: "https://example.org/meet",
      rsvpDeadlineAt: START - 10 * DAY,
      invitees: [
        ...["KZ", "KG", "TJ", "UZ", "CN"].map((code) => ({ kind: "state" as const, code })),
        { kind: "org", code: "UNHCR" },
        { kind: "org", code: "IOM" },
      ],
      reminderLeads: [1440],
    },
    NOW,
  );
  meetingId = meeting.id;
  await answer(
    { kind: "state", code: "KZ" },
    "in_person",
    [
      { name: "Әлия Қасымқызы", function: "Заместитель министра труда", mode: "in_person" },
      { name: "Бекзат Сейітқали", function: "Советник", mode: "in_person" },
      { name: "Dana Ospanova", function: "Эксперт", mode: "online" },
    ],
    1,
  );
  await answer(
    { kind: "state", code: "CN" },
    "in_person",
    [
      { name: "Li Wei", function: "Director", mode: "in_person" },
      { name: "Zhang Min", function: "Adviser", mode: "in_person" },
    ],
    2,
  );
  await answer(
    { kind: "state", code: "KG" },
    "online",
    [
      { name: "Азамат Токтогулов", function: "Начальник управления", mode: "online" },
      { name: "Айгүл Өмүрбекова", function: "Специалист", mode: "online" },
    ],
    3,
  );
  await answer(
    { kind: "org", code: "UNHCR" },
    "in_person",
    [{ name: "Anna Observer", function: "Senior Protection Officer", mode: "in_person" }],
    4,
  );
  await answer({ kind: "state", code: "TJ" }, "declined", [], 5);
});

function context(lang: string, documentLanguage: string): DocumentContext {
  return { t: translations.forLanguage(lang), lang, documentLanguage, now: NOW + 6 * HOUR };
}

async function listDocx(lang: string, documentLanguage: string) {
  const record = await readParticipantsRecord(db, meetingId, documentLanguage);
  const file = await participantsDocx(record, context(lang, documentLanguage));
  return { file, blocks: await docxBlocks(file.buffer) };
}

describe("the list of participants (Word)", () => {
  it("names the meeting, its dates in the venue's time and its place", async () => {
    const { file, blocks } = await listDocx("en", "ru");
    expect(file.fileName).toBe("Almaty-Process_meeting-1_participants_2026-12-02.docx");
    const paragraphs = blocks.flatMap((b) => (b.kind === "p" ? [b.text] : []));
    expect(paragraphs.slice(0, 7)).toEqual([
      "List of participants",
      "Совещание национальных координаторов",
      "Meeting of national coordinators",
      "Dates: 25 March 2027, 10:00 – 25 March 2027, 18:00",
      "Time zone: Almaty, UTC+5.",
      "Venue: Алматы, ул. Абая 10 & зал <B>",
      "Online: https://example.org/meet",
    ]);
  });

  it("lists the states in the document language's alphabetical order, each delegation head first", async () => {
    const russian = section((await listDocx("en", "ru")).blocks, "States");
    expect(russian.flatMap((b) => (b.kind === "h2" ? [b.text] : []))).toEqual([
      "Казахстан — attends in person",
      "Китай — attends in person",
      "Кыргызстан — attends online",
    ]);
    expect(firstTable(section(russian, "Казахстан — attends in person"))).toEqual([
      ["No.", "Name", "Function", "Participation"],
      ["1", "Әлия Қасымқызы\nHead of delegation", "Заместитель министра труда", "in person"],
      ["2", "Бекзат Сейітқали", "Советник", "in person"],
      ["3", "Dana Ospanova", "Эксперт", "online"],
    ]);
    const english = section((await listDocx("en", "en")).blocks, "States");
    expect(english.flatMap((b) => (b.kind === "h2" ? [b.text] : []))).toEqual([
      "China — attends in person",
      "Kazakhstan — attends in person",
      "Kyrgyzstan — attends online",
    ]);
  });

  it("puts organisations after the states, and those who declined or did not answer apart at the end", async () => {
    const { blocks } = await listDocx("en", "ru");
    const organisations = section(blocks, "Organisations and observers");
    expect(organisations[0]).toEqual({ kind: "h2", text: "УВКБ ООН — attends in person" });
    expect(firstTable(organisations)[1]).toEqual([
      "1",
      "Anna Observer\nHead of delegation",
      "Senior Protection Officer",
      "in person",
    ]);
    expect(section(blocks, "Declined")).toEqual([{ kind: "p", text: "Таджикистан" }]);
    expect(section(blocks, "No answer received")).toEqual([
      { kind: "p", text: "Узбекистан" },
      { kind: "p", text: "МОМ" },
    ]);
    const headings = blocks.flatMap((b) => (b.kind === "h1" ? [b.text] : []));
    expect(headings).toEqual(["States", "Organisations and observers", "Declined", "No answer received"]);
  });

  it("has its headings in the reader's language", async () => {
    const ky = translations.forLanguage("ky");
    const { blocks } = await listDocx("ky", "ru");
    expect(blocks.flatMap((b) => (b.kind === "h1" ? [b.text] : []))).toEqual([
      ky("documents:participants.states"),
      ky("documents:participants.organisations"),
      ky("documents:participants.declined"),
      ky("documents:participants.no_answer"),
    ]);
    expect(firstTable(section(blocks, "Казахстан — жеке катышат"))[1]?.[1]).toBe(
      "Әлия Қасымқызы\nДелегациянын башчысы",
    );
  });
});

describe("the list of participants (Excel)", () => {
  async function workbook() {
    const record = await readParticipantsRecord(db, meetingId, "ru");
    const file = await participantsXlsx(record, context("en", "ru"));
    return { file, book: await readWorkbook(file.buffer) };
  }

  it("has one typed row per delegate, in the list's order, the head of each delegation first", async () => {
    const { file, book } = await workbook();
    expect(file.fileName).toBe("Almaty-Process_meeting-1_participants_2026-12-02.xlsx");
    expect(book.worksheets.map((s) => s.name)).toEqual(["Participants", "Not attending", "Meeting"]);
    const sheet = book.getWorksheet("Participants");
    if (!sheet) throw new Error("no sheet");
    expect(sheet.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 1 });
    expect(sheet.autoFilter).toBe("A1:I1");
    const rows = (sheet.getRows(2, sheet.rowCount - 1) ?? []).map((r) =>
      [1, 3, 4, 5, 7].map((c) => r.getCell(c).value),
    );
    expect(rows).toEqual([
      ["Казахстан", 1, "Head of delegation", "Әлия Қасымқызы", "in person"],
      ["Казахстан", 2, "Member of delegation", "Бекзат Сейітқали", "in person"],
      ["Казахстан", 3, "Member of delegation", "Dana Ospanova", "online"],
      ["Китай", 1, "Head of delegation", "Li Wei", "in person"],
      ["Китай", 2, "Member of delegation", "Zhang Min", "in person"],
      ["Кыргызстан", 1, "Head of delegation", "Азамат Токтогулов", "online"],
      ["Кыргызстан", 2, "Member of delegation", "Айгүл Өмүрбекова", "online"],
      ["УВКБ ООН", 1, "Head of delegation", "Anna Observer", "in person"],
    ]);
    expect(sheet.getCell("C2").type).toBe(2); // ExcelJS ValueType.Number
    expect(sheet.getCell("I2").value).toEqual(new Date(Date.UTC(2026, 11, 2, 11, 0)));
    expect(sheet.getCell("I2").type).toBe(4); // ExcelJS ValueType.Date
    expect(sheet.getCell("I1").value).toBe("Answered (Almaty, UTC+5)");
  });

  it("lists apart who declined and who did not answer, and the meeting with its times as dates", async () => {
    const { book } = await workbook();
    const absent = book.getWorksheet("Not attending");
    if (!absent) throw new Error("no sheet");
    expect(
      (absent.getRows(2, absent.rowCount - 1) ?? []).map((r) => [1, 2, 3].map((c) => r.getCell(c).value)),
    ).toEqual([
      ["Таджикистан", "State", "declined"],
      ["Узбекистан", "State", "no answer"],
      ["МОМ", "Organisation", "no answer"],
    ]);
    const meeting = book.getWorksheet("Meeting");
    if (!meeting) throw new Error("no sheet");
    expect(meeting.getCell("B2").value).toBe("Совещание национальных координаторов");
    expect(meeting.getCell("A4").value).toBe("Starts (Almaty, UTC+5)");
    expect(meeting.getCell("B4").value).toEqual(new Date(Date.UTC(2027, 2, 25, 10, 0)));
    expect(meeting.getCell("B6").value).toBe("Алматы, ул. Абая 10 & зал <B>");
  });
});
