/**
 * `flowsOnDemand` with `registerFlow` behaves as the plugin's `conversations` with
 * `createConversation`: the same flows, set up both ways on two bots (each with the bot's SQLite
 * storage) and fed the same updates, give the same answers, the same errors and the same stored
 * state: entering, resuming, /cancel with and without a flow, `active()`, a flow under a filter
 * the update did not pass, a flow registered after the handler that enters it, chats with and
 * without a flow under way side by side, and a chat with state of an older version stored. Two messages of the plugin differ: the list of known
 * flows in "not registered", and which refusal a second flow entered in one update gets.
 */
import {
  type Conversation,
  type ConversationFlavor,
  conversations,
  createConversation,
} from "@grammyjs/conversations";
import { Bot, type Context, type MiddlewareFn, type Transformer } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { flowsOnDemand, registerFlow } from "../../src/bot/flow-registration.js";
import { CONVERSATION_STATE_VERSION, sqliteConversationStorage } from "../../src/db/conversation-storage.js";
import type { Db } from "../../src/db/database.js";
import { testDatabase } from "../support/test-db.js";

type Outer = ConversationFlavor<Context>;
type Register = (
  builder: (conversation: Conversation<Outer, Context>, ctx: Context) => Promise<void>,
  id: string,
) => MiddlewareFn<Outer>;
type PluginOptions = Parameters<typeof flowsOnDemand<Outer, Context>>[0];

interface Variant {
  plugin: (options: PluginOptions) => MiddlewareFn<Outer>;
  register: Register;
}

const PLUGIN: Variant = {
  plugin: (options) => conversations<Outer, Context>(options),
  register: (builder, id) => createConversation(builder, id),
};
const ON_DEMAND: Variant = {
  plugin: (options) => flowsOnDemand<Outer, Context>(options),
  register: (builder, id) => registerFlow(builder, id),
};

const ME = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;

async function askName(conversation: Conversation<Outer, Context>, ctx: Context) {
  await ctx.reply("name?");
  const answer = await conversation.waitFor("message:text");
  await answer.reply(`hello ${answer.message.text}`);
}

async function secret(conversation: Conversation<Outer, Context>, ctx: Context) {
  await ctx.reply("secret?");
  const answer = await conversation.waitFor("message:text", {
    otherwise: (other) => other.reply("text please"),
  });
  await answer.reply(`kept ${answer.message.text}`);
}

async function once(_conversation: Conversation<Outer, Context>, ctx: Context) {
  await ctx.reply("once done");
}

/** Answers every call with a sent message, and notes it as `<where><method> <chat> <text>`. */
function recorder(trace: string[], where: string): Transformer {
  return async (_prev, method, payload) => {
    const p = payload as { chat_id?: number; text?: string };
    trace.push(`${where}${method} ${p.chat_id} ${p.text ?? ""}`);
    const result = { message_id: 1, date: 0, chat: { id: p.chat_id, type: "private" } };
    return { ok: true, result } as unknown as Awaited<ReturnType<Transformer>>;
  };
}

function build({ plugin, register }: Variant, db: Db, trace: string[]) {
  const bot = new Bot<Outer>("1:x", { botInfo: ME });
  bot.api.config.use(recorder(trace, ""));
  bot.use(
    plugin({
      storage: sqliteConversationStorage<Outer>(db, () => 0),
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(recorder(trace, "flow "));
          await next();
        },
      ],
    }),
  );
  bot.command("cancel", async (ctx) => {
    const active = ctx.conversation.active();
    await ctx.conversation.exitAll();
    trace.push(`cancelled ${ctx.from?.id} ${JSON.stringify(active)} ${ctx.conversation.active("ask")}`);
  });
  bot.use(register(askName, "ask"));
  bot.use(register(once, "once"));
  bot.filter((ctx) => ctx.from?.id === 7).use(register(secret, "secret"));
  bot.command("ask", (ctx) => ctx.conversation.enter("ask"));
  bot.command("secret", (ctx) => ctx.conversation.enter("secret"));
  bot.command("twice", async (ctx) => {
    await ctx.conversation.enter("once");
    await ctx.conversation.enter("once");
  });
  bot.command("both", async (ctx) => {
    await ctx.conversation.enter("ask");
    await ctx.conversation.enter("secret");
  });
  bot.command("early", (ctx) => ctx.conversation.enter("late"));
  bot.use(register(once, "late"));
  bot.on("message", (ctx) => {
    trace.push(`fell through ${ctx.from?.id} ${ctx.message.text ?? "?"}`);
  });
  return bot;
}

