/**
 * Reading side of the test driver: what a simulated person sees in one chat with the bot. Bot
 * messages are consumed in order (`nextMessage`, `nextEdit`, `waitForText`), shown as normalised
 * views, and inline buttons can be pressed; timeouts explain what arrived instead.
 */
import { randomBytes } from "node:crypto";
import type { CallbackQuery, InlineKeyboardButton, Message, MessageEntity, User } from "grammy/types";
import type { FakeTelegram } from "./fake-telegram.js";
import type { ChatEvent, ChatState } from "./fake-telegram-state.js";
import type { CallbackAnswer } from "./fake-telegram-types.js";

/** A bot message as a test sees it. */
export interface MessageView {
  message_id: number;
  /** text, or the caption of a media message ("" if none). */
  text: string;
  entities: MessageEntity[];
  /** Inline keyboard labels, by row. */
  buttons: string[][];
  /** Inline keyboard callback data, by row ("" for non-callback buttons). */
  callbackData: string[][];
  document?: { filename: string; mimeType: string; content: Buffer; fileId: string };
  photo?: { content: Buffer; fileId: string };
  edited: boolean;
  raw: Message;
}

/** Options of waits. */
export interface WaitOptions {
  timeoutMs?: number;
}

/** Options of `press`. */
export interface PressOptions {
  /** Press on this message instead of the most recent one with a matching button. */
  messageId?: number;
  timeoutMs?: number;
}

// Generous: under CI load (two test files at once, each with a bot process) a reply can take seconds.
const DEFAULT_TIMEOUT = 20_000;

function summary(m: Message): string {
  const text = m.text ?? m.caption;
  const parts = [`#${m.message_id}`];
  if (m.document) parts.push(`[document ${m.document.file_name ?? ""}]`);
  if (m.photo) parts.push("[photo]");
  if (text !== undefined) parts.push(JSON.stringify(text.length > 120 ? `${text.slice(0, 120)}…` : text));
  const kb = m.reply_markup?.inline_keyboard;
  if (kb?.length)
    parts.push(`buttons: ${kb.map((row) => row.map((b) => `[${b.text}]`).join(" ")).join(" / ")}`);
  return parts.join(" ");
}

function matches(button: InlineKeyboardButton, label: string | RegExp, exact: boolean): boolean {
  if (label instanceof RegExp) return label.test(button.text);
  return exact ? button.text.trim() === label.trim() : button.text.includes(label.trim());
}

/** Base of SimUser and SimGroup: one chat as seen by its human members. */
export class SimChat {
  /** Index into the chat's event log up to which new messages were consumed. */
  protected messageCursor: number;
  /** Index into the chat's event log up to which edits were consumed. */
  protected editCursor: number;

  constructor(
    readonly fake: FakeTelegram,
    readonly chatId: number,
  ) {
    this.messageCursor = this.chat.events.length;
    this.editCursor = this.chat.events.length;
  }

  /** The chat's server-side state. */
  get chat(): ChatState {
    return this.fake.chat(this.chatId);
  }

  /** Normalise a message for assertions. */
  view(m: Message): MessageView {
    const kb = m.reply_markup?.inline_keyboard ?? [];
    const doc = m.document;
    const photo = m.photo?.at(-1);
    const docFile = doc ? this.fake.file(doc.file_id) : undefined;
    const photoFile = photo ? this.fake.file(photo.file_id) : undefined;
    return {
      message_id: m.message_id,
      text: m.text ?? m.caption ?? "",
      entities: m.entities ?? m.caption_entities ?? [],
      buttons: kb.map((row) => row.map((b) => b.text)),
      callbackData: kb.map((row) => row.map((b) => ("callback_data" in b ? b.callback_data : ""))),
      ...(doc
        ? {
            document: {
              filename: doc.file_name ?? "",
              mimeType: doc.mime_type ?? "",
              content: docFile?.content ?? Buffer.alloc(0),
              fileId: doc.file_id,
            },
          }
        : {}),
      ...(photo ? { photo: { content: photoFile?.content ?? Buffer.alloc(0), fileId: photo.file_id } } : {}),
      edited: m.edit_date !== undefined,
      raw: m,
    };
  }

