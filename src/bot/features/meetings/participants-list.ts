/**
 * The list of participants of a meeting as Word (.docx) or Excel (.xlsx), from the secretariat's
 * meeting view: made in the person's document language (Russian or English) with headings in
 * their own language and times in the venue's zone, with a button for the other official language.
 */
import type { CallbackQueryContext } from "grammy";
import { participantsDocx } from "../../../documents/participants-docx.js";
import { participantsXlsx } from "../../../documents/participants-xlsx.js";
import { DomainError } from "../../../domain/errors.js";
import { readParticipantsRecord } from "../../../domain/meetings/participants.js";
import type { BotContext } from "../../context.js";
import type { MemberContext } from "../../guards.js";
import {
  otherDocumentLanguage,
  otherLanguageKeyboard,
  requestedDocumentLanguage,
  sendGeneratedDocument,
} from "../../shared/documents.js";
import { shorten } from "../../shared/text.js";
import { participantsList } from "./keyboards.js";

const FORMATS = ["docx", "xlsx"] as const;

/** Handles a press of a list-of-participants button (the caller has checked the role). */
export async function sendParticipantsList(ctx: CallbackQueryContext<BotContext>): Promise<void> {
  const c = ctx as CallbackQueryContext<BotContext> & MemberContext;
  const v = participantsList.unpack(ctx.callbackQuery.data);
  const meetingId = Number(v?.m);
  const format = FORMATS.find((f) => f === v?.format);
  if (!v || !format || !Number.isSafeInteger(meetingId)) throw new DomainError("button_invalid");
  const documentLanguage = requestedDocumentLanguage(c, v.lang);
  const record = await readParticipantsRecord(c.deps.db, meetingId, documentLanguage);
  await ctx.answerCallbackQuery();
  const context = { t: c.t, lang: c.lang, documentLanguage, now: c.deps.clock.now() };
  const document =
    format === "docx" ? await participantsDocx(record, context) : await participantsXlsx(record, context);
  const other = otherDocumentLanguage(documentLanguage);
  await sendGeneratedDocument(
    c,
    document,
    c.t("document_chat:caption_participants", {
      title: shorten(record.title, 300),
      language: c.t(`document_chat:text_in.${documentLanguage}`),
    }),
    otherLanguageKeyboard(
      c.t,
      documentLanguage,
      participantsList.pack({ m: meetingId, format, lang: other }),
    ),
  );
}
