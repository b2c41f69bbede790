/**
 * Message-related Bot API methods of the fake Telegram server: sending text, documents and photos,
 * copying/forwarding, editing (text, caption, reply markup), deleting, chat actions, callback
 * answers and getFile, with Telegram's validation rules and error descriptions.
 */
import type { Message, MessageEntity } from "grammy/types";
import {
  admitEdit,
  admitSend,
  applyKeyboard,
  guardChat,
  type Markup,
  type MethodContext,
  type MethodHandler,
  parseMarkup,
  resolveReply,
} from "./fake-telegram-context.js";
import { formatText } from "./fake-telegram-entities.js";
import { documentOf, photoSizesOf, resolveInputFile } from "./fake-telegram-media.js";
import type { ChatState } from "./fake-telegram-state.js";
import { badRequest, type CallbackAnswer, type Params } from "./fake-telegram-types.js";

const NOT_MODIFIED =
  "message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message";
/** Characters allowed in answerCallbackQuery's `text`. */
const CALLBACK_ANSWER_MAX = 200;
const CHAT_ACTIONS = new Set([
  "typing",
  "upload_photo",
  "record_video",
  "upload_video",
  "record_voice",
  "upload_voice",
  "upload_document",
  "choose_sticker",
  "find_location",
  "record_video_note",
  "upload_video_note",
]);
const CONTENT_KEYS = [
  "text",
  "entities",
  "document",
  "photo",
  "sticker",
  "contact",
  "location",
  "venue",
  "video",
  "audio",
  "voice",
  "animation",
  "caption",
  "caption_entities",
] as const;
const MEDIA_KEYS = ["document", "photo", "video", "audio", "voice", "animation"] as const;

function textOf(p: Params): { text: string; entities?: MessageEntity[] } {
  const f = formatText(p.str("text") ?? "", p.str("parse_mode"), p.json("entities"));
  if (!f.text) throw badRequest("message text is empty");
  if (f.text.length > 4096) throw badRequest("message is too long");
  return { text: f.text, ...(f.entities.length > 0 ? { entities: f.entities } : {}) };
}

function captionOf(p: Params): { caption?: string; caption_entities?: MessageEntity[] } {
  const raw = p.str("caption");
  if (!raw) return {};
  const f = formatText(raw, p.str("parse_mode"), p.json("caption_entities"));
  if (f.text.length > 1024) throw badRequest("message caption is too long");
  if (!f.text) return {};
  return { caption: f.text, ...(f.entities.length > 0 ? { caption_entities: f.entities } : {}) };
}

/** Validate markup and reply target, admit the send (403/429), store the bot message. */
function finishSend(
  ctx: MethodContext,
  chat: ChatState,
  p: Params,
  method: string,
  content: Partial<Message>,
): Message {
  const markup = parseMarkup(p);
  const reply = resolveReply(ctx, chat, p);
  admitSend(ctx, chat, method);
  const message = ctx.state.storeMessage(chat, {
    from: ctx.bot,
    ...(reply ? { reply_to_message: reply } : {}),
    ...content,
    ...(markup.inline ? { reply_markup: markup.inline } : {}),
    ...(p.bool("protect_content") ? { has_protected_content: true as const } : {}),
  });
  applyKeyboard(chat, markup);
  return message;
}

function editable(ctx: MethodContext, p: Params): { chat: ChatState; message: Message } {
  if (p.has("inline_message_id")) throw badRequest("MESSAGE_ID_INVALID");
  const chat = ctx.state.resolveChat(p.chatId());
  const id = p.int("message_id");
  if (id === undefined) throw badRequest("message identifier is not specified");
  const message = ctx.state.message(chat, id);
  if (!message) throw badRequest("message to edit not found");
  if (message.from?.id !== ctx.bot.id) throw badRequest("message can't be edited");
  return { chat, message };
}

const contentKey = (m: Message): string =>
  JSON.stringify([m.text, m.entities, m.caption, m.caption_entities, m.reply_markup]);

/**
 * Apply an edit: the inline keyboard is dropped unless reply_markup is given, like Telegram. An edit
 * that changes something counts towards the flood limits (one that changes nothing is refused first).
 */
function commitEdit(
  ctx: MethodContext,
  chat: ChatState,
  old: Message,
  changes: Partial<Message>,
  markup: Markup,
  method: string,
): Message {
  if (markup.keyboard || markup.remove || markup.forceReply) throw badRequest("inline keyboard expected");
  const { reply_markup: _markup, edit_date: _date, ...rest } = old;
  const next: Message = { ...rest, ...changes };
  for (const key of ["entities", "caption", "caption_entities"] as const) {
    if (key in changes && changes[key] === undefined) delete next[key];
  }
  if (markup.inline) next.reply_markup = markup.inline;
  if (contentKey(next) === contentKey(old)) throw badRequest(NOT_MODIFIED);
  admitEdit(ctx, chat, method);
  next.edit_date = ctx.state.unix();
  ctx.state.replaceMessage(chat, next);
  return next;
}

/** Pick the content of a message (what copyMessage copies). */
function contentOf(src: Message): Partial<Message> {
  const out: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) if (src[key] !== undefined) out[key] = src[key];
  return out as Partial<Message>;
}

function sourceMessage(ctx: MethodContext, p: Params, what: string): Message {
  const from = ctx.state.resolveChat(p.chatId("from_chat_id"));
  const src = ctx.state.message(from, p.int("message_id"));
  if (!src) throw badRequest(`message to ${what} not found`);
  if (!CONTENT_KEYS.some((k) => src[k] !== undefined)) throw badRequest(`message can't be ${what}ed`);
  return src;
}