  /** All current bot messages in this chat (edited versions, deleted ones left out). */
  messages(): MessageView[] {
    return this.fake.messagesTo(this.chatId).map((m) => this.view(m));
  }

  /** The latest bot message, if any. */
  lastMessage(): MessageView | undefined {
    return this.messages().at(-1);
  }

  /** Labels of the latest inline keyboard in this chat (flat). */
  buttons(): string[] {
    const m = this.fake
      .messagesTo(this.chatId)
      .reverse()
      .find((x) => x.reply_markup?.inline_keyboard.length);
    return m?.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? [];
  }

  /** Labels of the reply keyboard currently shown, by row (undefined if none). */
  replyKeyboard(): string[][] | undefined {
    return this.chat.replyKeyboard?.keyboard.map((row) =>
      row.map((b) => (typeof b === "string" ? b : b.text)),
    );
  }

  /** The next bot message (sendMessage/sendDocument/sendPhoto/copyMessage) after the last consumed one. */
  nextMessage(opts: WaitOptions = {}): Promise<MessageView> {
    return this.consume("message", opts.timeoutMs, "the next bot message");
  }

  /** The next edit of a bot message after the last consumed edit. */
  nextEdit(opts: WaitOptions = {}): Promise<MessageView> {
    return this.consume("edit", opts.timeoutMs, "the next edit of a bot message");
  }

  /** Wait for an unconsumed bot message or edit matching `re`; consumes up to it. */
  waitForText(re: RegExp | string, timeoutMs = DEFAULT_TIMEOUT): Promise<MessageView> {
    const test = (m: Message): boolean => {
      const text = m.text ?? m.caption ?? "";
      return typeof re === "string" ? text.includes(re) : re.test(text);
    };
    const start = Math.min(this.messageCursor, this.editCursor);
    return this.fake.waitFor(
      () => {
        const events = this.chat.events;
        const from = Math.min(this.messageCursor, this.editCursor);
        for (let i = from; i < events.length; i++) {
          const e = events[i];
          if (!e || e.kind === "delete" || !test(e.message)) continue;
          if (e.kind === "message" && i < this.messageCursor) continue;
          if (e.kind === "edit" && i < this.editCursor) continue;
          if (e.kind === "message") this.messageCursor = i + 1;
          else this.editCursor = i + 1;
          return this.view(e.message);
        }
        return undefined;
      },
      timeoutMs,
      () => this.describeWait(`a bot message or edit matching ${String(re)}`, start),
    );
  }

  /** Resolve if no new bot message arrives within `ms`; throw with the message otherwise. */
  async expectNoMessage(ms = 300): Promise<void> {
    const got = await this.nextMessage({ timeoutMs: ms }).catch(() => undefined);
    if (got) throw new Error(`expected no bot message in chat ${this.chatId}, got ${summary(got.raw)}`);
  }

  /** Press an inline button as `from` (see SimUser#press). */
  protected async pressAs(
    from: User,
    label: string | RegExp,
    opts: PressOptions = {},
  ): Promise<CallbackAnswer> {
    const all = this.fake.messagesTo(this.chatId).reverse();
    const candidates =
      opts.messageId !== undefined ? all.filter((m) => m.message_id === opts.messageId) : all;
    for (const m of candidates) {
      const buttons = m.reply_markup?.inline_keyboard.flat() ?? [];
      const button =
        buttons.find((b) => matches(b, label, true)) ?? buttons.find((b) => matches(b, label, false));
      if (!button) continue;
      if (!("callback_data" in button)) {
        throw new Error(`button "${button.text}" on message #${m.message_id} is not a callback button`);
      }
      return this.sendCallback(from, m, button.callback_data, opts.timeoutMs);
    }
    const keyboards = all.filter((m) => m.reply_markup?.inline_keyboard.length).slice(0, 5);
    const where = opts.messageId !== undefined ? ` on message #${opts.messageId}` : "";
    throw new Error(
      `no button matching ${typeof label === "string" ? JSON.stringify(label) : String(label)}${where} in chat ${this.chatId}. ` +
        (keyboards.length > 0
          ? `Keyboards available (newest first):\n${keyboards.map((m) => `  ${summary(m)}`).join("\n")}`
          : "The bot sent no message with an inline keyboard to this chat."),
    );
  }

