/**
 * The list of participants of a meeting (Excel): one row per delegate, states in alphabetical
 * order then organisations, the head of each delegation first; the parties that declined or did
 * not answer on a sheet apart; the meeting itself on a third. Times in the venue's zone.
 */
import type { ParticipantsRecord, RecordedParty } from "../domain/meetings/participants.js";
import { type DocumentContext, type GeneratedDocument, MIME, plain } from "./context.js";
import { wallClockDate, zoneLabel } from "./dates.js";
import { documentFileName } from "./file-names.js";
import { participantsOrder } from "./participants-order.js";
import { addTableSheet, DATE_TIME_FORMAT, packWorkbook } from "./xlsx-parts.js";

/** The list of participants as an .xlsx file. */
export async function participantsXlsx(
  record: ParticipantsRecord,
  ctx: DocumentContext,
): Promise<GeneratedDocument> {
  const w = plain(ctx.t);
  const zone = zoneLabel(record.startsAt, record.timeZone);
  const when = (ms: number) => wallClockDate(ms, record.timeZone);
  const order = participantsOrder(record, ctx.documentLanguage);
  // Loaded on first use: exceljs is large (about 17 MB resident), and most processes never
  // write a workbook; idle memory on a small server stays lower without it.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = w("documents:process");
  workbook.title = record.title;
  workbook.created = new Date(ctx.now);
  workbook.modified = new Date(ctx.now);
  const type = (p: RecordedParty) =>
    w(p.kind === "state" ? "documents:participants.type_state" : "documents:participants.type_org");

  const people = addTableSheet(workbook, w("documents:participants.sheet_participants"), [
    { header: w("documents:participants.col_party"), width: 26 },
    { header: w("documents:participants.col_type"), width: 14 },
    { header: w("documents:participants.col_no"), width: 6 },
    { header: w("documents:participants.col_role"), width: 22 },
    { header: w("documents:participants.col_name"), width: 32 },
    { header: w("documents:participants.col_function"), width: 36, wrap: true },
    { header: w("documents:participants.col_mode"), width: 14 },
    { header: w("documents:participants.col_answered_by"), width: 26 },
    { header: w("documents:participants.col_answered_at", { zone }), width: 18, numFmt: DATE_TIME_FORMAT },
  ]);
  for (const party of [...order.states, ...order.organisations]) {
    const answer = party.answer;
    if (!answer) continue;
    answer.delegation.forEach((d, i) => {
      const row = people.addRow([
        party.name,
        type(party),
        i + 1,
        w(i === 0 ? "documents:participants.head" : "documents:participants.member"),
        d.name,
        d.function,
        w(`documents:participants.mode.${d.mode}`),
        answer.answeredBy ?? "",
        when(answer.answeredAt),
      ]);
      if (i === 0) row.getCell(5).font = { bold: true };
    });
  }

  const absent = addTableSheet(workbook, w("documents:participants.sheet_absent"), [
    { header: w("documents:participants.col_party"), width: 26 },
    { header: w("documents:participants.col_type"), width: 14 },
    { header: w("documents:participants.col_answer"), width: 16 },
    { header: w("documents:participants.col_answered_by"), width: 26 },
    { header: w("documents:participants.col_answered_at", { zone }), width: 18, numFmt: DATE_TIME_FORMAT },
  ]);
  for (const party of order.declined)
    absent.addRow([
      party.name,
      type(party),
      w("documents:participants.attendance.declined"),
      party.answer?.answeredBy ?? "",
      party.answer ? when(party.answer.answeredAt) : null,
    ]);
  for (const party of order.noAnswer)
    absent.addRow([party.name, type(party), w("documents:participants.attendance.none"), "", null]);

  const meeting = addTableSheet(workbook, w("documents:participants.sheet_meeting"), [
    { header: w("documents:participants.col_field"), width: 28 },
    { header: w("documents:participants.col_value"), width: 60, wrap: true },
  ]);
  const fields: [string, string | Date][] = [
    [w("documents:participants.field_title"), record.title],
    [w("documents:participants.field_kind"), w(`documents:participants.kind.${record.kind}`)],
    [w("documents:participants.field_starts", { zone }), when(record.startsAt)],
    [w("documents:participants.field_ends", { zone }), when(record.endsAt)],
    [w("documents:participants.field_venue"), record.venue ?? ""],
    [w("documents:participants.field_online"), record.onlineUrl ?? ""],
    [w("documents:participants.field_deadline", { zone }), when(record.rsvpDeadlineAt)],
  ];
  for (const [field, value] of fields) {
    const row = meeting.addRow([field, value]);
    if (value instanceof Date) row.getCell(2).numFmt = DATE_TIME_FORMAT;
  }

  return {
    buffer: await packWorkbook(workbook),
    fileName: documentFileName(
      { kind: "meeting", id: record.id },
      "participants",
      "xlsx",
      ctx.now,
      record.timeZone,
    ),
    mimeType: MIME.xlsx,
  };
}
