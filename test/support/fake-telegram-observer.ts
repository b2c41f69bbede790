/**
 * Observation hooks of the fake Telegram server, for tools that watch it live (the browser sandbox):
 * one event per thing the bot does that a Telegram client would show at once. Purely additive:
 * nothing in the server depends on a listener, and tests keep reading the recorded state instead.
 * Listeners run synchronously inside the method call, so they must not throw.
 */
import { EventEmitter } from "node:events";
import type { BotCommand } from "grammy/types";
import type { ChatEvent } from "./fake-telegram-state.js";
import type { CallbackAnswer } from "./fake-telegram-types.js";

/** A change of the commands stored for one scope and language (empty list: deleted). */
export interface CommandsChange {
  scope: unknown;
  languageCode: string;
  commands: BotCommand[];
}

/** The events and their arguments. */
export interface FakeTelegramEvents {
  /**
   * The bot sent, edited or deleted a message. Emitted as the message is stored; the reply
   * keyboard a send carries is applied to the chat right after, in the same call.
   */
  chat: [event: ChatEvent];
  /** The bot answered a callback query (answerCallbackQuery accepted). */
  callbackAnswer: [answer: CallbackAnswer];
  /** setMyCommands or deleteMyCommands changed a scope's commands. */
  commands: [change: CommandsChange];
}

/** The server's emitter (`fake.observer`). */
export class FakeTelegramObserver extends EventEmitter<FakeTelegramEvents> {}
