/**
 * The one error boundary: a domain refusal is answered with its message; anything else is
 * logged with the update and answered with an apology, so nobody is left without a reply.
 */
import type { MiddlewareFn } from "grammy";
import { isDomainError } from "../../domain/errors.js";
import { describeError } from "../../logger.js";
import type { BotContext } from "../context.js";
import type { PressEtiquette } from "./press-etiquette.js";

export function errorBoundary(presses: PressEtiquette): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (isDomainError(error)) {
        await answerSafely(ctx, presses, ctx.t(`errors:${error.key}`, error.params));
        return;
      }
      ctx.logger.error({ err: describeError(error), update: summariseUpdate(ctx) }, "update failed");
      await answerSafely(ctx, presses, ctx.t("errors:unexpected"));
    }
  };
}

/** As an alert on the press, unless the press was answered already; else as a message. */
async function answerSafely(ctx: BotContext, presses: PressEtiquette, text: string): Promise<void> {
  try {
    if (ctx.callbackQuery && !presses.answered(ctx.callbackQuery.id)) {
      await ctx.answerCallbackQuery({ text, show_alert: true });
    } else if (ctx.chat?.type === "private") {
      await ctx.reply(text, { parse_mode: "HTML" });
    }
  } catch (error) {
    ctx.logger.warn({ err: describeError(error) }, "could not send the error answer");
  }
}

/** What the logs keep of an update: its kind and ids, not its text. */
export function summariseUpdate(ctx: BotContext): Record<string, unknown> {
  const kind = Object.keys(ctx.update).find((k) => k !== "update_id");
  return { kind, chat: ctx.chat?.id, from: ctx.from?.id, callback: ctx.callbackQuery?.data };
}
