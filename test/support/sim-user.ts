/**
 * Test driver for end-to-end tests: simulated people (`SimUser`, one private chat each) and group
 * chats (`SimGroup`) that send messages, files and button presses to the bot through the fake
 * Telegram server, and read what the bot sent back (reading helpers come from SimChat).
 */
import type { Message, Update, User } from "grammy/types";
import type { FakeTelegram } from "./fake-telegram.js";
import { detectEntities } from "./fake-telegram-entities.js";
import { documentOf, photoSizesOf, TINY_PNG } from "./fake-telegram-media.js";
import { asReply, type ChatState, type MemberStatus } from "./fake-telegram-state.js";
import type { CallbackAnswer } from "./fake-telegram-types.js";
import { type PressOptions, SimChat } from "./sim-chat.js";

/** Options of `fake.user(...)`. */
export interface SimUserOptions {
  id: number;
  first_name: string;
  last_name?: string;
  username?: string;
  language_code?: string;
  /** Whether the user already talked to the bot (bots can't initiate conversations; default false). */
  started?: boolean;
}

/** Options of sends that can reply to a message. */
export interface SendOptions {
  replyTo?: number;
}

/** A file a simulated user sends. */
export interface DocumentInput {
  filename: string;
  content: string | Buffer;
  mimeType: string;
  caption?: string;
}

function textFields(text: string, key: "text" | "caption"): Partial<Message> {
  const entities = detectEntities(text);
  const entityKey = key === "text" ? "entities" : "caption_entities";
  return { [key]: text, ...(entities.length > 0 ? { [entityKey]: entities } : {}) };
}

/** Store a message from a person in a chat and push it as a `message` update. */
function pushFrom(
  fake: FakeTelegram,
  chat: ChatState,
  from: User,
  fields: Partial<Message>,
  replyTo?: number,
): Message {
  const reply = replyTo !== undefined ? fake.state.message(chat, replyTo) : undefined;
  if (replyTo !== undefined && !reply)
    throw new Error(`no message #${replyTo} in chat ${chat.chat.id} to reply to`);
  const message = fake.state.storeMessage(chat, {
    from,
    ...(reply ? { reply_to_message: asReply(reply) } : {}),
    ...fields,
  } as Omit<Message, "message_id" | "date" | "chat">);
  fake.pushUpdate({ message } as Omit<Update, "update_id">);
  return message;
}

/** A simulated person talking to the bot in a private chat (chat id = user id). */
export class SimUser extends SimChat {
  constructor(
    fake: FakeTelegram,
    readonly user: User,
  ) {
    super(fake, user.id);
  }

  get id(): number {
    return this.user.id;
  }

  /** Send a text message (entities such as a leading /command are detected like Telegram clients do). */
  send(text: string, opts: SendOptions = {}): Message {
    return this.push(textFields(text, "text"), opts.replyTo, text);
  }

  /** Send `/name` or `/name arg` (e.g. deep links: `command("start", "abc")`). */
  command(name: string, arg?: string): Message {
    return this.send(`/${name}${arg !== undefined && arg !== "" ? ` ${arg}` : ""}`);
  }

  /** Send a file as a document; the bot can getFile and download it. */
  sendDocument(input: DocumentInput): Message {
    const content = typeof input.content === "string" ? Buffer.from(input.content) : input.content;
    const file = this.fake.state.storeFile("document", content, input.filename, input.mimeType);
    const caption = input.caption !== undefined ? textFields(input.caption, "caption") : {};
    return this.push({ document: documentOf(file), ...caption });
  }

  /** Send a photo (a tiny PNG unless `content` is given). */
  sendPhoto(opts: { caption?: string; content?: Buffer } = {}): Message {
    const file = this.fake.state.storeFile("photo", opts.content ?? TINY_PNG, undefined, "image/png");
    const caption = opts.caption !== undefined ? textFields(opts.caption, "caption") : {};
    return this.push({ photo: photoSizesOf(this.fake.state, file), ...caption });
  }

  /** Send a sticker. */
  sendSticker(opts: { emoji?: string } = {}): Message {
    const file = this.fake.state.storeFile("sticker", Buffer.from("RIFF\0\0\0\0WEBPVP8 "), "sticker.webp");
    return this.push({
      sticker: {
        file_id: file.file_id,
        file_unique_id: file.file_unique_id,
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji: opts.emoji ?? "👍",
        file_size: file.content.length,
      },
    });
  }

