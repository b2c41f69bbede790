/**
 * The pieces both Word documents are built from, with the `docx` library: an A4 page with the
 * Process's name in the header and page numbers in the footer, headings, paragraphs that keep the
 * line breaks people typed, and tables with a repeated header row and shaded cells.
 */
import {
  AlignmentType,
  Document,
  Footer,
  Header,
  HeadingLevel,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";

/** A4 with 2 cm margins, in twentieths of a point: the width a table has to share. */
const PAGE = { width: 11906, height: 16838, margin: 1134 };
export const TEXT_WIDTH = PAGE.width - 2 * PAGE.margin;
const FONT = "Arial";

/** Word's language tag for a language code, so that spelling and hyphenation follow the text. */
function languageTag(lang: string): string {
  const tags: Record<string, string> = {
    ru: "ru-RU",
    en: "en-GB",
    kk: "kk-KZ",
    ky: "ky-KG",
    tg: "tg-TJ",
    tk: "tk-TM",
    uz: "uz-Latn-UZ",
  };
  return tags[lang] ?? lang;
}

export interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  color?: string;
  size?: number;
  /** The language of this text when it is not the document's (the recommendations' official language). */
  lang?: string;
}

/** Text runs keeping the line breaks of `text`. */
export function runs(text: string, style: RunStyle = {}): TextRun[] {
  const { lang, ...rest } = style;
  return text.split(/\r?\n/).map(
    (line, i) =>
      new TextRun({
        text: line,
        break: i > 0 ? 1 : undefined,
        ...rest,
        language: lang ? { value: languageTag(lang) } : undefined,
      }),
  );
}

export function paragraph(text: string, style: RunStyle = {}, spacingAfter = 120): Paragraph {
  return new Paragraph({ children: runs(text, style), spacing: { after: spacingAfter } });
}

export function heading(text: string, level: 1 | 2 | 3 = 1): Paragraph {
  const styles = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 };
  return new Paragraph({
    heading: styles[level],
    children: runs(text),
    spacing: { before: 240, after: 120 },
  });
}

export function title(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.TITLE,
    alignment: AlignmentType.CENTER,
    children: runs(text, { bold: true, size: 32 }),
    spacing: { after: 200 },
  });
}

export interface CellContent {
  /** One paragraph per entry; an entry may hold line breaks. */
  paragraphs: { text: string; style?: RunStyle }[];
  /** Background as RRGGBB. */
  fill?: string;
}

export function cell(content: CellContent | string, width: number): TableCell {
  const c = typeof content === "string" ? { paragraphs: [{ text: content }] } : content;
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    shading: c.fill ? { type: ShadingType.CLEAR, fill: c.fill, color: "auto" } : undefined,
    children: (c.paragraphs.length ? c.paragraphs : [{ text: "" }]).map(
      (p) => new Paragraph({ children: runs(p.text, p.style) }),
    ),
  });
}

/**
 * A full-width table; `shares` are the columns' relative widths. The header row repeats on each
 * page and rows are not split across pages, so a state's answer is never cut in two.
 */
export function table(
  shares: readonly number[],
  header: readonly string[],
  rows: readonly (CellContent | string)[][],
) {
  const total = shares.reduce((a, b) => a + b, 0);
  const widths = shares.map((s) => Math.floor((TEXT_WIDTH * s) / total));
  const head = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: header.map((h, i) =>
      cell({ paragraphs: [{ text: h, style: { bold: true } }], fill: "E7E6E6" }, widths[i] ?? 0),
    ),
  });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: widths,
    rows: [
      head,
      ...rows.map(
        (row) => new TableRow({ cantSplit: true, children: row.map((c, i) => cell(c, widths[i] ?? 0)) }),
      ),
    ],
  });
}

export interface DocumentFrame {
  /** The reader's interface language: the document's own language tag. */
  lang: string;
  title: string;
  /** The line at the top of every page ("Almaty Process — DRAFT"). */
  headerText: string;
  children: (Paragraph | Table)[];
}

/** The whole document, packed into a .docx buffer. */
export async function packDocument(frame: DocumentFrame): Promise<Buffer> {
  const document = new Document({
    title: frame.title,
    creator: "Almaty Process",
    styles: {
      default: {
        document: { run: { font: FONT, size: 20, language: { value: languageTag(frame.lang) } } },
        heading1: { run: { font: FONT, size: 26, bold: true, color: "1F3864" } },
        heading2: { run: { font: FONT, size: 22, bold: true, color: "1F3864" } },
        heading3: { run: { font: FONT, size: 20, bold: true } },
        title: { run: { font: FONT, size: 32, bold: true } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: PAGE.width, height: PAGE.height },
            margin: { top: PAGE.margin, bottom: PAGE.margin, left: PAGE.margin, right: PAGE.margin },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: runs(frame.headerText, { size: 16, color: "595959" }),
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [new TextRun({ children: [PageNumber.CURRENT], size: 16 })],
              }),
            ],
          }),
        },
        children: frame.children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
