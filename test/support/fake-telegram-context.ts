/**
 * What Bot API method handlers of the fake Telegram server share: the context object (state, update
 * queue, limits, records), the handler signature, and the checks every send goes through (blocked
 * users, conversations the bot may not initiate, reply_markup validation, replies, flood limits).
 */
import type {
  BotCommand,
  CallbackQuery,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  ReplyKeyboardMarkup,
  User,
  UserFromGetMe,
} from "grammy/types";
import { type FaultInjector, SEND_METHODS, type SendLimiter } from "./fake-telegram-limits.js";
import { asReply, type ChatState, type FakeState, type ReplyMessage } from "./fake-telegram-state.js";
import { asRecord, badRequest, type CallbackAnswer, forbidden, type Params } from "./fake-telegram-types.js";
import type { UpdateQueue } from "./fake-telegram-updates.js";

/** Everything a method handler may read or change. */
export interface MethodContext {
  me: UserFromGetMe;
  bot: User;
  state: FakeState;
  updates: UpdateQueue;
  limiter: SendLimiter;
  faults: FaultInjector;
  /** Bot commands per `scopeKey(scope, language_code)`. */
  commands: Map<string, BotCommand[]>;
  /** Name/description/short description per `${kind}|${language_code}`. */
  profile: Map<string, string>;
  defaultMenuButton: unknown;
  callbackQueries: Map<string, { query: CallbackQuery; answered: boolean }>;
  callbackAnswers: CallbackAnswer[];
}

/** A successful result that Telegram sends with a `description` (setWebhook, deleteWebhook). */
export class Described {
  constructor(
    readonly result: unknown,
    readonly description: string,
  ) {}
}

/** A Bot API method implementation. Throw TelegramApiFailure to answer an error. */
export type MethodHandler = (
  ctx: MethodContext,
  p: Params,
  signal: AbortSignal,
  method: string,
) => unknown | Promise<unknown>;

/** reply_markup parsed and validated, split by kind. */
export interface Markup {
  inline?: InlineKeyboardMarkup;
  keyboard?: ReplyKeyboardMarkup;
  remove?: boolean;
  forceReply?: boolean;
}

const BUTTON_ACTIONS = [
  "callback_data",
  "url",
  "login_url",
  "switch_inline_query",
  "switch_inline_query_current_chat",
  "switch_inline_query_chosen_chat",
  "callback_game",
  "pay",
  "web_app",
  "copy_text",
];

const MARKUP_ERROR = "can't parse reply keyboard markup JSON object";

function validateInlineButton(b: unknown): InlineKeyboardButton {
  const button = asRecord(b);
  if (!button || typeof button.text !== "string") throw badRequest(MARKUP_ERROR);
  if (button.text.trim() === "")
    throw badRequest("can't parse inline keyboard button: Text must be non-empty");
  const actions = BUTTON_ACTIONS.filter((a) => button[a] !== undefined);
  if (actions.length === 0) {
    throw badRequest("can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard");
  }
  const data = button.callback_data;
  if (data !== undefined && (typeof data !== "string" || data === "" || Buffer.byteLength(data) > 64)) {
    throw badRequest("BUTTON_DATA_INVALID");
  }
  const url = button.url;
  if (url !== undefined && (typeof url !== "string" || !/^(https?|tg):\/\/\S+$/i.test(url))) {
    throw badRequest(`inline keyboard button URL '${String(url)}' is invalid: Wrong HTTP URL`);
  }
  return button as unknown as InlineKeyboardButton;
}

