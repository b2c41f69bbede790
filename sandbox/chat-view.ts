/**
 * What the page needs to draw one message of a chat: who sent it, its text or caption as HTML,
 * when, whether it was edited, its inline keyboard, and the file or picture it carries (fetched
 * from the sandbox by file id). Reply keyboards and menus are drawn per chat, not per message.
 */
import type { InlineKeyboardButton, KeyboardButton, Message, ReplyKeyboardMarkup } from "grammy/types";
import { entitiesToHtml, escapeHtml } from "./entities-html.js";

/** An inline button: pressed (callback), opened (url), or shown only. */
export type PageButton =
  | { text: string; kind: "callback"; data: string }
  | { text: string; kind: "url"; url: string }
  | { text: string; kind: "other" };

export interface PageMessage {
  id: number;
  /** Sent by the person (drawn on the right), not by the bot. */
  out: boolean;
  html: string;
  /** Milliseconds, sandbox time. */
  date: number;
  edited: boolean;
  keyboard?: PageButton[][];
  document?: { fileId: string; name: string; mimeType: string; size: number };
  photo?: { fileId: string; width: number; height: number };
  /** The start of the message this one answers. */
  replyTo?: string;
}

export interface PageReplyKeyboard {
  rows: string[][];
  oneTime: boolean;
  placeholder?: string;
}

function button(b: InlineKeyboardButton): PageButton {
  if ("callback_data" in b && b.callback_data !== undefined)
    return { text: b.text, kind: "callback", data: b.callback_data };
  if ("url" in b && b.url !== undefined) return { text: b.text, kind: "url", url: b.url };
  return { text: b.text, kind: "other" };
}

/** Kinds of content the bot does not send today, named so that nothing arrives silently. */
function otherContent(m: Message): string | undefined {
  for (const kind of [
    "sticker",
    "video",
    "audio",
    "voice",
    "animation",
    "location",
    "contact",
    "venue",
  ] as const)
    if (m[kind] !== undefined) return kind;
  return undefined;
}

export function pageMessage(m: Message, botId: number): PageMessage {
  const text = m.text ?? m.caption ?? "";
  const entities = m.entities ?? m.caption_entities ?? [];
  const other = otherContent(m);
  const photo = m.photo?.at(-1);
  const doc = m.document;
  const reply = m.reply_to_message;
  const replyText = reply ? (reply.text ?? reply.caption ?? "") : "";
  return {
    id: m.message_id,
    out: m.from?.id !== botId,
    html: entitiesToHtml(text, entities) || (other ? `<i>[${escapeHtml(other)}]</i>` : ""),
    date: m.date * 1000,
    edited: m.edit_date !== undefined,
    ...(m.reply_markup?.inline_keyboard.length
      ? { keyboard: m.reply_markup.inline_keyboard.map((row) => row.map(button)) }
      : {}),
    ...(doc
      ? {
          document: {
            fileId: doc.file_id,
            name: doc.file_name ?? "file",
            mimeType: doc.mime_type ?? "application/octet-stream",
            size: doc.file_size ?? 0,
          },
        }
      : {}),
    ...(photo ? { photo: { fileId: photo.file_id, width: photo.width, height: photo.height } } : {}),
    ...(reply ? { replyTo: replyText.slice(0, 80) } : {}),
  };
}

export function pageReplyKeyboard(k: ReplyKeyboardMarkup | undefined): PageReplyKeyboard | undefined {
  if (!k) return undefined;
  return {
    rows: k.keyboard.map((row) => row.map((b: KeyboardButton) => (typeof b === "string" ? b : b.text))),
    oneTime: k.one_time_keyboard === true,
    ...(k.input_field_placeholder ? { placeholder: k.input_field_placeholder } : {}),
  };
}
