/**
 * The context that works out `msg`, `chat` and `from` once answers exactly what grammY's does,
 * for every kind of update the bot receives; and the bot builds each update's context on its own
 * Api, so its transformers apply and nothing an update does is left installed on it.
 */
import { Api, Context, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { type BotDeps, type FlowContext, UpdateContext } from "../../src/bot/context.js";
import { createBot } from "../../src/bot/create-bot.js";
import { createTranslations } from "../../src/bot/i18n.js";
import { updateScope } from "../../src/bot/middlewares/update-scope.js";
import { loadConfig } from "../../src/config.js";
import { createLogger } from "../../src/logger.js";
import { systemClock } from "../../src/outbox/clock.js";
import { testDatabase } from "../support/test-db.js";

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
    // The logger: none before the deps are set, then one child per update, bound to its id.
    const ctx = new UpdateContext(updates[1] as Update, api, ME);
    expect(ctx.logger).toBeUndefined();
    ctx.deps = { logger: createLogger("silent") } as unknown as UpdateContext["deps"];
    expect(ctx.logger?.bindings()).toEqual({ update_id: 2 });
    expect(ctx.logger).toBe(ctx.logger);
    expect(new UpdateContext(updates[3] as Update, api, ME).chat).toBeUndefined();
    expect(new UpdateContext(updates[3] as Update, api, ME).from?.id).toBe(13);
  });

  it("a flow's context (grammY's own class) gets the same lazily made logger from updateScope", async () => {
    const { db } = await testDatabase();
    const deps = {
      db,
      logger: createLogger("silent"),
      translations: await createTranslations("ru"),
    } as unknown as BotDeps;
    const ctx = new Context(updates[0] as Update, new Api("1:x"), ME) as unknown as FlowContext;
    let reached = false;
    await updateScope<FlowContext>(deps)(ctx, async () => {
      reached = true;
    });
    expect(reached).toBe(true);
    expect(ctx.logger.bindings()).toEqual({ update_id: 1 });
    expect(ctx.logger).toBe(ctx.logger);
    expect(ctx.person).toBeNull();
    expect(ctx.t("common:cancelled")).toBe(deps.translations.forLanguage("ru")("common:cancelled"));
    await db.destroy();
  });
});

describe("the bot's contexts", () => {
  it("call the Bot API through the bot's own transformers, and leave none behind", async () => {
    const { db } = await testDatabase();
    const config = loadConfig({
      BOT_TOKEN: "7000000001:AAunit-test-token-for-the-context-test",
      DATABASE_PATH: ":memory:",
      TELEGRAM_API_ROOT: "http://127.0.0.1:9",
      LOG_LEVEL: "silent",
    });
    const calls: string[] = [];
    const stub: Transformer = async (_prev, method, payload) => {
      calls.push(`${method} ${(payload as { chat_id?: number }).chat_id}`);
      // biome-ignore lint/suspicious/noExplicitAny: a stub result for every method
      return { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private" } } } as any;
    };
    const { bot } = createBot(
      {
        config,
        db,
        clock: systemClock,
        logger: createLogger("silent"),
        translations: await createTranslations("ru"),
      },
      { botInfo: ME, apiTransformers: [stub] },
    );
    const installed = bot.api.config.installedTransformers().length;
    for (let i = 0; i < 3; i++) {
      await bot.handleUpdate({ update_id: 100 + i, message: message(100 + i, 77 + i) } as unknown as Update);
    }
    // Each stranger is refused politely, through the stub installed on bot.api.
    expect(calls).toEqual(["sendMessage 77", "sendMessage 78", "sendMessage 79"]);
    expect(bot.api.config.installedTransformers()).toHaveLength(installed);
    await db.destroy();
  });
});
