/**
 * The context that works out `msg`, `chat` and `from` once answers exactly what grammY's does,
 * for every kind of update the bot receives.
 */
import { Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { UpdateContext } from "../../src/bot/context.js";

const ME = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;
const user = (id: number) => ({ id, is_bot: false, first_name: `U${id}` });
const chat = (id: number, type = "private") => ({ id, type, first_name: "C" });
const message = (id: number, chatId: number) => ({
  message_id: id,
  date: 1,
  chat: chat(chatId),
  from: user(chatId),
  text: "hi",
});

const updates = [
  { update_id: 1, message: message(1, 10) },
  { update_id: 2, edited_message: message(2, 11) },
  {
    update_id: 3,
    callback_query: { id: "q", from: user(12), chat_instance: "c", data: "x", message: message(3, 12) },
  },
  {
    update_id: 4,
    callback_query: { id: "q", from: user(13), chat_instance: "c", data: "x", inline_message_id: "i" },
  },
  { update_id: 5, channel_post: { message_id: 5, date: 1, chat: chat(-100, "channel"), text: "post" } },
  {
    update_id: 6,
    my_chat_member: {
      chat: chat(14),
      from: user(14),
      date: 1,
      old_chat_member: { status: "member", user: ME },
      new_chat_member: { status: "kicked", user: ME, until_date: 0 },
    },
  },
  { update_id: 7, inline_query: { id: "iq", from: user(15), query: "", offset: "" } },
] as unknown as Update[];

describe("update context", () => {
  it("gives the same msg, chat and from as grammY's context, every time it is asked", () => {
    const api = new Api("1:x");
    for (const update of updates) {
      const plain = new Context(update, api, ME);
      const ours = new UpdateContext(update, api, ME);
      for (let i = 0; i < 2; i++) {
        expect(ours.msg).toBe(plain.msg);
        expect(ours.chat).toBe(plain.chat);
        expect(ours.from).toBe(plain.from);
      }
      expect(ours.chatId).toBe(plain.chatId);
      expect(ours.msgId).toBe(plain.msgId);
    }
    expect(new UpdateContext(updates[3] as Update, api, ME).chat).toBeUndefined();
    expect(new UpdateContext(updates[3] as Update, api, ME).from?.id).toBe(13);
  });
});
