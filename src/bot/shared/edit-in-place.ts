/**
 * Editing the message a pressed button is on. Telegram refuses an edit that changes nothing
 * ("message is not modified"); the person simply sees the same message, so that is not an error.
 */
import { GrammyError, type InlineKeyboard } from "grammy";
import type { BotContext } from "../context.js";

/** True for Telegram's "message is not modified" answer to an edit. */
export function isNotModified(error: unknown): boolean {
  return error instanceof GrammyError && /message is not modified/i.test(error.description);
}

/** Edits the message the pressed button is on; an identical edit is quietly accepted. */
export async function editInPlace(ctx: BotContext, text: string, keyboard: InlineKeyboard): Promise<void> {
  try {
    await ctx.editMessageText(text, { parse_mode: "HTML", reply_markup: keyboard });
  } catch (error) {
    if (!isNotModified(error)) throw error;
  }
}
