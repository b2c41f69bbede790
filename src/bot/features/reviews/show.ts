/**
 * Putting a card on screen: edited in place on the live card message, or sent as a new message
 * that becomes the live card (the previous one loses its buttons).
 */
import type { InlineKeyboard } from "grammy";
import { rememberCardMessage } from "../../../domain/reviews/card-messages.js";
import type { BotContext } from "../../context.js";
import type { MemberContext } from "../../guards.js";
import { answerPress, type PressAnswerKey } from "../../press-answers.js";
import { editInPlace } from "../../shared/edit-in-place.js";
import { loadCard, loadSummary, whereOf } from "./card-data.js";
import { renderCard, renderSummary } from "./card-render.js";

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

/** A short note on the answered press (what was recorded). */
export interface Toast {
  key: PressAnswerKey;
  params?: Record<string, string | number>;
}

/** Answers the press (once everything that could refuse it has been read), with an optional toast. */
async function answerThePress(ctx: BotContext, toast?: Toast): Promise<void> {
  if (!ctx.callbackQuery) return;
  if (toast) await answerPress(ctx, toast.key, toast.params ? { params: toast.params } : {});
  else await ctx.answerCallbackQuery();
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
  toast?: Toast,
): Promise<void> {
  const { text, keyboard } = renderCard(ctx.t, await loadCard(whereOf(ctx), roundId, at));
  await answerThePress(ctx, toast);
  if (how === "edit") await editInPlace(ctx, text, keyboard);
  else await sendAsLiveCard(ctx, roundId, text, keyboard);
}

/** Shows the summary of the state's positions. */
export async function showSummary(
  ctx: MemberContext,
  roundId: number,
  how: "edit" | "new",
  toast?: Toast,
): Promise<void> {
  const { text, keyboard } = renderSummary(ctx.t, await loadSummary(whereOf(ctx), roundId));
  await answerThePress(ctx, toast);
  if (how === "edit") await editInPlace(ctx, text, keyboard);
  else await sendAsLiveCard(ctx, roundId, text, keyboard);
}
