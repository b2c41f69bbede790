/**
 * Last in line: whatever no feature took. Unknown commands, stray text, files, and buttons
 * nobody handles (old or forged) each get a clear answer; nothing changes.
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { answerPress } from "../press-answers.js";

export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("callback_query", async (ctx) => {
    ctx.logger.info({ data: ctx.callbackQuery.data }, "unhandled button");
    await answerPress(ctx, "common:button_stale", { alert: true });
  });
  feature.on("message:text", async (ctx) => {
    if (ctx.message.text.startsWith("/")) {
      await ctx.reply(ctx.t("common:unknown_command"));
    } else {
      await ctx.reply(ctx.t("common:not_understood"));
    }
  });
  feature.on("message", async (ctx) => {
    await ctx.reply(ctx.t("common:not_understood"));
  });
  return feature;
}