  /** Share a contact (by default the user's own, as the "share my phone number" button does). */
  sendContact(
    opts: { phone_number?: string; first_name?: string; last_name?: string; user_id?: number } = {},
  ): Message {
    const own = opts.first_name === undefined && opts.user_id === undefined;
    const lastName = opts.last_name ?? (own ? this.user.last_name : undefined);
    return this.push({
      contact: {
        phone_number: opts.phone_number ?? `+7701${String(this.user.id).slice(-7).padStart(7, "0")}`,
        first_name: opts.first_name ?? this.user.first_name,
        ...(lastName ? { last_name: lastName } : {}),
        ...(own || opts.user_id !== undefined ? { user_id: opts.user_id ?? this.user.id } : {}),
      },
    });
  }

  /** Share a location (Almaty by default). */
  sendLocation(opts: { latitude?: number; longitude?: number } = {}): Message {
    return this.push({
      location: { latitude: opts.latitude ?? 43.2389, longitude: opts.longitude ?? 76.8897 },
    });
  }

  /** Edit this user's last text message (pushes an edited_message update). */
  editLastMessage(text: string): Message {
    const chat = this.chat;
    const last = [...chat.messages.values()]
      .reverse()
      .find((m) => m.from?.id === this.user.id && m.text !== undefined && !chat.deleted.has(m.message_id));
    if (!last) throw new Error(`user ${this.user.id} has no text message to edit`);
    const { entities: _old, ...rest } = last;
    const edited = { ...rest, ...textFields(text, "text"), edit_date: this.fake.state.unix() } as Message;
    this.fake.state.replaceMessage(chat, edited);
    this.fake.pushUpdate({ edited_message: edited } as Omit<Update, "update_id">);
    return edited;
  }

  /**
   * Press the inline button whose label matches (string: exact after trim, else substring; or a
   * RegExp) on the most recent bot message having one; resolves with the bot's callback answer.
   */
  press(label: string | RegExp, opts: PressOptions = {}): Promise<CallbackAnswer> {
    return this.pressAs(this.user, label, opts);
  }

  /** Press with raw (possibly forged) callback data. */
  pressData(data: string, messageId?: number, timeoutMs?: number): Promise<CallbackAnswer> {
    return this.pressDataAs(this.user, data, messageId, timeoutMs);
  }

  /** The user blocks the bot. */
  block(): void {
    this.fake.block(this.user.id);
  }

  /** The user unblocks the bot. */
  unblock(): void {
    this.fake.unblock(this.user.id);
  }

  private push(fields: Partial<Message>, replyTo?: number, text?: string): Message {
    const chat = this.chat;
    if (chat.blocked) {
      // Telegram clients only offer "Restart" (unblock + /start) in a chat with a blocked bot.
      if (text !== "/start")
        throw new Error(`user ${this.user.id} blocked the bot: call unblock() or send /start`);
      this.unblock();
    }
    chat.started = true;
    return pushFrom(this.fake, chat, this.user, fields, replyTo);
  }
}

/** A group chat with the bot; messages are sent by simulated users. */
export class SimGroup extends SimChat {
  get id(): number {
    return this.chatId;
  }

  /** Add (or change) a member; members are also added when they send something. */
  addMember(who: SimUser | User, status: MemberStatus = "member"): void {
    const user = who instanceof SimUser ? who.user : who;
    this.fake.state.users.set(user.id, user);
    this.chat.members.set(user.id, { user, status });
  }

  /** Change the bot's membership (e.g. "administrator", or "kicked" to get 403 on sends). */
  setBotStatus(status: MemberStatus): void {
    this.chat.members.set(this.fake.botUser.id, { user: this.fake.botUser, status });
  }

  /** A member sends a text message to the group. */
  send(from: SimUser | User, text: string, opts: SendOptions = {}): Message {
    const user = this.member(from);
    return pushFrom(this.fake, this.chat, user, textFields(text, "text"), opts.replyTo);
  }

  /** A member sends `/name@bot arg` (addressed to this bot, as group clients do). */
  command(from: SimUser | User, name: string, arg?: string): Message {
    const suffix = arg !== undefined && arg !== "" ? ` ${arg}` : "";
    return this.send(from, `/${name}@${this.fake.botUser.username}${suffix}`);
  }

  /** A member presses an inline button (see SimUser#press). */
  press(from: SimUser | User, label: string | RegExp, opts: PressOptions = {}): Promise<CallbackAnswer> {
    return this.pressAs(this.member(from), label, opts);
  }

  /** A member presses with raw callback data. */
  pressData(from: SimUser | User, data: string, messageId?: number): Promise<CallbackAnswer> {
    return this.pressDataAs(this.member(from), data, messageId);
  }

  private member(from: SimUser | User): User {
    const user = from instanceof SimUser ? from.user : from;
    if (!this.chat.members.has(user.id)) this.addMember(user);
    return user;
  }
}
