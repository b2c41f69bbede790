/**
 * The tally as a picture the secretariat takes in at a glance: recommendations across, states
 * down, each cell coloured by the state's answer (supported, objected, abstained, comment only, no
 * answer) with a mark that does not rely on colour alone, a consensus mark under each item, and
 * the legend. Built as SVG and rendered to PNG by resvg with the shipped fonts only.
 */
import { Resvg } from "@resvg/resvg-js";
import { firstGraphemes } from "../domain/free-text.js";
import type { RoundRecord } from "../domain/reviews/record.js";
import { type GeneratedDocument, MIME, plain, type RoundDocumentContext, type Words } from "./context.js";
import { documentDateTime, zoneLabel } from "./dates.js";
import { documentFileName } from "./file-names.js";
import { ANSWER_CATEGORIES, type AnswerCategory, answerCategory, STRONG } from "./palette.js";
import { PICTURE_FONT_FAMILY, pictureFontFiles } from "./picture-fonts.js";
import { type Box, cellBox, TALLY_PICTURE_SIZE, tallyLayout } from "./tally-picture-layout.js";

const INK = "#1F2933";
const MUTED = "#52606D";

function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** About how wide a line of Noto Sans is: 0.58 em a character on average over mixed Cyrillic and Latin. */
function estimateWidth(content: string, size: number): number {
  return [...content].length * size * 0.58;
}

/**
 * A line of text that stays within `maxWidth`: cut at a whole character with an ellipsis when it is
 * far too long, then squeezed to the width (SVG `textLength`) when the estimate says it still runs over.
 */
function text(
  content: string,
  at: {
    x: number;
    y: number;
    size: number;
    maxWidth: number;
    bold?: boolean;
    anchor?: string;
    fill?: string;
  },
): string {
  let shown = content;
  if (estimateWidth(shown, at.size) > at.maxWidth * 1.2) {
    const keep = Math.max(1, Math.floor((at.maxWidth * 1.15) / (at.size * 0.58)) - 1);
    shown = `${firstGraphemes(shown, keep).trimEnd()}…`;
  }
  const squeeze =
    estimateWidth(shown, at.size) > at.maxWidth
      ? ` textLength="${at.maxWidth}" lengthAdjust="spacingAndGlyphs"`
      : "";
  const weight = at.bold ? ' font-weight="700"' : "";
  const anchor = at.anchor ? ` text-anchor="${at.anchor}"` : "";
  return `<text x="${at.x}" y="${at.y}" font-size="${at.size}"${weight}${anchor} fill="${at.fill ?? INK}"${squeeze}>${escapeXml(shown)}</text>`;
}

/** The mark inside a cell, white (dark on yellow), so the picture also reads without colour. */
function mark(category: AnswerCategory, box: Box): string {
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  const r = Math.max(3, Math.min(box.width, box.height) * 0.22);
  const stroke = category === "abstain" ? INK : "#FFFFFF";
  const line = `fill="none" stroke="${stroke}" stroke-width="${Math.max(2, r / 3).toFixed(1)}" stroke-linecap="round" stroke-linejoin="round"`;
  switch (category) {
    case "support":
      return `<path d="M${cx - r} ${cy} L${cx - r / 3} ${cy + r * 0.7} L${cx + r} ${cy - r * 0.7}" ${line}/>`;
    case "object":
      return `<path d="M${cx - r * 0.8} ${cy - r * 0.8} L${cx + r * 0.8} ${cy + r * 0.8} M${cx + r * 0.8} ${cy - r * 0.8} L${cx - r * 0.8} ${cy + r * 0.8}" ${line}/>`;
    case "abstain":
      return `<path d="M${cx - r} ${cy} L${cx + r} ${cy}" ${line}/>`;
    case "comment":
      return [-1, 0, 1]
        .map(
          (k) => `<circle cx="${cx + k * r * 0.8}" cy="${cy}" r="${(r / 4).toFixed(1)}" fill="${stroke}"/>`,
        )
        .join("");
    case "none":
      return "";
  }
}

/** A small white dot in the corner: a comment or proposed wording came with the position. */
function commentDot(box: Box): string {
  const r = Math.max(2, Math.min(box.width, box.height) * 0.1);
  return `<circle cx="${box.x + box.width - r - 3}" cy="${box.y + r + 3}" r="${r.toFixed(1)}" fill="#FFFFFF" stroke="${INK}" stroke-width="1"/>`;
}

function consensusMark(held: boolean, cx: number, cy: number, r: number): string {
  const colour = held ? STRONG.support : STRONG.object;
  const inner = held
    ? `<path d="M${cx - r * 0.5} ${cy} L${cx - r * 0.15} ${cy + r * 0.4} L${cx + r * 0.55} ${cy - r * 0.4}"`
    : `<path d="M${cx - r * 0.45} ${cy - r * 0.45} L${cx + r * 0.45} ${cy + r * 0.45} M${cx + r * 0.45} ${cy - r * 0.45} L${cx - r * 0.45} ${cy + r * 0.45}"`;
  return `<circle cx="${cx}" cy="${cy}" r="${r}" fill="#${colour}"/>${inner} fill="none" stroke="#FFFFFF" stroke-width="3" stroke-linecap="round"/>`;
}