function message(from: number, text: string, id: number): Update {
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: { id: from, type: "private", first_name: "A" },
      from: { id: from, is_bot: false, first_name: "A" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command" as const, offset: 0, length: text.length }] }
        : {}),
    },
  } as Update;
}

const SCRIPT: [number, string][] = [
  [7, "hi"],
  [7, "/cancel"],
  [9, "hi"],
  [9, "/cancel"],
  [9, "/ask"],
  [9, "Dana"],
  [7, "/ask"],
  [8, "/ask"],
  [7, "Ann"],
  [8, "/help"],
  [8, "Bob"],
  [7, "after"],
  [8, "/secret"],
  [7, "/secret"],
  [7, "/ask"],
  [7, "not yet"],
  [7, "/cancel"],
  [7, "/secret"],
  [7, "/cancel"],
  [7, "/both"],
  [7, "/cancel"],
  [7, "/twice"],
  [7, "/early"],
  [8, "plain"],
];

/** The trace of the script, with the stored flow state after each update. */
async function play(variant: Variant): Promise<{ trace: string[]; errors: string[] }> {
  const { db } = await testDatabase();
  // Chat 9 has state of an older version stored: the plugin reads it as no state at all.
  const stale = {
    version: [0, CONVERSATION_STATE_VERSION - 1],
    state: { ask: [{ replay: {}, interrupts: [] }] },
  };
  await db
    .insertInto("conversation_states")
    .values({ key: "conv:9", value: JSON.stringify(stale), updated_at: 0 })
    .execute();
  const trace: string[] = [];
  const errors: string[] = [];
  const bot = build(variant, db, trace);
  let id = 1;
  for (const [from, text] of SCRIPT) {
    trace.push(`> ${from} ${text}`);
    try {
      await bot.handleUpdate(message(from, text, id++));
    } catch (error) {
      const text = (error as { error?: Error }).error?.message ?? String(error);
      errors.push(text);
      // Where the two may word a refusal differently (see the header), the trace keeps its kind.
      const kind = text.includes("not been registered")
        ? text.replace(/ Known conversations are:.*$/, "")
        : /already entered|already completed/.test(text)
          ? "a second flow in one update refused"
          : text;
      trace.push(`error ${kind}`);
    }
    const stored = await db
      .selectFrom("conversation_states")
      .select(["key", "value"])
      .orderBy("key")
      .execute();
    trace.push(`stored ${JSON.stringify(stored)}`);
  }
  await db.destroy();
  return { trace, errors };
}

describe("flows on demand", () => {
  it("answer, fail and store exactly as the plugin does", async () => {
    const { trace: expected, errors } = await play(PLUGIN);
    const { trace: actual } = await play(ON_DEMAND);
    expect(actual).toEqual(expected);
    // The script exercises what it claims to: a flow ran, an unknown flow and a second
    // non-parallel one were refused, and updates outside flows fell through.
    expect(expected).toContain("flow sendMessage 7 hello Ann");
    expect(expected).toContain("flow sendMessage 7 secret?");
    expect(expected.some((line) => line.startsWith("error") && line.includes("'secret'"))).toBe(true);
    expect(errors.some((text) => text.includes("already entered"))).toBe(true);
    expect(expected).toContain('cancelled 7 {"secret":1} 0');
    expect(expected.some((line) => line.startsWith("stored [{") && line.includes("conv:7"))).toBe(true);
    expect(expected).toContain("flow sendMessage 7 once done");
    expect(expected).toContain("fell through 8 plain");
    expect(expected).toContain("fell through 9 hi");
    expect(expected).toContain("flow sendMessage 9 hello Dana");
  });
});
