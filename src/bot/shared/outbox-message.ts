/**
 * What every outbox renderer needs: the recipient's language, `t`, document language and zone,
 * and a ready HTML message with its buttons.
 */
import type { InlineKeyboard } from "grammy";
import type { Kysely } from "kysely";
import type { Database } from "../../db/schema.js";
import type { Person } from "../../domain/people/people.js";
import { effectiveTimeZone } from "../../domain/people/time-zones.js";
import type { ReadyMessage } from "../../outbox/content.js";
import type { BotDeps } from "../context.js";
import type { Translate } from "../i18n.js";

export interface Recipient {
  person: Person;
  lang: string;
  /** The language official documents are shown in: the person's document language, else `lang`. */
  docLang: string;
  t: Translate;
  zone: string;
}

/** The recipient of an outbox row as the message must speak to them; null for a bare chat. */
export async function recipientOf(
  deps: BotDeps,
  db: Kysely<Database>,
  person: Person | null,
): Promise<Recipient | null> {
  if (!person) return null;
  const lang = deps.translations.resolveLanguage(person.language, undefined);
  return {
    person,
    lang,
    docLang: person.document_language ?? lang,
    t: deps.translations.forLanguage(lang),
    zone: await effectiveTimeZone(db, person, deps.config.defaultTimeZone),
  };
}

/** A text message in HTML, with the keyboard's buttons if any. */
export function htmlMessage(body: string, keyboard?: InlineKeyboard): ReadyMessage {
  return {
    type: "text",
    text: body,
    parseMode: "HTML",
    ...(keyboard ? { buttons: keyboard.inline_keyboard } : {}),
  };
}
