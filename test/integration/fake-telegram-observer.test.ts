/**
 * The fake Telegram server's observation hooks (`fake.observer`), through grammY's real client:
 * one event per message the bot sends, edits or deletes, per callback answer, and per change of
 * a scope's command menu, each with what the chat then holds.
 */
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type ChatEvent, type CommandsChange, FakeTelegram } from "../support/fake-telegram.js";
import type { CallbackAnswer } from "../support/fake-telegram-types.js";

const TOKEN = "123456:TEST-token_observer";

let fake: FakeTelegram;
let api: Api;

beforeEach(async () => {
  fake = new FakeTelegram({ token: TOKEN });
  await fake.start();
  api = new Api(TOKEN, { apiRoot: fake.apiRoot });
});

afterEach(async () => {
  await fake.stop();
});

describe("fake Telegram observer", () => {
  it("reports each message the bot sends, edits and deletes, in order", async () => {
    const user = fake.user({ id: 42, first_name: "Aigerim", started: true });
    const seen: ChatEvent[] = [];
    fake.observer.on("chat", (e) => seen.push(e));

    const sent = await api.sendMessage(user.id, "<b>one</b>", { parse_mode: "HTML" });
    await api.editMessageText(user.id, sent.message_id, "two");
    await api.deleteMessage(user.id, sent.message_id);
    await expect(api.sendMessage(user.id, "")).rejects.toThrow(/message text is empty/);

    expect(seen.map((e) => [e.kind, e.chatId, e.message.message_id, e.message.text])).toEqual([
      ["message", 42, sent.message_id, "one"],
      ["edit", 42, sent.message_id, "two"],
      ["delete", 42, sent.message_id, "two"],
    ]);
    expect(seen[0]?.message.entities).toEqual([{ type: "bold", offset: 0, length: 3 }]);
  });

  it("reports callback answers with the query they answer, toast or alert", async () => {
    const user = fake.user({ id: 43, first_name: "Bakyt", started: true });
    const answers: CallbackAnswer[] = [];
    fake.observer.on("callbackAnswer", (a) => answers.push(a));
    await api.sendMessage(user.id, "Choose", {
      reply_markup: { inline_keyboard: [[{ text: "Yes", callback_data: "yes" }]] },
    });
    const pressed = user.press("Yes");
    const [update] = await fake.waitFor(() => (fake.updates.length ? fake.updates : undefined));
    const id = update?.callback_query?.id ?? "";
    await api.answerCallbackQuery(id, { text: "Not now", show_alert: true });
    await pressed;

    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ text: "Not now", show_alert: true, query: { data: "yes" } });
  });

  it("reports command menus per scope and language, an empty list when deleted", async () => {
    const changes: CommandsChange[] = [];
    fake.observer.on("commands", (c) => changes.push(c));
    await api.setMyCommands([{ command: "help", description: "Көмек" }], { language_code: "kk" });
    await api.setMyCommands([{ command: "invite", description: "Invite" }], {
      scope: { type: "chat", chat_id: 42 },
    });
    await api.deleteMyCommands({ scope: { type: "chat", chat_id: 42 } });

    expect(changes).toEqual([
      {
        scope: { type: "default" },
        languageCode: "kk",
        commands: [{ command: "help", description: "Көмек" }],
      },
      {
        scope: { type: "chat", chat_id: 42 },
        languageCode: "",
        commands: [{ command: "invite", description: "Invite" }],
      },
      { scope: { type: "chat", chat_id: 42 }, languageCode: "", commands: [] },
    ]);
  });
});
