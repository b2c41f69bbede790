/**
 * The positions matrix of a round (Excel): a sheet of states × recommendations with each state's
 * position, coloured, and the reason, comments and proposed wordings as the cell's note; a summary
 * per item with the counts and consensus; the "passed to government" confirmations once the round
 * is adopted; and the full history (who, when, what, superseded or current).
 */
import type { Workbook } from "exceljs";
import type { HistoryEntry, RoundRecord, StateAnswer } from "../domain/reviews/record.js";
import { type GeneratedDocument, MIME, plain, type RoundDocumentContext, type Words } from "./context.js";
import { documentDateTime, wallClockDate, zoneLabel } from "./dates.js";
import { documentFileName } from "./file-names.js";
import { answerCategory, LIGHT } from "./palette.js";
import { addTableSheet, DATE_FORMAT, DATE_TIME_FORMAT, packWorkbook, solidFill } from "./xlsx-parts.js";

/** The matrix as an .xlsx file. */
export async function positionsMatrixXlsx(
  record: RoundRecord,
  ctx: RoundDocumentContext,
): Promise<GeneratedDocument> {
  const w = plain(ctx.t);
  const zone = zoneLabel(ctx.now, ctx.timeZone);
  // Loaded on first use: exceljs is large (about 17 MB resident), and most processes never
  // write a workbook; idle memory on a small server stays lower without it.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.creator = w("documents:process");
  workbook.title = record.title;
  workbook.created = new Date(ctx.now);
  workbook.modified = new Date(ctx.now);

  addPositions(workbook, w, record, ctx);
  addSummary(workbook, w, record);
  if (record.outcome === "adopted") addGovernment(workbook, w, record, ctx.timeZone, zone);
  addHistory(workbook, w, record, ctx.timeZone, zone);

  return {
    buffer: await packWorkbook(workbook),
    fileName: documentFileName({ kind: "round", id: record.id }, "positions", "xlsx", ctx.now, ctx.timeZone),
    mimeType: MIME.xlsx,
  };
}

/** What a position's cell note says: the reason, then each comment and proposed wording with who and when. */
function note(w: Words, answer: StateAnswer, at: (ms: number) => string): string {
  const lines: string[] = [];
  if (answer.reason) lines.push(w("documents:compilation.reason", { text: answer.reason }));
  for (const c of answer.comments)
    lines.push(
      `${w(`documents:compilation.${c.kind}`, { text: c.text })} (${w("documents:compilation.comment_by", { who: c.author, at: at(c.at) })})`,
    );
  return lines.join("\n\n");
}

function addPositions(workbook: Workbook, w: Words, record: RoundRecord, ctx: RoundDocumentContext) {
  const sheet = addTableSheet(workbook, w("documents:matrix.sheet_positions"), [
    { header: w("documents:matrix.col_state"), width: 26 },
    ...record.items.map((i) => ({ header: i.label, width: 16 })),
  ]);
  const at = (ms: number) => documentDateTime(ms, ctx.timeZone, ctx.lang);
  record.states.forEach((state, row) => {
    const line = sheet.addRow([
      state.name,
      ...record.items.map((item) => {
        const answer = item.answers[row];
        return w(`documents:position.${answer ? answerCategory(answer) : "none"}`);
      }),
    ]);
    if (state.member) line.getCell(1).font = { bold: true };
    record.items.forEach((item, column) => {
      const answer = item.answers[row];
      if (!answer) return;
      const cell = line.getCell(column + 2);
      cell.fill = solidFill(LIGHT[answerCategory(answer)]);
      const text = note(w, answer, at);
      if (text) cell.note = text;
    });
  });
}

function addSummary(workbook: Workbook, w: Words, record: RoundRecord) {
  const sheet = addTableSheet(workbook, w("documents:matrix.sheet_summary"), [
    { header: w("documents:matrix.col_item"), width: 10 },
    { header: w("documents:matrix.col_text"), width: 70, wrap: true },
    { header: w("documents:position.support"), width: 14 },
    { header: w("documents:position.object"), width: 14 },
    { header: w("documents:position.abstain"), width: 14 },
    { header: w("documents:position.none"), width: 14 },
    { header: w("documents:compilation.col_consensus"), width: 18 },
  ]);
  for (const item of record.items) {
    const row = sheet.addRow([
      item.label,
      item.lead ? `${item.lead}\n${item.text}` : item.text,
      item.counts.support,
      item.counts.object,
      item.counts.abstain,
      item.counts.none,
      w(item.consensus ? "documents:consensus_yes" : "documents:consensus_no"),
    ]);
    row.getCell(7).fill = solidFill(item.consensus ? LIGHT.support : LIGHT.object);
  }
}

function addGovernment(workbook: Workbook, w: Words, record: RoundRecord, timeZone: string, zone: string) {
  const sheet = addTableSheet(workbook, w("documents:matrix.sheet_government"), [
    { header: w("documents:matrix.col_state"), width: 26 },
    { header: w("documents:matrix.col_passed_on"), width: 14, numFmt: DATE_FORMAT },
    { header: w("documents:matrix.col_note"), width: 50, wrap: true },
    { header: w("documents:matrix.col_confirmed_by"), width: 28 },
    { header: w("documents:matrix.col_confirmed_at", { zone }), width: 20, numFmt: DATE_TIME_FORMAT },
  ]);
  const confirmed = new Map(record.government.map((g) => [g.stateCode, g]));
  for (const state of record.states) {
    const g = confirmed.get(state.code);
    sheet.addRow(
      g
        ? [
            state.name,
            new Date(`${g.passedOn}T00:00:00Z`),
            g.note ?? "",
            g.confirmedBy,
            wallClockDate(g.at, timeZone),
          ]
        : [state.name, null, w("documents:compilation.government_waiting"), null, null],
    );
  }
}

function historyRow(
  w: Words,
  n: number,
  e: HistoryEntry,
  timeZone: string,
): (string | number | Date | null)[] {
  return [
    n,
    wallClockDate(e.at, timeZone),
    e.itemLabel ?? "",
    e.affiliation,
    e.person,
    e.role ? w(`documents:role.${e.role}`) : "",
    w(`documents:matrix.event.${e.kind}`),
    e.position ? w(`documents:position.${e.position}`) : "",
    e.text ?? "",
    e.current === null
      ? ""
      : w(e.current ? "documents:matrix.status_current" : "documents:matrix.status_superseded"),
  ];
}

function addHistory(workbook: Workbook, w: Words, record: RoundRecord, timeZone: string, zone: string) {
  const sheet = addTableSheet(workbook, w("documents:matrix.sheet_history"), [
    { header: w("documents:matrix.col_no"), width: 7 },
    { header: w("documents:matrix.col_when", { zone }), width: 18, numFmt: DATE_TIME_FORMAT },
    { header: w("documents:matrix.col_item"), width: 8 },
    { header: w("documents:matrix.col_affiliation"), width: 24 },
    { header: w("documents:matrix.col_person"), width: 26 },
    { header: w("documents:matrix.col_role"), width: 22 },
    { header: w("documents:matrix.col_event"), width: 22 },
    { header: w("documents:matrix.col_position"), width: 16 },
    { header: w("documents:matrix.col_details"), width: 60, wrap: true },
    { header: w("documents:matrix.col_status"), width: 14 },
  ]);
  record.history.forEach((entry, i) => {
    const row = sheet.addRow(historyRow(w, i + 1, entry, timeZone));
    if (entry.current === false) row.font = { color: { argb: "FF808080" } };
  });
}
