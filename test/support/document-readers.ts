/**
 * Reading the generated documents back the way a reader's program would, for the tests: a Word
 * file through mammoth (as headings, paragraphs and tables of cell texts), an Excel file through
 * ExcelJS, a PNG through pngjs (one pixel's colour).
 */
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { PNG } from "pngjs";

export type Block = { kind: "h1" | "h2" | "h3" | "p"; text: string } | { kind: "table"; rows: string[][] };

function decode(html: string): string {
  return html
    .replace(/<\/p>\s*<p[^>]*>/g, "\n")
    .replace(/<br\s*\/?>/g, "\n")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
}

/** The document's body as a flat list of headings, paragraphs and tables, in order. */
export async function docxBlocks(buffer: Buffer): Promise<Block[]> {
  const { value: html } = await mammoth.convertToHtml({ buffer });
  const blocks: Block[] = [];
  for (const m of html.matchAll(/<(h[1-6]|p|table)[^>]*>([\s\S]*?)<\/\1>/g)) {
    const tag = m[1] ?? "p";
    const inner = m[2] ?? "";
    if (tag === "table") {
      const rows = [...inner.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((r) =>
        [...(r[1] ?? "").matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((c) => decode(c[1] ?? "")),
      );
      blocks.push({ kind: "table", rows });
    } else {
      blocks.push({ kind: tag === "h1" || tag === "h2" || tag === "h3" ? tag : "p", text: decode(inner) });
    }
  }
  return blocks;
}

/** The whole text of a Word file, paragraphs on their own lines. */
export async function docxText(buffer: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer })).value;
}

/** The blocks after the heading with exactly `text`, up to the next heading of the same or a higher level. */
export function section(blocks: readonly Block[], text: string): Block[] {
  const start = blocks.findIndex((b) => b.kind !== "table" && b.kind !== "p" && b.text === text);
  if (start < 0) throw new Error(`no heading "${text}"`);
  const level = blocks[start]?.kind ?? "h1";
  const end = blocks.findIndex(
    (b, i) => i > start && (b.kind === "h1" || (b.kind === "h2" && level !== "h1") || b.kind === level),
  );
  return blocks.slice(start + 1, end < 0 ? undefined : end);
}

/** The first table among `blocks`. */
export function firstTable(blocks: readonly Block[]): string[][] {
  const table = blocks.find((b) => b.kind === "table");
  if (table?.kind !== "table") throw new Error("no table");
  return table.rows;
}

export async function readWorkbook(buffer: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  return workbook;
}

export function decodePng(buffer: Buffer): PNG {
  return PNG.sync.read(buffer);
}

/** The colour at (x, y) as RRGGBB. */
export function pixel(png: PNG, x: number, y: number): string {
  const i = (Math.round(y) * png.width + Math.round(x)) * 4;
  return [png.data[i], png.data[i + 1], png.data[i + 2]]
    .map((v) => (v ?? 0).toString(16).padStart(2, "0"))
    .join("")
    .toUpperCase();
}