  /** Press with raw (possibly forged) callback data on a message (default: latest with a keyboard). */
  protected pressDataAs(
    from: User,
    data: string,
    messageId?: number,
    timeoutMs?: number,
  ): Promise<CallbackAnswer> {
    const all = this.fake.messagesTo(this.chatId).reverse();
    const m =
      messageId !== undefined
        ? all.find((x) => x.message_id === messageId)
        : (all.find((x) => x.reply_markup?.inline_keyboard.length) ?? all[0]);
    if (!m)
      throw new Error(`pressData: no bot message${messageId ? ` #${messageId}` : ""} in chat ${this.chatId}`);
    return this.sendCallback(from, m, data, timeoutMs);
  }

  private sendCallback(
    from: User,
    message: Message,
    data: string,
    timeoutMs = DEFAULT_TIMEOUT,
  ): Promise<CallbackAnswer> {
    const id = randomBytes(8).readBigUInt64BE().toString();
    const query: CallbackQuery = { id, from, message, chat_instance: this.chat.chatInstance, data };
    this.fake.pushCallbackQuery(query);
    return this.fake.waitFor(
      () => this.fake.callbackAnswers.find((a) => a.callback_query_id === id),
      timeoutMs,
      () =>
        this.describeWait(
          `the bot to answer the callback query (data ${JSON.stringify(data)}) of a press on ${summary(message)}`,
          this.messageCursor,
          true,
        ),
    );
  }

  private consume(kind: ChatEvent["kind"], timeoutMs = DEFAULT_TIMEOUT, what = ""): Promise<MessageView> {
    const key = kind === "edit" ? "editCursor" : "messageCursor";
    const start = this[key];
    return this.fake.waitFor(
      () => {
        const events = this.chat.events;
        for (let i = this[key]; i < events.length; i++) {
          const e = events[i];
          if (e?.kind !== kind) continue;
          this[key] = i + 1;
          return this.view(e.message);
        }
        return undefined;
      },
      timeoutMs,
      () => this.describeWait(what, start),
    );
  }

  /** What the chat received, for timeout errors. */
  protected describeWait(what: string, since: number, withKeyboards = false): string {
    const events = this.chat.events.slice(since);
    const lines = [
      `${what} in chat ${this.chatId}${this.chat.user ? ` (${this.chat.user.first_name})` : ""}`,
    ];
    if (withKeyboards) {
      const keyboards = this.fake
        .messagesTo(this.chatId)
        .filter((m) => m.reply_markup?.inline_keyboard.length)
        .slice(-3)
        .reverse();
      lines.push(
        `Buttons available (newest first):\n${keyboards.map((m) => `  ${summary(m)}`).join("\n") || "  none"}`,
      );
    }
    lines.push(
      events.length > 0
        ? `Received in this chat meanwhile:\n${events.map((e) => `  ${e.kind} ${summary(e.message)}`).join("\n")}`
        : "Nothing was received in this chat meanwhile.",
    );
    const latest = this.fake.messagesTo(this.chatId).slice(-3);
    if (latest.length > 0)
      lines.push(`Latest bot messages here:\n${latest.map((m) => `  ${summary(m)}`).join("\n")}`);
    const elsewhere = this.fake.state.events
      .filter((e) => e.chatId !== this.chatId && e.kind === "message")
      .slice(-3);
    if (elsewhere.length > 0) {
      lines.push(
        `Latest bot messages to other chats:\n${elsewhere.map((e) => `  chat ${e.chatId}: ${summary(e.message)}`).join("\n")}`,
      );
    }
    return lines.join("\n");
  }
}
