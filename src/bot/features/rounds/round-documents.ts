/**
 * The files of a review round in /rounds: the compilation (.docx) and the positions matrix (.xlsx)
 * in the secretariat member's document language, with a button for the other official language,
 * and the tally's picture (.png) that opens the tally. Headings in the person's language, times in
 * Almaty time; the generators (src/documents/) make the files from the round read whole.
 */
import { InputFile } from "grammy";
import type { RoundDocumentContext } from "../../../documents/context.js";
import { positionsMatrixXlsx } from "../../../documents/positions-matrix.js";
import { roundCompilationDocx } from "../../../documents/round-compilation.js";
import { tallyPicturePng } from "../../../documents/tally-picture.js";
import { readRoundRecord } from "../../../domain/reviews/record.js";
import { REVIEW_TIME_ZONE } from "../../../domain/reviews/rounds.js";
import type { MemberContext } from "../../guards.js";
import {
  defaultDocumentLanguage,
  otherDocumentLanguage,
  otherLanguageKeyboard,
  sendGeneratedDocument,
} from "../../shared/documents.js";
import { shorten } from "../../shared/text.js";
import { roundDocumentData, tallyPictureKeyboard } from "./keyboards.js";
import { tallyCaption } from "./tally-view.js";

function documentContext(ctx: MemberContext, documentLanguage: string): RoundDocumentContext {
  return {
    t: ctx.t,
    lang: ctx.lang,
    documentLanguage,
    timeZone: REVIEW_TIME_ZONE,
    now: ctx.deps.clock.now(),
  };
}

/** Sends the compilation (`docx`) or the positions matrix (`xlsx`) of a round in `documentLanguage`. */
export async function sendRoundDocument(
  ctx: MemberContext,
  roundId: number,
  format: "docx" | "xlsx",
  documentLanguage: string,
): Promise<void> {
  // The states' names follow the recommendations' language, as an official document's do.
  const record = await readRoundRecord(ctx.deps.db, roundId, {
    text: documentLanguage,
    names: documentLanguage,
  });
  const context = documentContext(ctx, documentLanguage);
  const document =
    format === "docx"
      ? await roundCompilationDocx(record, context)
      : await positionsMatrixXlsx(record, context);
  const other = otherDocumentLanguage(documentLanguage);
  await sendGeneratedDocument(
    ctx,
    document,
    ctx.t(`document_chat:caption_${format}`, {
      id: roundId,
      title: shorten(record.title, 300),
      language: ctx.t(`document_chat:text_in.${record.textLanguage}`),
    }),
    otherLanguageKeyboard(ctx.t, documentLanguage, roundDocumentData(format, roundId, other)),
  );
}

/**
 * Opens the tally with one picture: states × recommendations coloured by position, the consensus
 * summary as its caption, and the button for the details in words.
 */
export async function sendTallyPicture(ctx: MemberContext, roundId: number): Promise<void> {
  const documentLanguage = defaultDocumentLanguage(ctx.person, ctx.lang);
  // The picture is read at a glance: the states' names in the person's own language.
  const record = await readRoundRecord(ctx.deps.db, roundId, { text: documentLanguage, names: ctx.lang });
  const picture = tallyPicturePng(record, documentContext(ctx, documentLanguage));
  await ctx.replyWithPhoto(new InputFile(picture.buffer, picture.fileName), {
    caption: tallyCaption(ctx.t, record),
    parse_mode: "HTML",
    reply_markup: tallyPictureKeyboard(ctx.t, roundId),
  });
}
