/**
 * A fake Telegram Bot API server (node:http) for end-to-end tests that run the real bot against
 * `TELEGRAM_API_ROOT=<fake.apiRoot>`. It answers like Telegram (`{ok,result}` / `{ok:false,
 * error_code,description,parameters?}`), keeps chats, messages and files in memory, records every
 * call, serves updates by long polling or webhook, and can inject faults and enforce flood limits.
 * Simulated people are created with `fake.user(...)` / `fake.group(...)` (see sim-user.ts).
 */
import type { BotCommand, CallbackQuery, Message, Update, User } from "grammy/types";
import { scopeKey } from "./fake-telegram-context.js";
import { FakeTelegramCore } from "./fake-telegram-core.js";
import type { FailOptions, LimitStats, LimitsOptions, LimitViolation } from "./fake-telegram-limits.js";
import type { FakeTelegramObserver } from "./fake-telegram-observer.js";
import type { ChatState, MemberStatus, StoredFile } from "./fake-telegram-state.js";
import type { ApiCall, CallbackAnswer } from "./fake-telegram-types.js";
import { SimGroup, SimUser, type SimUserOptions } from "./sim-user.js";

/** Options of `fake.group(...)`. */
export interface GroupOptions {
  id: number;
  title: string;
  type?: "group" | "supergroup";
  username?: string;
  /** The bot's membership (default "member"; "administrator" lets it delete others' messages). */
  botStatus?: MemberStatus;
}

/** The fake Bot API server with the helpers tests use (see the module comment). */
export class FakeTelegram extends FakeTelegramCore {
  private readonly sims = new Map<number, SimUser | SimGroup>();

  /** What the bot answered to callback queries. */
  get callbackAnswers(): readonly CallbackAnswer[] {
    return this.ctx.callbackAnswers;
  }

  /** Live observation hooks: bot messages, edits, deletions, callback answers, command menus. */
  get observer(): FakeTelegramObserver {
    return this.state.observer;
  }

  /** Every update pushed so far (each once, in update_id order). */
  get updates(): readonly Update[] {
    return this.queue.history;
  }

  /**
   * When the update was first handed to the bot (the getUpdates answer that carried it, or its
   * webhook POST), in the server clock's ms; undefined while it waits. Re-deliveries keep the first.
   */
  handedOutAt(updateId: number): number | undefined {
    return this.queue.handedOutAt.get(updateId);
  }

  /** Sends and edits rejected by limits mode. */
  get violations(): readonly LimitViolation[] {
    return this.limiter.violations;
  }

