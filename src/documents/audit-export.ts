/**
 * The audit trail as a file: CSV (UTF-8 with a BOM, so spreadsheet programs read Cyrillic right)
 * or an Excel workbook (exceljs) with a frozen, filterable header row. One row per entry; times in
 * UTC, ISO 8601. Headings come in as labels, so the bot can give them in the reader's language.
 */
import { stringify } from "csv-stringify/sync";
import type { AuditRecord } from "../domain/audit-trail.js";

export interface AuditColumnLabels {
  at: string;
  who: string;
  role: string;
  affiliation: string;
  action: string;
  subject: string;
  details: string;
}

export const ENGLISH_AUDIT_LABELS: AuditColumnLabels = {
  at: "when (UTC)",
  who: "who",
  role: "role",
  affiliation: "state or organisation",
  action: "action",
  subject: "on what",
  details: "details",
};

/** The label the bot itself and the operator's command line appear under. */
const NOBODY = "(bot or operator)";

function cells(r: AuditRecord): string[] {
  return [
    new Date(r.at).toISOString(),
    r.actor ? `${r.actor.name} (#${r.actor.id})` : NOBODY,
    r.actor?.role ?? "",
    r.actor?.state ?? r.actor?.org ?? "",
    r.action,
    r.subjectText,
    r.detailsText,
  ];
}

function headings(labels: AuditColumnLabels): string[] {
  return [
    labels.at,
    labels.who,
    labels.role,
    labels.affiliation,
    labels.action,
    labels.subject,
    labels.details,
  ];
}

export function auditCsv(records: readonly AuditRecord[], labels = ENGLISH_AUDIT_LABELS): string {
  return stringify([headings(labels), ...records.map(cells)], { bom: true });
}

export async function auditXlsx(
  records: readonly AuditRecord[],
  labels = ENGLISH_AUDIT_LABELS,
  sheetName = "Audit",
): Promise<Buffer> {
  // Loaded on first use: exceljs is large, and most processes never write a workbook.
  const { default: ExcelJS } = await import("exceljs");
  const workbook = new ExcelJS.Workbook();
  workbook.created = new Date(0);
  const sheet = workbook.addWorksheet(sheetName.slice(0, 31), { views: [{ state: "frozen", ySplit: 1 }] });
  const widths = [22, 28, 14, 12, 26, 44, 70];
  sheet.columns = headings(labels).map((header, i) => ({ header, width: widths[i] }));
  sheet.getRow(1).font = { bold: true };
  for (const r of records) sheet.addRow(cells(r));
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: 7 } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A file name that says what and when: `audit-2027-03-01--2027-03-31-KZ.xlsx`. */
export function auditFileName(
  o: { since?: number; until?: number; state?: string; personId?: number },
  ext: "csv" | "xlsx",
): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const parts = ["audit"];
  parts.push(o.since !== undefined ? day(o.since) : "start");
  // `until` is exclusive: the file names the last day it holds.
  parts.push(o.until !== undefined ? day(o.until - 1) : "now");
  if (o.state) parts.push(o.state.toUpperCase());
  if (o.personId !== undefined) parts.push(`person-${o.personId}`);
  return `${parts.slice(0, 2).join("-")}--${parts.slice(2).join("-")}.${ext}`;
}