/** Parse and validate `reply_markup` like Telegram. */
export function parseMarkup(p: Params): Markup {
  const raw = p.json("reply_markup", MARKUP_ERROR);
  if (raw === undefined) return {};
  const m = asRecord(raw);
  if (!m) throw badRequest(MARKUP_ERROR);
  const rows = (v: unknown): unknown[][] => {
    if (!Array.isArray(v) || !v.every(Array.isArray)) throw badRequest(MARKUP_ERROR);
    return v as unknown[][];
  };
  if (m.inline_keyboard !== undefined) {
    const keyboard = rows(m.inline_keyboard).map((row) => row.map(validateInlineButton));
    return { inline: { inline_keyboard: keyboard } };
  }
  if (m.keyboard !== undefined) {
    for (const b of rows(m.keyboard).flat()) {
      const label = typeof b === "string" ? b : asRecord(b)?.text;
      if (typeof label !== "string" || label === "") throw badRequest(MARKUP_ERROR);
    }
    return { keyboard: m as unknown as ReplyKeyboardMarkup };
  }
  if (m.remove_keyboard === true) return { remove: true };
  if (m.force_reply === true) return { forceReply: true };
  throw badRequest(MARKUP_ERROR);
}

/** Apply reply-keyboard effects of a sent message to the chat. */
export function applyKeyboard(chat: ChatState, markup: Markup): void {
  if (markup.keyboard) chat.replyKeyboard = markup.keyboard;
  if (markup.remove) chat.replyKeyboard = undefined;
}

/** The message a send replies to (reply_parameters or legacy reply_to_message_id). */
export function resolveReply(ctx: MethodContext, chat: ChatState, p: Params): ReplyMessage | undefined {
  const rp = asRecord(p.json("reply_parameters"));
  const id = rp ? Number(rp.message_id) : p.int("reply_to_message_id");
  if (id === undefined || Number.isNaN(id)) return undefined;
  const allow = rp ? rp.allow_sending_without_reply === true : p.bool("allow_sending_without_reply");
  const target = ctx.state.message(chat, id);
  if (!target && !allow) throw badRequest("message to be replied not found");
  return target ? asReply(target) : undefined;
}

/** Checks that the bot may write to this chat (blocked, never started, kicked). */
export function guardChat(ctx: MethodContext, chat: ChatState): void {
  if (chat.chat.type === "private") {
    if (chat.blocked) throw forbidden("bot was blocked by the user");
    if (!chat.started) throw forbidden("bot can't initiate conversation with a user");
    return;
  }
  const status = chat.members.get(ctx.bot.id)?.status;
  if (status === "kicked") throw forbidden("bot was kicked from the group chat");
  if (status === "left") throw forbidden("bot is not a member of the group chat");
}

/** Guard + flood accounting for a send; throws 403/429 like Telegram. */
export function admitSend(ctx: MethodContext, chat: ChatState, method: string): void {
  guardChat(ctx, chat);
  if (!SEND_METHODS.has(method.toLowerCase())) return;
  const periodic = ctx.faults.periodic();
  if (periodic) throw periodic;
  admitMessage(ctx, chat, method);
}

/** Flood accounting for an edit, which Telegram's limits count like a new message; throws 429. */
export function admitEdit(ctx: MethodContext, chat: ChatState, method: string): void {
  admitMessage(ctx, chat, method);
}

function admitMessage(ctx: MethodContext, chat: ChatState, method: string): void {
  const isGroup = chat.chat.type === "group" || chat.chat.type === "supergroup";
  const limited = ctx.limiter.attempt(method, chat.chat.id, isGroup, ctx.state.clock());
  if (limited) throw limited;
}

/** Normalised key of a BotCommandScope + language code. */
export function scopeKey(scope: unknown, languageCode = ""): string {
  const s = asRecord(scope) ?? { type: "default" };
  const types = [
    "default",
    "all_private_chats",
    "all_group_chats",
    "all_chat_administrators",
    "chat",
    "chat_administrators",
    "chat_member",
  ];
  if (typeof s.type !== "string" || !types.includes(s.type)) throw badRequest("can't parse BotCommandScope");
  const norm = (v: unknown): unknown => (typeof v === "string" && /^-?\d+$/.test(v) ? Number(v) : v);
  const key: Record<string, unknown> = { type: s.type };
  if (s.type.startsWith("chat")) {
    if (s.chat_id === undefined) throw badRequest("chat_id is empty");
    key.chat_id = norm(s.chat_id);
  }
  if (s.type === "chat_member") key.user_id = norm(s.user_id);
  return `${JSON.stringify(key)}|${languageCode}`;
}