  /** Calls of one method (case-insensitive). */
  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method.toLowerCase() === method.toLowerCase());
  }

  /** Current (edited, not deleted) bot messages in a chat, oldest first. */
  messagesTo(chatId: number): Message[] {
    const chat = this.state.chats.get(chatId);
    if (!chat) return [];
    return [...chat.messages.values()].filter(
      (m) => m.from?.id === this.botUser.id && !chat.deleted.has(m.message_id),
    );
  }

  /** Commands stored for exactly this scope + language (what getMyCommands would return). */
  commandsFor(opts: { scope?: unknown; language_code?: string } = {}): BotCommand[] {
    return this.ctx.commands.get(scopeKey(opts.scope, opts.language_code ?? "")) ?? [];
  }

  /** Commands a client would show in a chat, resolving scopes and languages like Telegram. */
  commandsShownTo(chatId: number, languageCode = ""): BotCommand[] {
    const chat = this.chat(chatId);
    const broad = chat.chat.type === "private" ? "all_private_chats" : "all_group_chats";
    const scopes = [{ type: "chat", chat_id: chatId }, { type: broad }, { type: "default" }];
    for (const scope of scopes) {
      for (const lang of languageCode ? [languageCode, ""] : [""]) {
        const found = this.ctx.commands.get(scopeKey(scope, lang));
        if (found) return found;
      }
    }
    return [];
  }

  /** The menu button set for a chat (or the default one). */
  menuButton(chatId?: number): unknown {
    return (chatId !== undefined ? this.chat(chatId).menuButton : undefined) ?? this.ctx.defaultMenuButton;
  }

  /** A stored file (bytes, name, MIME type) by file_id. */
  file(fileId: string): StoredFile | undefined {
    return this.state.files.get(fileId);
  }

  /** Make the next `count` calls of `method` ("*" = any) fail with this error. */
  failNext(method: string, options: FailOptions): void {
    this.faults.failNext(method, options);
  }

  /** Answer 429 with retry_after on every n-th send (0 disables). */
  rateLimitEvery(n: number, retryAfterSeconds: number): void {
    this.faults.rateLimitEvery(n, retryAfterSeconds);
  }

  /** Delay every method by `ms`. */
  setLatency(ms: number): void {
    this.faults.latencyMs = ms;
  }

  /**
   * Enforce Telegram's flood limits on every message the bot sends, edits included (429 with
   * retry_after beyond, and a recorded violation).
   */
  enableLimits(options: LimitsOptions = {}): void {
    this.limiter.enable(options);
  }

  disableLimits(): void {
    this.limiter.disable();
  }

  /** Send and edit counters: accepted, rejected, observed maxima (counted even when limits are off). */
  limitStats(): LimitStats {
    return this.limiter.snapshot();
  }

  /** The user blocks the bot: sends answer 403; a my_chat_member update is pushed unless notify=false. */
  block(userId: number, opts: { notify?: boolean } = {}): void {
    this.setBlocked(userId, true, opts.notify ?? true);
  }

  /** The user unblocks the bot (pushes my_chat_member kicked -> member unless notify=false). */
  unblock(userId: number, opts: { notify?: boolean } = {}): void {
    this.setBlocked(userId, false, opts.notify ?? true);
  }

  /** Queue a raw update; update_id is assigned (increasing from 1) unless given. */
  pushUpdate(update: Omit<Update, "update_id"> & { update_id?: number }): Update {
    return this.queue.push(update);
  }

  /** Deliver an earlier update again with the same update_id (tests de-duplication). */
  pushDuplicate(updateId: number): Update {
    return this.queue.duplicate(updateId);
  }

  /** Register a callback query (so answerCallbackQuery accepts its id) and push it. */
  pushCallbackQuery(query: CallbackQuery): Update {
    this.ctx.callbackQueries.set(query.id, { query, answered: false });
    return this.pushUpdate({ callback_query: query });
  }

  /** A simulated person with a private chat (chat id = user id). Same id -> same SimUser. */
  user(options: SimUserOptions): SimUser {
    const existing = this.sims.get(options.id);
    if (existing instanceof SimUser) return existing;
    if (existing) throw new Error(`chat ${options.id} is a group`);
    const user: User = {
      id: options.id,
      is_bot: false,
      first_name: options.first_name,
      ...(options.last_name ? { last_name: options.last_name } : {}),
      ...(options.username ? { username: options.username } : {}),
      ...(options.language_code ? { language_code: options.language_code } : {}),
    };
    const { is_bot: _b, language_code: _l, id, ...names } = user;
    const chat = this.state.addChat({ id, type: "private", ...names }, user);
    chat.started = options.started ?? false;
    const sim = new SimUser(this, user);
    this.sims.set(user.id, sim);
    return sim;
  }

  /** A group chat the bot is a member of; its driver sends messages from simulated users. */
  group(options: GroupOptions): SimGroup {
    const existing = this.sims.get(options.id);
    if (existing instanceof SimGroup) return existing;
    if (existing) throw new Error(`chat ${options.id} is a private chat`);
    const type = options.type ?? "supergroup";
    const chat = this.state.addChat({
      id: options.id,
      type,
      title: options.title,
      ...(type === "supergroup" && options.username ? { username: options.username } : {}),
    } as ChatState["chat"]);
    chat.members.set(this.botUser.id, { user: this.botUser, status: options.botStatus ?? "member" });
    const sim = new SimGroup(this, chat.chat.id);
    this.sims.set(options.id, sim);
    return sim;
  }

  /** The state of a known chat (throws for unknown ids). */
  chat(chatId: number): ChatState {
    const chat = this.state.chats.get(chatId);
    if (!chat) throw new Error(`FakeTelegram: no chat ${chatId}; create it with fake.user() or fake.group()`);
    return chat;
  }

  private setBlocked(userId: number, blocked: boolean, notify: boolean): void {
    const chat = this.chat(userId);
    if (!chat.user) throw new Error(`chat ${userId} is not a private chat`);
    if (chat.blocked === blocked) return;
    chat.blocked = blocked;
    if (!notify) {
      this.changed();
      return;
    }
    const member = (status: "member" | "kicked") =>
      status === "kicked" ? { status, user: this.botUser, until_date: 0 } : { status, user: this.botUser };
    this.pushUpdate({
      my_chat_member: {
        chat: chat.chat,
        from: chat.user,
        date: this.state.unix(),
        old_chat_member: member(blocked ? "member" : "kicked"),
        new_chat_member: member(blocked ? "kicked" : "member"),
      },
    } as Omit<Update, "update_id">);
  }
}

export type { FakeTelegramOptions } from "./fake-telegram-core.js";
export type { FailOptions, LimitStats, LimitsOptions, LimitViolation } from "./fake-telegram-limits.js";
export type { CommandsChange, FakeTelegramEvents, FakeTelegramObserver } from "./fake-telegram-observer.js";
export type { ChatEvent, ChatState, StoredFile } from "./fake-telegram-state.js";
export type { ApiCall, ApiResponse, CallbackAnswer, UploadedFile } from "./fake-telegram-types.js";
export { TelegramApiFailure } from "./fake-telegram-types.js";
export { type MessageView, SimChat } from "./sim-chat.js";
export { SimGroup, SimUser, type SimUserOptions } from "./sim-user.js";
