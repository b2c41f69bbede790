/**
 * The pieces both Excel workbooks are built from, with ExcelJS: a sheet whose header row and first
 * column stay in view and whose header carries filters, and the cell formats for dates and fills.
 * Values go in typed (numbers as numbers, instants as dates, text as text), never as strings for
 * Excel to guess.
 */
import type { Fill, Workbook, Worksheet } from "exceljs";

/** Day-month order, as the region and British English write it; the header names the zone. */
export const DATE_TIME_FORMAT = "dd.mm.yyyy hh:mm";
export const DATE_FORMAT = "dd.mm.yyyy";

export function solidFill(rgb: string): Fill {
  return { type: "pattern", pattern: "solid", fgColor: { argb: `FF${rgb}` } };
}

export interface Column {
  header: string;
  /** Width in characters. */
  width: number;
  /** Wrap long text in this column. */
  wrap?: boolean;
  numFmt?: string;
}

/**
 * A sheet with a bold, shaded header row; the header row and the first column frozen, filters on
 * the header. Sheet names are cut to Excel's 31 characters and rid of the characters it refuses;
 * "History", which Excel keeps for itself, gets a mark so that no translation can break the file.
 */
export function addTableSheet(workbook: Workbook, name: string, columns: readonly Column[]): Worksheet {
  const clean = name.replace(/[[\]:*?/\\]/g, " ").slice(0, 31);
  const sheet = workbook.addWorksheet(clean.toLowerCase() === "history" ? `${clean.slice(0, 29)} ·` : clean, {
    views: [{ state: "frozen", xSplit: 1, ySplit: 1 }],
  });
  sheet.columns = columns.map((c) => ({
    header: c.header,
    width: c.width,
    style: {
      alignment: { vertical: "top", wrapText: c.wrap ?? false },
      ...(c.numFmt ? { numFmt: c.numFmt } : {}),
    },
  }));
  const header = sheet.getRow(1);
  header.font = { bold: true };
  header.alignment = { vertical: "middle", wrapText: true };
  header.eachCell((cell) => {
    cell.fill = solidFill("E7E6E6");
  });
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return sheet;
}

/** The workbook as a Buffer. */
export async function packWorkbook(workbook: Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