/** The legend in one line: each swatch with its word, the slots as wide as their words need. */
function legend(w: Words, top: number): string {
  const { width } = TALLY_PICTURE_SIZE;
  const size = 15;
  const slots = [...ANSWER_CATEGORIES, "dot"] as const;
  const labels = slots.map((slot) =>
    slot === "dot" ? w("documents:picture.commented") : w(`documents:position.${slot}`),
  );
  const natural = labels.map((label) => 32 + estimateWidth(label, size) + 28);
  const scale = Math.min(1, (width - 64) / natural.reduce((a, b) => a + b, 0));
  const parts: string[] = [];
  let x = 32;
  slots.forEach((slot, i) => {
    const slotWidth = (natural[i] ?? 0) * scale;
    const swatch = { x, y: top + 10, width: 24, height: 24 };
    const fill = slot === "dot" ? STRONG.support : STRONG[slot];
    parts.push(`<rect x="${x}" y="${swatch.y}" width="24" height="24" fill="#${fill}"/>`);
    parts.push(slot === "dot" ? commentDot(swatch) : mark(slot, swatch));
    parts.push(text(labels[i] ?? "", { x: x + 32, y: swatch.y + 18, size, maxWidth: slotWidth - 40 }));
    x += slotWidth;
  });
  return parts.join("");
}

/** The picture as SVG text (what is rendered to PNG); in the person's language. */
export function tallyPictureSvg(record: RoundRecord, ctx: RoundDocumentContext): string {
  const w = plain(ctx.t);
  const { width, height } = TALLY_PICTURE_SIZE;
  const layout = tallyLayout(record.states.length, record.items.length);
  const parts: string[] = [`<rect width="${width}" height="${height}" fill="#FFFFFF"/>`];
  const asOf = `${w("documents:picture.as_of", { at: documentDateTime(ctx.now, ctx.timeZone, ctx.lang) })} (${zoneLabel(ctx.now, ctx.timeZone)})`;
  const held = record.items.filter((i) => i.consensus).length;
  parts.push(
    text(record.title, { x: 32, y: 66, size: 26, bold: true, maxWidth: width - 64 }),
    text(record.status === "closed" ? asOf : `${w("documents:draft_short")} · ${asOf}`, {
      x: 32,
      y: 98,
      size: 17,
      maxWidth: width - 64,
      fill: record.status === "closed" ? MUTED : `#${STRONG.object}`,
      bold: record.status !== "closed",
    }),
    text(
      record.consensus
        ? w("documents:compilation.consensus_all", { total: record.items.length })
        : w("documents:compilation.consensus_partial", {
            held,
            total: record.items.length,
            items: record.items
              .filter((i) => !i.consensus)
              .map((i) => i.label)
              .join(", "),
          }),
      { x: 32, y: 128, size: 17, maxWidth: width - 64, fill: MUTED },
    ),
  );

  const labelSize = Math.min(17, Math.max(9, layout.cellHeight * 0.45));
  const headerSize = Math.min(17, Math.max(9, layout.cellWidth * 0.4));
  record.items.forEach((item, column) => {
    const box = cellBox(layout, 0, column);
    parts.push(
      text(item.label, {
        x: box.x + box.width / 2,
        y: layout.headerBaseline,
        size: headerSize,
        bold: true,
        anchor: "middle",
        maxWidth: box.width,
      }),
    );
  });
  record.states.forEach((state, row) => {
    const box = cellBox(layout, row, 0);
    parts.push(
      text(state.name, {
        x: layout.labelX,
        y: box.y + box.height / 2 + labelSize * 0.35,
        size: labelSize,
        bold: state.member,
        maxWidth: layout.labelWidth,
      }),
    );
    record.items.forEach((item, column) => {
      const answer = item.answers[row];
      const category = answer ? answerCategory(answer) : "none";
      const cell = cellBox(layout, row, column);
      parts.push(
        `<rect x="${cell.x}" y="${cell.y}" width="${cell.width}" height="${cell.height}" fill="#${STRONG[category]}"/>`,
        mark(category, cell),
      );
      if (answer?.position && answer.comments.length > 0) parts.push(commentDot(cell));
    });
  });

  const consensusBox = { y: layout.consensusY, height: 36 };
  parts.push(
    text(w("documents:picture.consensus"), {
      x: layout.labelX,
      y: consensusBox.y + consensusBox.height / 2 + 6,
      size: 17,
      bold: true,
      maxWidth: layout.labelWidth,
    }),
  );
  record.items.forEach((item, column) => {
    const box = cellBox(layout, 0, column);
    const r = Math.max(4, Math.min(15, box.width / 2 - 2));
    parts.push(
      consensusMark(item.consensus, box.x + box.width / 2, consensusBox.y + consensusBox.height / 2, r),
    );
  });

  parts.push(legend(w, layout.legendY));
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${PICTURE_FONT_FAMILY}">${parts.join("")}</svg>`;
}

/** The picture as a PNG of `TALLY_PICTURE_SIZE`. */
export function tallyPicturePng(record: RoundRecord, ctx: RoundDocumentContext): GeneratedDocument {
  const rendered = new Resvg(tallyPictureSvg(record, ctx), {
    font: {
      loadSystemFonts: false,
      fontFiles: pictureFontFiles(),
      defaultFontFamily: PICTURE_FONT_FAMILY,
      sansSerifFamily: PICTURE_FONT_FAMILY,
    },
    fitTo: { mode: "original" },
  }).render();
  return {
    buffer: rendered.asPng(),
    fileName: documentFileName({ kind: "round", id: record.id }, "tally", "png", ctx.now, ctx.timeZone),
    mimeType: MIME.png,
  };
}
