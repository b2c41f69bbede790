/**
 * Two rules Telegram enforces, kept by API transformers on the bot's clients:
 * - A message is never edited to the text and keyboard it already shows: Telegram refuses that
 *   ("message is not modified"). What each message shows is known from Telegram's own answers to
 *   sends and edits, and from the copy of the message Telegram sends with each press (the first
 *   thing known after a restart). Only the text is compared, not its formatting: no view of this
 *   bot changes formatting alone.
 * - A press is answered at most once: the error boundary asks `answered` before answering (a
 *   second answer is refused as "query is too old").
 * Inside flows only the second rule is kept (`flowTransformer`): the conversations plugin replays
 * a flow's earlier calls from its log on every update, so there a call must never be left out on
 * the strength of what is known now, nor a replayed answer taken as news.
 */
import type { Context, MiddlewareFn, Transformer } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";

type Keyboard = InlineKeyboardMarkup["inline_keyboard"];

/** Kept for the most recent messages and presses only. */
const REMEMBERED = 5_000;

interface Payload {
  chat_id?: number | string;
  message_id?: number;
  inline_message_id?: string;
  text?: string;
  parse_mode?: string;
  reply_markup?: { inline_keyboard?: Keyboard };
  callback_query_id?: string;
}

/** The text a message shows for our HTML: tags dropped, entities decoded. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

function keyboardKey(keyboard: Keyboard | undefined): string {
  return JSON.stringify(
    (keyboard ?? [])
      .filter((row) => row.length > 0)
      .map((row) => row.map((button) => Object.entries(button).sort(([a], [b]) => a.localeCompare(b)))),
  );
}

function remember<V>(map: Map<string, V>, key: string, value: V): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > REMEMBERED) {
    const oldest = map.keys().next().value;
    if (oldest !== undefined) map.delete(oldest);
  }
}

function isTextMessage(value: unknown): value is Message & { text: string } {
  return typeof value === "object" && value !== null && "message_id" in value && "text" in value;
}

export class PressEtiquette {
  /** What each of the bot's messages shows, by `chat:message`. */
  private readonly shown = new Map<string, Message & { text: string }>();
  private readonly answeredPresses = new Map<string, true>();

  /** Whether the bot has already answered this press. */
  answered(callbackQueryId: string): boolean {
    return this.answeredPresses.has(callbackQueryId);
  }

  /** Seeds what the pressed message shows, unless a newer answer of Telegram's is known. */
  middleware<C extends Context>(): MiddlewareFn<C> {
    return (ctx, next) => {
      const message = ctx.callbackQuery?.message;
      if (isTextMessage(message)) {
        const key = `${message.chat.id}:${message.message_id}`;
        if (!this.shown.has(key)) remember(this.shown, key, message);
      }
      return next();
    };
  }

  /** For flows: notes answered presses, and nothing else. */
  flowTransformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const result = await prev(method, payload, signal);
      const id = (payload as Payload).callback_query_id;
      if (method === "answerCallbackQuery" && result.ok && id) remember(this.answeredPresses, id, true);
      return result;
    };
  }

  transformer(): Transformer {
    return async (prev, method, payload, signal) => {
      const p = payload as Payload;
      const key = `${p.chat_id}:${p.message_id}`;
      const isEdit = method === "editMessageText" || method === "editMessageReplyMarkup";
      if (isEdit && p.inline_message_id === undefined) {
        const now = this.shown.get(key);
        const text =
          method === "editMessageText"
            ? p.parse_mode === "HTML"
              ? plainText(p.text ?? "")
              : p.text
            : now?.text;
        if (
          now !== undefined &&
          text === now.text &&
          keyboardKey(p.reply_markup?.inline_keyboard) === keyboardKey(now.reply_markup?.inline_keyboard)
        ) {
          return { ok: true, result: now } as Awaited<ReturnType<typeof prev>>;
        }
      }
      const result = await prev(method, payload, signal);
      if (result.ok) {
        if (isTextMessage(result.result)) {
          const m = result.result;
          remember(this.shown, `${m.chat.id}:${m.message_id}`, m);
        }
        if (method === "answerCallbackQuery" && p.callback_query_id)
          remember(this.answeredPresses, p.callback_query_id, true);
      }
      return result;
    };
  }
}
