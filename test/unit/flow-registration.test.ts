/**
 * `registerFlow` behaves as the plugin's `createConversation` does: the same flows, registered
 * both ways on two bots and fed the same updates, give the same answers and the same errors
 * (entering, resuming, a flow under a filter the update did not pass, a flow registered after the
 * handler that enters it, a second non-parallel flow while one runs, /cancel-style exits, a flow
 * entered a second time within one update). Only the list of known flows in the
 * plugin's "not registered" message differs, and the test leaves it out.
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
import { registerFlow } from "../../src/bot/flow-registration.js";

type Outer = ConversationFlavor<Context>;
type Register = (
  builder: (conversation: Conversation<Outer, Context>, ctx: Context) => Promise<void>,
  id: string,
) => MiddlewareFn<Outer>;

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

function build(register: Register, trace: string[]) {
  const bot = new Bot<Outer>("1:x", { botInfo: ME });
  bot.api.config.use(recorder(trace, ""));
  bot.use(
    conversations({
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(recorder(trace, "flow "));
          await next();
        },
      ],
    }),
  );
  bot.command("cancel", async (ctx) => {
    await ctx.conversation.exitAll();
    trace.push(`cancelled ${ctx.from?.id}`);
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

async function play(register: Register): Promise<string[]> {
  const trace: string[] = [];
  const bot = build(register, trace);
  let id = 1;
  for (const [from, text] of SCRIPT) {
    trace.push(`> ${from} ${text}`);
    try {
      await bot.handleUpdate(message(from, text, id++));
    } catch (error) {
      // The plugin's message lists the flows registered so far; that list is not behaviour.
      const text = (error as { error?: Error }).error?.message ?? String(error);
      trace.push(`error ${text.replace(/ Known conversations are:.*$/, "")}`);
    }
  }
  return trace;
}

describe("registerFlow", () => {
  it("answers and fails exactly as createConversation does", async () => {
    const expected = await play((builder, id) => createConversation(builder, id));
    const actual = await play((builder, id) => registerFlow(builder, id));
    expect(actual).toEqual(expected);
    // The script exercises what it claims to: a flow ran, an unknown flow and a second
    // non-parallel one were refused, and updates outside flows fell through.
    expect(expected).toContain("flow sendMessage 7 hello Ann");
    expect(expected).toContain("flow sendMessage 7 secret?");
    expect(expected.some((line) => line.startsWith("error") && line.includes("'secret'"))).toBe(true);
    expect(expected.some((line) => line.startsWith("error") && line.includes("already entered"))).toBe(true);
    expect(expected).toContain("flow sendMessage 7 once done");
    expect(expected).toContain("fell through 8 plain");
  });
});