/** Handlers of message-related methods, keyed by canonical method name. */
export const MESSAGE_METHODS: Record<string, MethodHandler> = {
  sendMessage(ctx, p, _signal, method) {
    const chat = ctx.state.resolveChat(p.chatId());
    return finishSend(ctx, chat, p, method, textOf(p));
  },
  sendDocument(ctx, p, _signal, method) {
    const chat = ctx.state.resolveChat(p.chatId());
    const caption = captionOf(p);
    const file = resolveInputFile(ctx.state, p, "document", "document");
    return finishSend(ctx, chat, p, method, { document: documentOf(file), ...caption });
  },
  sendPhoto(ctx, p, _signal, method) {
    const chat = ctx.state.resolveChat(p.chatId());
    const caption = captionOf(p);
    const file = resolveInputFile(ctx.state, p, "photo", "photo");
    return finishSend(ctx, chat, p, method, { photo: photoSizesOf(ctx.state, file), ...caption });
  },
  copyMessage(ctx, p, _signal, method) {
    const chat = ctx.state.resolveChat(p.chatId());
    const src = sourceMessage(ctx, p, "copy");
    const content = contentOf(src);
    const isMedia = MEDIA_KEYS.some((k) => src[k] !== undefined);
    if (isMedia && (p.raw.caption !== undefined || p.bool("remove_caption"))) {
      delete content.caption;
      delete content.caption_entities;
      if (!p.bool("remove_caption")) Object.assign(content, captionOf(p));
    }
    return { message_id: finishSend(ctx, chat, p, method, content).message_id };
  },
  forwardMessage(ctx, p, _signal, method) {
    const chat = ctx.state.resolveChat(p.chatId());
    const src = sourceMessage(ctx, p, "forward");
    const origin = { type: "user" as const, sender_user: src.from ?? ctx.bot, date: src.date };
    return finishSend(ctx, chat, p, method, { ...contentOf(src), forward_origin: origin });
  },
  editMessageText(ctx, p, _signal, method) {
    const { chat, message } = editable(ctx, p);
    if (message.text === undefined) throw badRequest("there is no text in the message to edit");
    const { text, entities } = textOf(p);
    return commitEdit(ctx, chat, message, { text, entities }, parseMarkup(p), method);
  },
  editMessageCaption(ctx, p, _signal, method) {
    const { chat, message } = editable(ctx, p);
    if (!MEDIA_KEYS.some((k) => message[k] !== undefined)) {
      throw badRequest("there is no caption in the message to edit");
    }
    const { caption, caption_entities } = captionOf(p);
    return commitEdit(ctx, chat, message, { caption, caption_entities }, parseMarkup(p), method);
  },
  editMessageReplyMarkup(ctx, p, _signal, method) {
    const { chat, message } = editable(ctx, p);
    return commitEdit(ctx, chat, message, {}, parseMarkup(p), method);
  },
  deleteMessage(ctx, p) {
    const chat = ctx.state.resolveChat(p.chatId());
    const message = ctx.state.message(chat, p.int("message_id"));
    if (!message) throw badRequest("message to delete not found");
    const botStatus = chat.members.get(ctx.bot.id)?.status;
    const isAdmin = botStatus === "administrator" || botStatus === "creator";
    if (chat.chat.type !== "private" && message.from?.id !== ctx.bot.id && !isAdmin) {
      throw badRequest("message can't be deleted");
    }
    ctx.state.deleteMessage(chat, message);
    return true;
  },
  deleteMessages(ctx, p) {
    const chat = ctx.state.resolveChat(p.chatId());
    const ids = p.json("message_ids");
    if (!Array.isArray(ids) || ids.length === 0) throw badRequest("message identifiers are not specified");
    for (const id of ids) {
      const message = ctx.state.message(chat, Number(id));
      if (message) ctx.state.deleteMessage(chat, message);
    }
    return true;
  },
  sendChatAction(ctx, p) {
    const chat = ctx.state.resolveChat(p.chatId());
    if (!CHAT_ACTIONS.has(p.str("action") ?? "")) throw badRequest("wrong parameter action in request");
    guardChat(ctx, chat);
    return true;
  },
  answerCallbackQuery(ctx, p) {
    const id = p.str("callback_query_id") ?? "";
    const entry = ctx.callbackQueries.get(id);
    if (!entry || entry.answered) {
      throw badRequest("query is too old and response timeout expired or query ID is invalid");
    }
    const text = p.str("text");
    // Telegram's limit for the notification or alert; the query stays unanswered and can be retried.
    if (text !== undefined && text.length > CALLBACK_ANSWER_MAX) throw badRequest("MESSAGE_TOO_LONG");
    entry.answered = true;
    const url = p.str("url");
    const cacheTime = p.int("cache_time");
    const answer: CallbackAnswer = {
      callback_query_id: id,
      ...(text !== undefined ? { text } : {}),
      show_alert: p.bool("show_alert"),
      ...(url !== undefined ? { url } : {}),
      ...(cacheTime !== undefined ? { cache_time: cacheTime } : {}),
      at: ctx.state.clock(),
      query: entry.query,
    };
    ctx.callbackAnswers.push(answer);
    ctx.state.observer.emit("callbackAnswer", answer);
    return true;
  },
  getFile(ctx, p) {
    const file = ctx.state.files.get(p.str("file_id") ?? "");
    if (!file) throw badRequest("invalid file_id");
    if (file.content.length > 20 * 1024 * 1024) throw badRequest("file is too big");
    return {
      file_id: file.file_id,
      file_unique_id: file.file_unique_id,
      file_size: file.content.length,
      file_path: file.file_path,
    };
  },
};
