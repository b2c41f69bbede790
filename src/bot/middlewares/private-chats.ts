/**
 * The bot works in private chats; a group is told so once, when addressed, and otherwise ignored.
 */
import type { MiddlewareFn } from "grammy";
import { claimSetting } from "../../domain/settings.js";
import type { BotContext } from "../context.js";
import { answerPress } from "../press-answers.js";

export function privateChatsOnly(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat || chat.type === "private") return next();
    if (ctx.callbackQuery) {
      await answerPress(ctx, "common:private_only", { alert: true });
      return;
    }
    if (chat.type === "channel") return;
    const addressed = ctx.message?.entities?.some((e) => e.type === "bot_command" || e.type === "mention");
    const joined = !!ctx.message?.new_chat_members?.some((m) => m.id === ctx.me.id);
    if (!addressed && !joined) return;
    const first = await claimSetting(ctx.deps.db, `group_told:${chat.id}`, String(ctx.deps.clock.now()));
    if (first) await ctx.reply(ctx.t("common:private_only"));
  };
}
