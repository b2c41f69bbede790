/**
 * Turns what the fake Telegram server observes into the page's live events: a message sent or
 * edited (the page replaces it in place), deleted, a reply keyboard shown or removed, a command
 * menu changed, a button press answered. Changes are gathered and sent once the server's call
 * has finished, so a message and the keyboard it brings arrive as the chat then stands.
 */
import type { CallbackAnswer, ChatEvent, CommandsChange } from "../test/support/fake-telegram.js";
import { type PageMessage, type PageReplyKeyboard, pageMessage, pageReplyKeyboard } from "./chat-view.js";
import type { LiveHub } from "./live.js";
import type { SandboxWorld } from "./world.js";

export interface MenuCommand {
  command: string;
  description: string;
}

/** Everything the page draws for one chat. */
export interface ChatSnapshot {
  messages: PageMessage[];
  replyKeyboard: PageReplyKeyboard | null;
  menu: MenuCommand[];
}

export class ChatFeed {
  /** chat id → message id → whether it is gone. */
  private readonly pending = new Map<number, Map<number, boolean>>();
  private menusChanged = false;
  private flushing = false;
  private readonly sentKeyboards = new Map<number, string>();
  private readonly sentMenus = new Map<number, string>();
  private readonly onChat = (e: ChatEvent) => this.touch(e.chatId, e.message.message_id, e.kind === "delete");
  private readonly onAnswer = (a: CallbackAnswer) => this.answered(a);
  private readonly onCommands = (_c: CommandsChange) => {
    this.menusChanged = true;
    this.schedule();
  };

  constructor(
    private readonly world: SandboxWorld,
    private readonly hub: LiveHub,
  ) {
    world.fake.observer.on("chat", this.onChat);
    world.fake.observer.on("callbackAnswer", this.onAnswer);
    world.fake.observer.on("commands", this.onCommands);
  }

  detach(): void {
    this.world.fake.observer.off("chat", this.onChat);
    this.world.fake.observer.off("callbackAnswer", this.onAnswer);
    this.world.fake.observer.off("commands", this.onCommands);
  }

  /** A message of a chat changed (also the person's own, which the server does not report). */
  touch(chatId: number, messageId: number, deleted = false): void {
    let chat = this.pending.get(chatId);
    if (!chat) {
      chat = new Map();
      this.pending.set(chatId, chat);
    }
    chat.set(messageId, deleted || chat.get(messageId) === true);
    this.schedule();
  }

  /** The whole chat as it stands. */
  snapshot(chatId: number): ChatSnapshot {
    const chat = this.world.fake.chat(chatId);
    const messages = [...chat.messages.values()]
      .filter((m) => !chat.deleted.has(m.message_id))
      .sort((a, b) => a.message_id - b.message_id)
      .map((m) => pageMessage(m, this.world.fake.botUser.id));
    return {
      messages,
      replyKeyboard: pageReplyKeyboard(chat.replyKeyboard) ?? null,
      menu: this.menuOf(chatId),
    };
  }

  /** The menu a Telegram app in the person's language shows in their chat. */
  private menuOf(chatId: number): MenuCommand[] {
    const language = this.world.people.get(chatId)?.spec.language ?? "";
    return this.world.fake
      .commandsShownTo(chatId, language)
      .map((c) => ({ command: c.command, description: c.description }));
  }

  private answered(a: CallbackAnswer): void {
    const message = a.query.message;
    this.hub.send("answer", {
      chatId: message?.chat.id ?? a.query.from.id,
      messageId: message?.message_id ?? null,
      data: a.query.data ?? null,
      text: a.text ?? "",
      showAlert: a.show_alert,
      url: a.url ?? null,
    });
  }

  private schedule(): void {
    if (this.flushing) return;
    this.flushing = true;
    setImmediate(() => {
      this.flushing = false;
      try {
        this.flush();
      } catch (error) {
        process.stderr.write(`sandbox: live update failed: ${String(error)}\n`);
      }
    });
  }

  private flush(): void {
    const { fake } = this.world;
    for (const [chatId, changed] of this.pending) {
      const chat = fake.chat(chatId);
      for (const [messageId, deleted] of changed) {
        const m = fake.state.message(chat, messageId);
        if (deleted || !m) this.hub.send("delete", { chatId, messageId });
        else this.hub.send("message", { chatId, message: pageMessage(m, fake.botUser.id) });
      }
      const keyboard = JSON.stringify(pageReplyKeyboard(chat.replyKeyboard) ?? null);
      if (this.sentKeyboards.get(chatId) !== keyboard) {
        this.sentKeyboards.set(chatId, keyboard);
        this.hub.send("keyboard", { chatId, replyKeyboard: JSON.parse(keyboard) });
      }
    }
    this.pending.clear();
    if (!this.menusChanged) return;
    this.menusChanged = false;
    for (const chatId of this.world.people.keys()) {
      const menu = this.menuOf(chatId);
      const key = JSON.stringify(menu);
      if (this.sentMenus.get(chatId) === key) continue;
      this.sentMenus.set(chatId, key);
      this.hub.send("menu", { chatId, menu });
    }
  }
}
