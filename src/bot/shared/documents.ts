/**
 * Sending the files the secretariat circulates (src/documents/) in the chat: which official
 * language a document is made in for this person, the button that asks for the same document in
 * the other official language, and the upload itself with the generator's file name. Rounds and
 * meetings both use these steps.
 */
import { InlineKeyboard, InputFile } from "grammy";
import type { GeneratedDocument } from "../../documents/context.js";
import { DomainError } from "../../domain/errors.js";
import { OFFICIAL_LANGUAGES } from "../../domain/reference.js";
import type { MemberContext } from "../guards.js";
import type { Translate } from "../i18n.js";

/** A button's language field: "-" for the person's own document language, or an official language. */
export const OWN_DOCUMENT_LANGUAGE = "-";

/**
 * The official language a person reads documents in: their chosen document language, else their
 * interface language when it is official, else Russian (the working language of the Process).
 */
export function defaultDocumentLanguage(person: { document_language: string | null }, lang: string): string {
  for (const candidate of [person.document_language, lang])
    if (candidate && OFFICIAL_LANGUAGES.includes(candidate)) return candidate;
  return OFFICIAL_LANGUAGES[0] ?? "ru";
}

/** The document language a button asks for; a forged value is refused before anything is made. */
export function requestedDocumentLanguage(ctx: MemberContext, field: string): string {
  if (field === OWN_DOCUMENT_LANGUAGE) return defaultDocumentLanguage(ctx.person, ctx.lang);
  if (OFFICIAL_LANGUAGES.includes(field)) return field;
  throw new DomainError("button_invalid");
}

/** The other official language than `lang`. */
export function otherDocumentLanguage(lang: string): string {
  return OFFICIAL_LANGUAGES.find((l) => l !== lang) ?? lang;
}

/** "The same in English" under a document made in Russian (and the other way round). */
export function otherLanguageKeyboard(t: Translate, shown: string, callbackData: string): InlineKeyboard {
  return new InlineKeyboard().text(t(`document_chat:same_in.${otherDocumentLanguage(shown)}`), callbackData);
}

/** Sends a generated file as a document under its own file name. */
export async function sendGeneratedDocument(
  ctx: MemberContext,
  document: GeneratedDocument,
  caption: string,
  keyboard?: InlineKeyboard,
): Promise<void> {
  await ctx.replyWithDocument(new InputFile(document.buffer, document.fileName), {
    caption,
    parse_mode: "HTML",
    ...(keyboard ? { reply_markup: keyboard } : {}),
  });
}
