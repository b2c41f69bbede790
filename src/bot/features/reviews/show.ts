/**
 * Putting a card on screen: edited in place on the live card message, or sent as a new message
 * that becomes the live card (the previous one loses its buttons). Edits that change nothing are
 * not errors: Telegram refuses them, and the person simply sees the same card.
 */
import { GrammyError, type InlineKeyboard } from "grammy";
import { rememberCardMessage } from "../../../domain/reviews/card-messages.js";
import type { BotContext } from "../../context.js";
import type { MemberContext } from "../../guards.js";
import { loadCard, loadSummary, renderCard, renderSummary, whereOf } from "./card.js";

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

/** Sends a message that becomes the person's live card; the previous card loses its buttons. */
export async function sendAsLiveCard(
  ctx: MemberContext,
  roundId: number,
  text: string,
  keyboard: InlineKeyboard,
): Promise<void> {
  const sent = await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard });
  const { previous } = await rememberCardMessage(
    ctx.deps.db,
    ctx.person.id,
    roundId,
    sent.message_id,
    ctx.deps.clock.now(),
  );
  if (previous !== null && ctx.chat) {
    await ctx.api.editMessageReplyMarkup(ctx.chat.id, previous).catch(() => undefined);
  }
}

/** Answers the press (once everything that could refuse it has been read), with an optional toast. */
async function answerPress(ctx: BotContext, toast?: string): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery(toast ? { text: toast } : undefined);
}

/**
 * Shows a card (by ordinal, or where the state resumes) on the pressed message or as a new live
 * card; a press is answered only after the card was loaded, so a refusal reaches the person.
 */
export async function showCard(
  ctx: MemberContext,
  roundId: number,
  at: number | "landing",
  how: "edit" | "new",
  toast?: string,
): Promise<void> {
  const { text, keyboard } = renderCard(ctx.t, await loadCard(whereOf(ctx), roundId, at));
  await answerPress(ctx, toast);
  if (how === "edit") await editInPlace(ctx, text, keyboard);
  else await sendAsLiveCard(ctx, roundId, text, keyboard);
}

/** Shows the summary of the state's positions. */
export async function showSummary(
  ctx: MemberContext,
  roundId: number,
  how: "edit" | "new",
  toast?: string,
): Promise<void> {
  const { text, keyboard } = renderSummary(ctx.t, await loadSummary(whereOf(ctx), roundId));
  await answerPress(ctx, toast);
  if (how === "edit") await editInPlace(ctx, text, keyboard);
  else await sendAsLiveCard(ctx, roundId, text, keyboard);
}
