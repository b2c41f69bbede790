/**
 * In-memory world of the fake Telegram server: chats (private chats of simulated users and groups),
 * per-chat message ids, the messages themselves (user and bot), the log of what the bot did in each
 * chat (new messages, edits, deletions) and the file store behind getFile / file downloads.
 */
import { randomBytes } from "node:crypto";
import type { Chat, Message, ReplyKeyboardMarkup, User } from "grammy/types";
import { FakeTelegramObserver } from "./fake-telegram-observer.js";
import { badRequest } from "./fake-telegram-types.js";

/** Kind of stored file (decides file_id prefix and file_path folder). */
export type FileKind = "document" | "photo" | "sticker";

/** A file Telegram "has": uploaded by the bot or sent by a simulated user. */
export interface StoredFile {
  file_id: string;
  file_unique_id: string;
  kind: FileKind;
  content: Buffer;
  filename?: string;
  mimeType?: string;
  file_path: string;
}

/** Something the bot did in a chat. Message objects are immutable snapshots. */
export interface ChatEvent {
  kind: "message" | "edit" | "delete";
  chatId: number;
  message: Message;
  at: number;
  seq: number;
}

/** A message as embedded in reply_to_message (without its own reply_to_message). */
export type ReplyMessage = NonNullable<Message["reply_to_message"]>;

/** Strip the nested reply of a message, as Telegram does in reply_to_message. */
export function asReply(m: Message): ReplyMessage {
  const { reply_to_message: _nested, ...flat } = m;
  return flat as ReplyMessage;
}

/** Status of a member in a group chat (subset of ChatMember statuses). */
export type MemberStatus = "creator" | "administrator" | "member" | "left" | "kicked";

/** State of one chat. */
export interface ChatState {
  chat: Chat;
  /** The other party of a private chat. */
  user?: User;
  /** Whether the user ever wrote to the bot (bots can't initiate conversations). */
  started: boolean;
  blocked: boolean;
  members: Map<number, { user: User; status: MemberStatus }>;
  nextMessageId: number;
  messages: Map<number, Message>;
  deleted: Set<number>;
  events: ChatEvent[];
  chatInstance: string;
  /** The reply keyboard currently shown (reply keyboards are not part of Message objects). */
  replyKeyboard?: ReplyKeyboardMarkup;
  menuButton?: unknown;
}

const FILE_PREFIX: Record<FileKind, string> = {
  document: "BQACAgIAAxkBAA",
  photo: "AgACAgIAAxkBAA",
  sticker: "CAACAgIAAxkBAA",
};
const FILE_DIR: Record<FileKind, string> = { document: "documents", photo: "photos", sticker: "stickers" };

/** Chats, messages and files of the fake server. */
export class FakeState {
  readonly chats = new Map<number, ChatState>();
  readonly files = new Map<string, StoredFile>();
  /** Every user the server knows (simulated people and the bot). */
  readonly users = new Map<number, User>();
  /** Everything the bot did, across chats, in order. */
  readonly events: ChatEvent[] = [];
  /** Live observation hooks (see fake-telegram-observer.ts). */
  readonly observer = new FakeTelegramObserver();
  private fileSeq = 0;
  private eventSeq = 0;

  constructor(
    readonly bot: User,
    readonly clock: () => number,
  ) {
    this.users.set(bot.id, bot);
  }

  /** Unix time in seconds, like Message.date. */
  unix(): number {
    return Math.floor(this.clock() / 1000);
  }

  addChat(chat: Chat, user?: User): ChatState {
    const existing = this.chats.get(chat.id);
    if (existing) return existing;
    if (user) this.users.set(user.id, user);
    const state: ChatState = {
      chat,
      ...(user ? { user } : {}),
      started: false,
      blocked: false,
      members: new Map(),
      nextMessageId: 1,
      messages: new Map(),
      deleted: new Set(),
      events: [],
      chatInstance: String(-BigInt(`0x${randomBytes(7).toString("hex")}`)),
    };
    this.chats.set(chat.id, state);
    return state;
  }

  /** The chat for a chat_id parameter, or 400 "chat not found". */
  resolveChat(id: number | string): ChatState {
    const found =
      typeof id === "number"
        ? this.chats.get(id)
        : [...this.chats.values()].find(
            (c) => c.chat.type !== "private" && "username" in c.chat && `@${c.chat.username}` === id,
          );
    if (!found) throw badRequest("chat not found");
    return found;
  }

  /** A live (not deleted) message of a chat. */
  message(chat: ChatState, id: number | undefined): Message | undefined {
    if (id === undefined || chat.deleted.has(id)) return undefined;
    return chat.messages.get(id);
  }

  /** Store a new message (assigning message_id and date); bot messages are logged as events. */
  storeMessage(chat: ChatState, fields: Omit<Message, "message_id" | "date" | "chat">): Message {
    const message = {
      message_id: chat.nextMessageId++,
      date: this.unix(),
      chat: chat.chat,
      ...fields,
    } as Message;
    chat.messages.set(message.message_id, message);
    if (message.from?.id === this.bot.id) this.log(chat, "message", message);
    return message;
  }

  /** Replace a message by its edited version (logged as an edit when it is the bot's). */
  replaceMessage(chat: ChatState, message: Message): void {
    chat.messages.set(message.message_id, message);
    if (message.from?.id === this.bot.id) this.log(chat, "edit", message);
  }

  deleteMessage(chat: ChatState, message: Message): void {
    chat.deleted.add(message.message_id);
    this.log(chat, "delete", message);
  }

  storeFile(kind: FileKind, content: Buffer, filename?: string, mimeType?: string): StoredFile {
    const n = ++this.fileSeq;
    const ext = filename?.includes(".") ? filename.split(".").pop() : kind === "photo" ? "jpg" : undefined;
    const file: StoredFile = {
      file_id: `${FILE_PREFIX[kind]}${n.toString(36).padStart(4, "0")}${randomBytes(36).toString("base64url")}`,
      file_unique_id: `AgAD${randomBytes(9).toString("base64url")}`,
      kind,
      content,
      ...(filename !== undefined ? { filename } : {}),
      ...(mimeType !== undefined ? { mimeType } : {}),
      file_path: `${FILE_DIR[kind]}/file_${n}${ext ? `.${ext}` : ""}`,
    };
    this.files.set(file.file_id, file);
    return file;
  }

  fileByPath(path: string): StoredFile | undefined {
    return [...this.files.values()].find((f) => f.file_path === path);
  }

  private log(chat: ChatState, kind: ChatEvent["kind"], message: Message): void {
    const event: ChatEvent = { kind, chatId: chat.chat.id, message, at: this.clock(), seq: ++this.eventSeq };
    chat.events.push(event);
    this.events.push(event);
    this.observer.emit("chat", event);
  }
}
