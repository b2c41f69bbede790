/**
 * What an outbox row sends: a ready message (text, photo, document), or a reference to a
 * renderer that builds it at send time in the recipient's language and time zone.
 */
import type { InlineKeyboardButton, MessageEntity } from "grammy/types";

export type Buttons = InlineKeyboardButton[][];

export type ReadyMessage =
  | { type: "text"; text: string; parseMode?: "HTML"; entities?: MessageEntity[]; buttons?: Buttons }
  | {
      type: "photo";
      fileId: string;
      caption?: string;
      parseMode?: "HTML";
      captionEntities?: MessageEntity[];
      buttons?: Buttons;
    }
  | {
      type: "document";
      /** An uploaded file's id, or a file made here (base64). */
      fileId?: string;
      file?: { filename: string; base64: string; mimeType?: string };
      caption?: string;
      parseMode?: "HTML";
      captionEntities?: MessageEntity[];
      buttons?: Buttons;
    };

export type OutboxContent =
  | ReadyMessage
  | { type: "render"; renderer: string; params: Record<string, unknown> };
