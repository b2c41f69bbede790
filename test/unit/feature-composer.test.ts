/**
 * The feature composer runs exactly what grammY's Composer runs, in the same order: the same
 * registrations on both, fed the same updates, leave the same trace (and the same errors).
 */
import { Bot, Composer, type Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { describe, expect, it } from "vitest";
import { FeatureComposer } from "../../src/bot/feature-composer.js";

const ME = { id: 1, is_bot: true, first_name: "Bot", username: "bot" } as UserFromGetMe;

function build(make: () => Composer<Context>, trace: string[]) {
  const feature = make();
  feature.use(async (_ctx, next) => {
    trace.push("first");
    await next();
    trace.push("first after");
  });
  feature.command("help", (ctx) => {
    trace.push(`help ${ctx.match}`);
  });
  feature.command("pass", async (_ctx, next) => {
    trace.push("pass");
    await next();
  });
  const members = feature.filter((ctx) => ctx.from?.id === 7);
  members.command("pass", () => {
    trace.push("member pass");
  });
  members.on("message:text", async (ctx, next) => {
    trace.push(`member text ${ctx.message.text}`);
    if (ctx.message.text === "boom") throw new Error("boom");
    await next();
  });
  // A guard that answers later (a promise), both ways.
  const slow = feature.filter(async (ctx) => ctx.message?.text?.startsWith("slow") ?? false);
  slow.use(async (ctx, next) => {
    trace.push(`slow ${ctx.message?.text}`);
    if (ctx.message?.text === "slow on") await next();
  });
  feature.callbackQuery(/^a:(\d+)$/, (ctx) => {
    trace.push(`button ${ctx.match[1]}`);
  });
  feature.branch(
    async (ctx) => !!ctx.message?.text?.startsWith("x"),
    (_ctx) => {
      trace.push("branch yes");
    },
    async (_ctx, next) => {
      trace.push("branch no");
      await next();
    },
  );
  feature.on("message", () => {
    trace.push("last");
  });
  return feature;
}

function message(from: number, text: string, id: number): Update {
  const command = text.startsWith("/");
  return {
    update_id: id,
    message: {
      message_id: id,
      date: 1,
      chat: { id: from, type: "private", first_name: "P" },
      from: { id: from, is_bot: false, first_name: "P" },
      text,
      ...(command
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 1 }] }
        : {}),
    },
  } as Update;
}

async function run(make: () => Composer<Context>): Promise<string[]> {
  const trace: string[] = [];
  const bot = new Bot<Context>("1:x", { botInfo: ME });
  bot.api.config.use(async () => ({ ok: true, result: true }) as never);
  bot.use(build(make, trace));
  bot.use(() => {
    trace.push("after feature");
  });
  const updates: Update[] = [
    message(5, "/help me", 1),
    message(5, "/pass", 2),
    message(7, "/pass", 3),
    message(7, "hello", 4),
    message(5, "xyz", 5),
    message(5, "plain", 6),
    {
      update_id: 7,
      callback_query: {
        id: "q",
        from: { id: 5, is_bot: false, first_name: "P" },
        chat_instance: "c",
        data: "a:12",
      },
    } as Update,
    {
      update_id: 8,
      callback_query: {
        id: "r",
        from: { id: 5, is_bot: false, first_name: "P" },
        chat_instance: "c",
        data: "b",
      },
    } as Update,
    message(7, "boom", 9),
    message(5, "slow", 10),
    message(5, "slow on", 11),
  ];
  for (const update of updates) {
    trace.push(`-- ${update.update_id}`);
    try {
      await bot.handleUpdate(update);
    } catch (error) {
      trace.push(`error ${String((error as { error?: unknown }).error ?? error)}`);
    }
  }
  return trace;
}

describe("feature composer", () => {
  it("leaves the same trace as grammY's Composer for commands, filters, buttons, branches and errors", async () => {
    const expected = await run(() => new Composer<Context>());
    const actual = await run(() => new FeatureComposer<Context>());
    expect(expected.length).toBeGreaterThan(25);
    expect(expected).toContain("member pass");
    expect(expected).toContain("error Error: boom");
    expect(expected).toContain("slow slow on");
    expect(actual).toEqual(expected);
  });
});
