/**
 * A button whose message the bot has since replaced, closed or answered changes nothing. Telegram
 * sends with each press the message as it stands now; when that message no longer carries the
 * pressed button (its keyboard was edited or removed after the person's screen last showed it),
 * the press is answered "this button is no longer active" and goes no further. A press on a
 * message Telegram no longer shows the bot (too old) is left to the handlers' own checks.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.js";
import { answerPress } from "../press-answers.js";

/** Whether the press's button is still on its message, as far as Telegram's copy tells. */
export function pressIsCurrent(ctx: BotContext): boolean {
  const query = ctx.callbackQuery;
  const message = query?.message;
  if (!query || query.data === undefined || !message || message.date === 0) return true;
  const markup = "reply_markup" in message ? message.reply_markup : undefined;
  return (markup?.inline_keyboard ?? []).some((row) =>
    row.some((button) => "callback_data" in button && button.callback_data === query.data),
  );
}

export function refuseSupersededPresses(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    if (pressIsCurrent(ctx)) return next();
    ctx.logger.info(
      { data: ctx.callbackQuery?.data, message: ctx.callbackQuery?.message?.message_id },
      "press on a superseded button",
    );
    await answerPress(ctx, "common:button_stale", { alert: true });
  };
}
